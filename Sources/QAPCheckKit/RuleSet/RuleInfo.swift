/// What a report says about a rule: its metadata, never its compiled checks, so that a run's
/// description is a small value that can be written, read back and compared.
public struct RuleInfo: Sendable, Equatable, Codable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let kinds: [String]
    public let phase: String
    public let citation: Citation

    public init(id: String, title: String, severity: Severity, kinds: [String], phase: String, citation: Citation) {
        self.id = id
        self.title = title
        self.severity = severity
        self.kinds = kinds
        self.phase = phase
        self.citation = citation
    }
}

extension Rule {
    /// The rule as reports describe it.
    public var info: RuleInfo {
        RuleInfo(id: id, title: title, severity: severity, kinds: kinds, phase: phase, citation: citation)
    }
}
