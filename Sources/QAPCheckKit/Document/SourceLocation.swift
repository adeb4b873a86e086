/// A 1-based line and column in a file as it was written.
///
/// Columns count Unicode scalars, not bytes, so that the position matches what an editor
/// shows for a line with accented names in it. Ordering is by line, then column, so that
/// findings sort the same way every run.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}
