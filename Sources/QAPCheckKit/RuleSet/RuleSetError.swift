/// A rule set that cannot be used: a YAML syntax error, an unknown key, a CEL parse or check
/// error, a duplicate rule id, a missing citation. Names the file and, where the fault is at a
/// place in it, the line and column, so the person editing the rules goes straight there. A fault
/// of the file as a whole (missing, unreadable, empty) has no place, and none is made up.
public struct RuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A fault of the whole file or folder, with no line to point at.
    public init(file: String, message: String) {
        self.file = file
        self.line = nil
        self.column = nil
        self.message = message
    }

    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line):\(column.map { "\($0):" } ?? "") \(message)"
    }
}
