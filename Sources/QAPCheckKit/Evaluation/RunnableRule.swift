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

    init(_ rule: Rule, outcomeSlot: Int, letPlaces: [Int?], phasePlace: Int, kindPlaces: [String: Int]) {
        self.rule = rule
        if case .only(let names) = rule.kinds, kindPlaces.count <= 64 {
            kindBits = names.reduce(0) { $0 | (1 << UInt64(kindPlaces[$1]!)) }
        } else {
            kindBits = nil
        }
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

    /// The kinds it runs on as bits, by their places in the validator's list of the kinds its
    /// rules name (see `Validator.kinds`); nil for a rule of every kind, or past 64 kinds.
    let kindBits: UInt64?

    /// Whether it runs on a dossier of `kind`, at `kindPlace` in the validator's list of kinds
    /// (nil when no rule names it), whose rules in force are those of `date`: a bit tested, not
    /// the kind's name compared with each name the rule lists, for every rule of every document.
    func applies(to kind: String?, kindPlace: Int?, on date: CivilDate) -> Bool {
        guard let kindBits else { return Rule.applies(kinds, effective, to: kind, on: date) }
        guard let kindPlace, kindBits & (1 << UInt64(kindPlace)) != 0 else { return false }
        return effective.contains(date)
    }
}
