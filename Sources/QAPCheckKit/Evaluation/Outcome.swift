/// What was decided for one rule on one document (cli.md, "Outcomes"). Every rule of the set has
/// one, so an appraiser sees for each clause what was decided and why.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    /// The rule holds.
    case pass
    /// The rule is broken: a deviation.
    case fail
    /// The rule does not concern this document: its kind, date, phase or `when` rule it out.
    case notApplicable = "not-applicable"
    /// The rule could not be decided: a value it needs is missing or of the wrong type, or its
    /// evaluation ran out of budget. Nothing unproven passes: an indeterminate error-severity
    /// rule fails the document.
    case indeterminate
    /// An exemption covers every deviation the rule found.
    case exempt

    /// The outcome as a sentence says it ("not applicable").
    public var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }
}

/// One rule's outcome on one document.
public struct RuleOutcome: Sendable, Equatable, Codable {
    public let rule: RuleID
    public let outcome: Outcome
    /// The version of the rule in force for the document (`always` for a rule with one version).
    public let version: EffectivePeriod

    public init(rule: RuleID, outcome: Outcome, version: EffectivePeriod = .always) {
        self.rule = rule
        self.outcome = outcome
        self.version = version
    }
}
