/// The date whose rules judged a dossier, and where it came from: the dossier's own date as the
/// rule set names it ("submitted"), or the run's as-of date when the dossier has none, or gives
/// one later than as-of (rules not yet in force judge nothing).
public struct RulesInForce: Sendable, Equatable, Codable {
    public let date: CivilDate
    /// The rule set's name for the dossier's date, or `as-of`.
    public let source: String
    /// Why the as-of date stood in for the dossier's own date, when it did.
    public let note: String?

    public static let asOfSource = "as-of"

    public init(date: CivilDate, source: String, note: String? = nil) {
        self.date = date
        self.source = source
        self.note = note
    }

    /// The rules of `ruleSet` in force for `dossier`, read through `base` (the variables a rule
    /// sees, so a value the schema check flagged is no date).
    static func find(for kind: String?, in ruleSet: RuleSet, base: [CELValue], asOf: CivilDate) -> RulesInForce {
        guard let kind, let source = ruleSet.ruleDates.first(where: { $0.kind == kind }) else {
            return RulesInForce(date: asOf, source: asOfSource)
        }
        let own: CivilDate?
        switch source.program.evaluate(base) {
        case .date(let d): own = d
        case .string(let s): own = CivilDate(parsing: s)
        default: own = nil
        }
        guard let own else { return RulesInForce(date: asOf, source: asOfSource, note: "the dossier gives no valid \(source.name) date") }
        guard own <= asOf else {
            return RulesInForce(date: asOf, source: asOfSource, note: "the dossier's \(source.name) date, \(own), is after the as-of date")
        }
        return RulesInForce(date: own, source: source.name)
    }

    /// "2019-06-30 (listing lapse)", "2026-11-22 (as-of; the dossier gives no valid submitted date)".
    public var words: String { "\(date) (\(source)\(note.map { "; \($0)" } ?? ""))" }
}
