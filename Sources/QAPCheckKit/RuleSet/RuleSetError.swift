/// A rule set that cannot be used: a YAML syntax error, an unknown key, a CEL parse or check
/// error, a duplicate rule id, a missing citation. Always names the file, line and column, so the
/// person editing the rules goes straight to the place; nothing is evaluated while one stands.
public struct RuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
