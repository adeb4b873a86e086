/// The `let`s that several rules write alike, computed once per document instead of once per rule.
///
/// Rules are written one by one, so they repeat themselves: the shipped set picks an
/// application's mediation cases in four rules, by one expression, over thirty cases each time.
/// A let that reads only the document's own variables (doc, params, asOf, phase: no item, no
/// index) and other such lets has one value per document, whichever rule asks. Two such lets
/// are one when they have the same text, in rule versions with the same period (so the same
/// parameters were folded into them), and every let they read by name is one with the other's
/// let of that name: `mediationCases.filter(...)` is shared by two rules only when both define
/// `mediationCases` alike.
struct SharedLets: Sendable {
    /// For each rule version (in rule set order), for each of its lets, its shared place; nil
    /// for a let it computes alone.
    let places: [[Int?]]
    /// How many shared places there are.
    let count: Int

    /// What makes two lets one: their text, their period, and what the lets they read are
    /// (each by its number in `SharedLets.init`'s table of keys).
    private struct Key: Hashable {
        let source: String
        let effective: EffectivePeriod
        let reads: [ReadLet]
    }

    private struct ReadLet: Hashable {
        let name: String
        let key: Int
    }

    init(rules: [Rule]) {
        let documentSlots = Set(RuleVariable.document.map(\.slot))
        var keyNumbers: [Key: Int] = [:]
        // Each let's key number, in rule and let order; nil for a let of its rule's own (it
        // reads the item or the index, or a let that does).
        let keys: [[Int?]] = rules.map { rule in
            guard case .expression(let check) = rule.check else { return [] }
            let firstLet = check.variables.count - check.lets.count
            var own: [Int?] = []
            for l in check.lets {
                var reads: [ReadLet]? = []
                for slot in 0..<check.variables.count where !documentSlots.contains(slot) && l.program.reads(slots: [slot]) {
                    let index = slot - firstLet
                    guard index >= 0, index < own.count, let key = own[index] else { reads = nil; break }
                    reads?.append(ReadLet(name: check.variables[slot], key: key))
                }
                guard let reads else { own.append(nil); continue }
                let key = Key(source: l.program.source, effective: rule.effective, reads: reads)
                if let known = keyNumbers[key] {
                    own.append(known)
                } else {
                    keyNumbers[key] = keyNumbers.count
                    own.append(keyNumbers.count - 1)
                }
            }
            return own
        }
        var uses: [Int: Int] = [:]
        for key in keys.joined() { if let key { uses[key, default: 0] += 1 } }
        var placeOf: [Int: Int] = [:]
        places = keys.map { lets in
            lets.map { key in
                guard let key, uses[key]! > 1 else { return nil }
                if let known = placeOf[key] { return known }
                placeOf[key] = placeOf.count
                return placeOf[key]
            }
        }
        count = placeOf.count
    }
}

/// The shared lets' values for one document, filled as rules first compute them.
final class SharedLetValues {
    private var values: [CELValue?]

    init(count: Int) { values = Array(filledWith: nil, count: count) }

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
