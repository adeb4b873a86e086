/// The `let`s that several rules write alike, computed once per document instead of once per rule.
///
/// Rules are written one by one, so they repeat themselves: the shipped set works out the ids of
/// an application's mediation cases in two rules, by one expression, over thirty cases each time.
/// A let that reads only the document's own variables (doc, params, asOf, phase: no item, no
/// index, no other let) has one value per document, whichever rule asks; two such lets with the
/// same text, in rule versions with the same period (so the same parameters were folded into
/// them), share one place here.
struct SharedLets: Sendable {
    /// For each rule version (in rule set order), for each of its lets, its shared place; nil
    /// for a let it computes alone.
    let places: [[Int?]]
    /// How many shared places there are.
    let count: Int

    private struct Key: Hashable {
        let source: String
        let effective: EffectivePeriod
    }

    init(rules: [Rule]) {
        let documentSlots = Set(RuleVariable.document.map(\.slot))
        func key(_ rule: Rule, _ program: CELProgram) -> Key? {
            guard case .expression(let check) = rule.check else { return nil }
            let others = Set(0..<check.variables.count).subtracting(documentSlots)
            return program.reads(slots: others) ? nil : Key(source: program.source, effective: rule.effective)
        }
        var uses: [Key: Int] = [:]
        for rule in rules {
            guard case .expression(let check) = rule.check else { continue }
            for l in check.lets { if let k = key(rule, l.program) { uses[k, default: 0] += 1 } }
        }
        var placeOf: [Key: Int] = [:]
        places = rules.map { rule in
            guard case .expression(let check) = rule.check else { return [] }
            return check.lets.map { l in
                guard let k = key(rule, l.program), uses[k]! > 1 else { return nil }
                if let known = placeOf[k] { return known }
                placeOf[k] = placeOf.count
                return placeOf[k]
            }
        }
        count = placeOf.count
    }
}

/// The shared lets' values for one document, filled as rules first compute them.
final class SharedLetValues {
    private var values: [CELValue?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// The let's value: the one already computed for this document, or computed now. An error is
    /// not kept: a let can fail in one rule because that rule's budget ran out before it, and
    /// must still be computed afresh in the next.
    @inline(__always)
    func value(at place: Int?, of program: CELProgram, _ globals: [CELValue], budget: inout EvaluationBudget) -> CELValue {
        guard let place else { return program.evaluate(globals, budget: &budget) }
        if let known = values[place] { return known }
        let value = program.evaluate(globals, budget: &budget)
        if !value.isError { values[place] = value }
        return value
    }
}
