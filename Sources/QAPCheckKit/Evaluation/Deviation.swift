/// One way a document breaks one rule, located in the file.
///
/// Messages name items by id or pointer and never copy personal fields (names, e-mail addresses,
/// statement text) from the document: reports travel to people who must not see them.
public struct Deviation: Sendable, Equatable, Codable {
    public let rule: RuleID
    public let severity: Severity
    public let message: String
    public let citation: Citation
    public let location: FindingLocation
    public let expected: String?
    public let actual: String?

    public init(rule: RuleID, severity: Severity, message: String, citation: Citation, location: FindingLocation, expected: String?, actual: String?) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.citation = citation
        self.location = location
        self.expected = expected
        self.actual = actual
    }

    private enum CodingKeys: String, CodingKey {
        case rule, severity, message, citation, location, expected, actual
    }

    /// `expected` and `actual` are written as `null` when absent, as cli.md shows every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(citation, forKey: .citation)
        try c.encode(location, forKey: .location)
        try c.encode(expected, forKey: .expected)
        try c.encode(actual, forKey: .actual)
    }
}

/// Where a finding is: the JSON Pointer into the tree (the same for the JSON and XML form) and the
/// line and column in the file as written.
public struct FindingLocation: Sendable, Equatable, Comparable, Codable {
    public let pointer: JSONPointer
    public let line: Int
    public let column: Int

    public init(pointer: JSONPointer, line: Int, column: Int) {
        self.pointer = pointer
        self.line = line
        self.column = column
    }

    init(_ node: Node) {
        self.init(pointer: node.pointer, line: node.location.line, column: node.location.column)
    }

    /// By line and column; the pointer's text decides only between findings at one place.
    public static func < (a: FindingLocation, b: FindingLocation) -> Bool {
        if (a.line, a.column) != (b.line, b.column) { return (a.line, a.column) < (b.line, b.column) }
        return a.pointer.description < b.pointer.description
    }
}

/// A document's verdict: `error` when it could not be read, else `fail` when an error-severity
/// deviation stands (or any deviation, with `--fail-on-warn`), else `pass`.
public enum Verdict: String, Sendable, Codable {
    case pass, fail, error
}
