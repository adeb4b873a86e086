/// Where a dossier of one kind keeps its own date, the one that chooses the rules in force for
/// it (`ruleDates:` in a rule set): an application's submission, a profile's listing lapse, an
/// audit's appraisal. A dossier filed under last year's rules is judged by last year's rules.
public struct RuleDateSource: Sendable {
    public let kind: String
    /// What reports call the date ("submitted").
    public let name: String
    /// Gives the date (or a `YYYY-MM-DD` string); anything else means the dossier has none.
    public let program: CELProgram
}
