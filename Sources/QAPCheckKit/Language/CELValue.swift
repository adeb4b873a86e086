/// A CEL runtime value.
///
/// Errors are values too, as the language definition has them: `&&`, `||` and the macros absorb
/// an error when another operand decides the result, so an error must be able to travel like a
/// value until something either absorbs or returns it. Lists and maps read from a dossier wrap the
/// document's own nodes (see `CELList` and `CELMap`), so evaluating a rule never copies a document.
public enum CELValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list(CELList)
    case map(CELMap)
    case type(CELType)
    case date(CivilDate)
    case timestamp(CELTimestamp)
    case duration(CELDuration)
    case optional(CELOptional)
    case error(CELError)

    /// The value a document node stands for.
    public init(node: Node) { self.init(node.value) }

    /// The value of a document node's data.
    @inline(__always)
    public init(_ value: Node.Value) {
        switch value {
        case .object(let o): self = .map(CELMap(object: o))
        case .array(let a): self = .list(CELList(nodes: a))
        case .string(let s): self = .string(s)
        case .number(.int(let i)): self = .int(i)
        case .number(.double(let d)): self = .double(d)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        }
    }

    public var type: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list
        case .map: return .map
        case .type: return .type
        case .date: return .date
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .optional: return .optional
        case .error: return .error
        }
    }

    public var isError: Bool {
        if case .error = self { return true }
        return false
    }

    static func fail(_ kind: CELErrorKind, _ message: String) -> CELValue { .error(CELError(kind, message)) }

    /// The error for a function that has no overload for these arguments.
    static func noOverload(_ function: String, _ args: [CELValue]) -> CELValue {
        .error(CELError(.noSuchOverload, "no such overload: \(function)(\(args.map { $0.type.name }.joined(separator: ", ")))"))
    }
}

/// An evaluation error: division by zero, overflow, no such key, no such overload. Its kind is
/// what a program decides on (a rule is indeterminate because a value is missing, or of the wrong
/// type); its message is the language's own words, for rule authors.
public struct CELError: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: CELErrorKind
    public let message: String
    public init(_ kind: CELErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}

/// What went wrong in an evaluation, as a closed set.
public enum CELErrorKind: String, Sendable, CaseIterable {
    /// A function or operator applied to types it has no overload for (`sum(string)`).
    case noSuchOverload
    /// A map key or object member that is not there.
    case noSuchKey
    /// Field selection on a value that has no fields.
    case noSuchField
    /// An index or offset outside its list or string.
    case indexOutOfRange
    /// An argument of an accepted type whose value the function refuses.
    case invalidArgument
    case divideByZero
    /// Integer overflow, or a conversion whose value does not fit the type.
    case overflow
    /// Text that does not convert to the type asked (`int('ten')`, a date that is no date).
    case conversion
    /// A name, function or type the program does not declare (found at run time when unchecked).
    case undeclared
    /// The value of an optional that has none.
    case noValue
    /// The evaluation did more work than its budget allows.
    case budgetExceeded
    /// A document value the schema check found not valid (see `FlaggedValues`); the message is
    /// its JSON Pointer.
    case flaggedValue
}

/// An optional value (`m[?k]`, `optional.of(x)`), with or without a value.
public struct CELOptional: Sendable {
    private let box: [CELValue]
    public init(_ value: CELValue?) { box = value.map { [$0] } ?? [] }
    public var value: CELValue? { box.first }
    public static let none = CELOptional(nil)
}

/// A CEL type as a runtime value (`type(1) == int`).
public enum CELType: Hashable, Sendable {
    case null, bool, int, uint, double, string, bytes, list, map, type, date, timestamp, duration, optional, error, dyn
    case message(String)

    public var name: String {
        switch self {
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        case .date: return "date"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .optional: return "optional_type"
        case .error: return "error"
        case .dyn: return "dyn"
        case .message(let n): return n
        }
    }

    /// The types an identifier can denote in an expression (`int`, `string`, `null_type`, ...).
    /// Not `dyn`: it names no runtime type, only the conversion `dyn(x)`, so as a value it is an
    /// undeclared name, as the CEL specification has it.
    public static let denotable: [String: CELType] = {
        var t: [String: CELType] = [:]
        for type in [CELType.null, .bool, .int, .uint, .double, .string, .bytes, .list, .map, .type] {
            t[type.name] = type
        }
        t["optional_type"] = .optional
        t[CELType.timestamp.name] = .timestamp
        t[CELType.duration.name] = .duration
        return t
    }()
}

extension CELValue {
    /// CEL's `==` on two values (numbers compare across int, uint and double).
    public static func equal(_ a: CELValue, _ b: CELValue) -> Bool { CELOperators.equals(a, b) }
}
