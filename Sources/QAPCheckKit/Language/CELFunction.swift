/// A function the evaluator can call: a name, a call style, the argument counts it accepts, and
/// its implementation. Overloads by type are resolved inside the implementation, at run time, as
/// CEL's dynamic dispatch does; the checker uses only the name, style and arity.
public struct CELFunction: Sendable {
    public enum Style: Sendable, Hashable { case global, receiver }

    public let name: String
    public let style: Style
    /// Accepted argument counts, not counting the receiver.
    public let arity: ClosedRange<Int>
    /// Called with the receiver first (for receiver style) and every argument already evaluated
    /// and free of errors.
    public let implementation: @Sendable ([CELValue]) -> CELValue
    /// For a function of one value (the receiver alone, or one argument): the implementation,
    /// called with the value itself. A call then makes no argument list, an allocation and a
    /// release for every `size(x)`, `s.trim()` or `sum(xs)` a rule evaluates.
    public let unary: (@Sendable (CELValue) -> CELValue)?

    public init(_ name: String, _ style: Style, arity: ClosedRange<Int>, _ implementation: @escaping @Sendable ([CELValue]) -> CELValue) {
        self.name = name
        self.style = style
        self.arity = arity
        self.implementation = implementation
        self.unary = nil
    }

    /// A function of exactly one value: `arity` 0...0 for the receiver style, 1...1 for the
    /// global one.
    public init(_ name: String, _ style: Style, unary: @escaping @Sendable (CELValue) -> CELValue) {
        self.name = name
        self.style = style
        self.arity = style == .receiver ? 0...0 : 1...1
        self.implementation = { unary($0[0]) }
        self.unary = unary
    }
}

/// The functions available to expressions, by name and style.
public struct CELLibrary: Sendable {
    struct Key: Hashable { let name: String; let style: CELFunction.Style }
    private(set) var functions: [Key: CELFunction] = [:]

    public init(_ functions: [CELFunction] = []) {
        for f in functions { add(f) }
    }

    public mutating func add(_ f: CELFunction) { functions[Key(name: f.name, style: f.style)] = f }

    func function(_ name: String, _ style: CELFunction.Style) -> CELFunction? {
        functions[Key(name: name, style: style)]
    }

    /// Every function name, for documentation and `explain`.

    /// The standard library, the strings and math extensions, and qapcheck's own extensions.
    public static let standard: CELLibrary = CELLibrary(
        StandardFunctions.all + StringFunctions.all + MathFunctions.all + OptionalFunctions.all
            + DateFunctions.all + TimeFunctions.all + AggregateFunctions.all + PathFunctions.all
    )
}
