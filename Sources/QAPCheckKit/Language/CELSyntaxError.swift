/// A CEL expression that cannot be compiled: a syntax error, or (when checking) an unknown
/// function, wrong arity or unknown variable. Raised once, when a rule set loads, never per
/// document.
public struct CELCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Offset in Unicode scalars from the start of the expression.
    public let offset: Int
    public let message: String
    /// 1-based line and column inside the expression text.
    public let line: Int
    public let column: Int

    init(_ message: String, at offset: Int, in source: [Unicode.Scalar]) {
        self.message = message
        self.offset = offset
        var line = 1
        var column = 1
        for scalar in source.prefix(offset) {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.line = line
        self.column = column
    }

    public var description: String {
        line == 1 ? "column \(column): \(message)" : "line \(line), column \(column): \(message)"
    }
}
