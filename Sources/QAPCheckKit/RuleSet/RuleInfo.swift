/// What a report says about a rule: its metadata, never its compiled checks, so that a run's
/// description is a small value that can be written, read back and compared.
public struct RuleInfo: Sendable, Equatable, Codable {
    public let id: RuleID
    public let title: String
    public let severity: Severity
    public let kinds: KindSelector
    public let phase: PhaseName
    public let citation: Citation
    /// When this version of the rule is in force.
    public var effective: EffectivePeriod = .always

    public init(id: RuleID, title: String, severity: Severity, kinds: KindSelector, phase: PhaseName, citation: Citation, effective: EffectivePeriod = .always) {
        self.id = id
        self.title = title
        self.severity = severity
        self.kinds = kinds
        self.phase = phase
        self.citation = citation
        self.effective = effective
    }
}

extension Rule {
    /// The rule as reports describe it.
    public var info: RuleInfo {
        RuleInfo(id: id, title: title, severity: severity, kinds: kinds, phase: phase, citation: citation, effective: effective)
    }
}
