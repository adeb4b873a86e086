/// A rule as the validator runs it, with what the validator derives from it once per rule set.
///
/// A class, not the rule itself: a rule is a struct of some twenty counted fields (texts,
/// templates, programs), and handing one down the evaluation copied it, a retain and a release
/// for every field, several times per rule and document. A reference costs one.
final class RunnableRule: Sendable {
    let rule: Rule
    /// The rule's expression check; nil for a built-in check (`check: schema`).
    let check: Rule.ExpressionCheck?
    /// The place of the rule's id among the outcomes (`Validator.ids`).
    let outcomeSlot: Int
    /// For each let, its place among the lets computed once per document (see `SharedLets`).
    let letPlaces: [Int?]
    /// The slot of its first let: after the fixed variables, and the item's when it has `forEach`.
    let firstLet: Int
    /// The slots its evaluation needs: up to its last let.
    let slotCount: Int
    /// What the validator asks of every rule for every document, kept beside the rule so that
    /// asking reads a field, not a copy of the whole rule.
    let kinds: KindSelector
    let effective: EffectivePeriod
    let phase: PhaseName
    /// The phase's place among the phases the validator's rules name.
    let phasePlace: Int

    init(_ rule: Rule, outcomeSlot: Int, letPlaces: [Int?], phasePlace: Int) {
        self.rule = rule
        if case .expression(let check) = rule.check {
            self.check = check
            firstLet = RuleVariable.firstLet(perItem: check.forEach != nil)
            slotCount = firstLet + check.lets.count
        } else {
            self.check = nil
            firstLet = RuleVariable.firstLet(perItem: false)
            slotCount = firstLet
        }
        self.outcomeSlot = outcomeSlot
        self.letPlaces = letPlaces
        kinds = rule.kinds
        effective = rule.effective
        phase = rule.phase
        self.phasePlace = phasePlace
    }

    /// Whether it runs on a dossier of `kind` whose rules in force are those of `date`.
    func applies(to kind: String?, on date: CivilDate) -> Bool {
        Rule.applies(kinds, effective, to: kind, on: date)
    }
}
