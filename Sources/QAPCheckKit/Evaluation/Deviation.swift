/// One way a document breaks one rule, or one place a rule could not be decided, located in the
/// file.
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
    /// `fail` for a deviation; `indeterminate` when the rule could not be decided here (the
    /// message says why, in plain words).
    public let outcome: Outcome
    /// For an indeterminate finding at a value the schema check flagged: that rule, whose
    /// deviation is the error to fix (this one is not a second error).
    public let causedBy: RuleID?
    /// The exemption that covers it (outcome `exempt`), as reports show it.
    public let exemption: Exemption?
    /// The version of the rule that decided it: when that version is in force.
    public let version: EffectivePeriod

    public init(rule: RuleID, severity: Severity, message: String, citation: Citation, location: FindingLocation, expected: String?, actual: String?,
                outcome: Outcome = .fail, causedBy: RuleID? = nil, exemption: Exemption? = nil, version: EffectivePeriod = .always) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.citation = citation
        self.location = location
        self.expected = expected
        self.actual = actual
        self.outcome = outcome
        self.causedBy = causedBy
        self.exemption = exemption
        self.version = version
    }

    /// This deviation, excused by a live exemption.
    public func exempted(by exemption: Exemption) -> Deviation {
        Deviation(rule: rule, severity: severity, message: message, citation: citation, location: location, expected: expected, actual: actual,
                  outcome: .exempt, causedBy: causedBy, exemption: exemption, version: version)
    }

    public var isIndeterminate: Bool { outcome == .indeterminate }

    private enum CodingKeys: String, CodingKey {
        case rule, severity, message, citation, version, location, expected, actual, outcome, causedBy, exemption
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rule: try c.decode(RuleID.self, forKey: .rule), severity: try c.decode(Severity.self, forKey: .severity),
                  message: try c.decode(String.self, forKey: .message), citation: try c.decode(Citation.self, forKey: .citation),
                  location: try c.decode(FindingLocation.self, forKey: .location), expected: try c.decodeIfPresent(String.self, forKey: .expected),
                  actual: try c.decodeIfPresent(String.self, forKey: .actual), outcome: try c.decodeIfPresent(Outcome.self, forKey: .outcome) ?? .fail,
                  causedBy: try c.decodeIfPresent(RuleID.self, forKey: .causedBy), exemption: try c.decodeIfPresent(Exemption.self, forKey: .exemption),
                  version: try c.decodeIfPresent(EffectivePeriod.self, forKey: .version) ?? .always)
    }

    /// `expected` and `actual` are written as `null` when absent, as cli.md shows every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(citation, forKey: .citation)
        try c.encode(version, forKey: .version)
        try c.encode(location, forKey: .location)
        try c.encode(expected, forKey: .expected)
        try c.encode(actual, forKey: .actual)
        if outcome != .fail { try c.encode(outcome, forKey: .outcome) }
        try c.encodeIfPresent(causedBy, forKey: .causedBy)
        try c.encodeIfPresent(exemption, forKey: .exemption)
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
