/// The inputs of a run besides the documents: the evaluation date every date rule is relative
/// to, the phase, and which deviations fail a document. Passed in, never read from a clock, so
/// that evaluation is a pure function of (rule set, document, context).
public struct EvaluationContext: Sendable, Equatable {
    public enum RunPhase: String, Sendable, CaseIterable, Codable {
        case application, certification
    }

    public var asOf: CivilDate
    public var phase: RunPhase
    public var failOn: FailOn
    /// The evaluation budget of one rule on one document (`--max-cost`).
    public var maxCost: Int
    /// The exemptions in force for the run (`--exemptions`); none by default.
    public var exemptions: ExemptionSet = .empty
    /// Give notice of a rule that holds but falls due within this many days (`--due-within`).
    public var dueWithin = 60

    public init(asOf: CivilDate, phase: RunPhase = .application, failOn: FailOn = .error, maxCost: Int = EvaluationBudget.defaultLimit) {
        self.asOf = asOf
        self.phase = phase
        self.failOn = failOn
        self.maxCost = maxCost
    }
}
