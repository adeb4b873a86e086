/// Evaluates a rule set over one document: a pure function of (rule set, document, context) to a
/// `DocumentResult`. It holds no state between documents, so any number run in parallel.
public struct Validator: Sendable {
    public let ruleSet: RuleSet
    /// The parameters as `params`, for each period in which no dated parameter changes value.
    private let params: [(period: EffectivePeriod, map: CELValue)]
    /// The rules that are the schema check, found once per rule set, not once per document.
    private let schemaRules: [Rule]
    /// Each rule id once, in rule set order: the outcomes' order.
    private let ids: [RuleID]
    /// The rules (each version) as they run, each with the place of its id in `ids` (outcomes
    /// are gathered in an array by that place, not in a dictionary hashed by id for every rule of
    /// every document) and the places of its shared lets.
    private let runnable: [RunnableRule]
    /// The slots the most demanding rule needs: one array of them serves every rule of a
    /// document, each writing its own lets (and items) before anything reads them.
    private let slotCount: Int
    /// The lets several rules write alike, computed once per document.
    private let sharedLets: SharedLets
    /// How many phases the rules name (see `RunnableRule.phasePlace`).
    private let phaseCount: Int
    /// The kinds the rules name, each once: a document's kind is found here once, and each rule
    /// tests its bit (see `RunnableRule.kindBits`).
    private let kinds: [String]

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.params = EffectivePeriod.always.split(at: ruleSet.parameters.flatMap(\.changes)).map { period in
            (period, ruleSet.parameterMap(on: period.from ?? .distantPast))
        }
        self.schemaRules = ruleSet.rules.filter(\.isSchemaCheck)
        self.ids = ruleSet.ids
        let slotOfID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let sharedLets = SharedLets(rules: ruleSet.rules)
        self.sharedLets = sharedLets
        var phases: [PhaseName] = []
        for rule in ruleSet.rules where !phases.contains(rule.phase) { phases.append(rule.phase) }
        self.phaseCount = phases.count
        var kinds: [String] = []
        for rule in ruleSet.rules { for name in rule.kinds.names where name != "*" && !kinds.contains(name) { kinds.append(name) } }
        self.kinds = kinds
        let kindPlaces = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        let runnable = ruleSet.rules.indices.map {
            RunnableRule(ruleSet.rules[$0], outcomeSlot: slotOfID[ruleSet.rules[$0].id]!, letPlaces: sharedLets.places[$0],
                         phasePlace: phases.firstIndex(of: ruleSet.rules[$0].phase)!, kindPlaces: kindPlaces)
        }
        self.runnable = runnable
        self.slotCount = runnable.map(\.slotCount).max() ?? RuleVariable.firstLet(perItem: true)
    }

    public func validate(_ dossier: Dossier, context: EvaluationContext) -> DocumentResult {
        let kind = dossier.kind
        // In slot order: RuleVariable.document. The date the rules in force are chosen by is the
        // dossier's own (read without the parameters, which may depend on it).
        var base: [CELValue] = [CELValue(node: dossier.root), params[0].map, .date(context.asOf), .string(context.phase.rawValue)]
        let rulesOn = RulesInForce.find(for: kind, in: ruleSet, base: base, asOf: context.asOf)
        let date = rulesOn.date
        base[RuleVariable.params.slot] = params.first { $0.period.contains(date) }?.map ?? params[0].map
        // Whether each phase runs, asked once per document, kept by the phase's place (no name
        // compared or hashed for every rule).
        var phaseRuns = [Bool?](filledWith: nil, count: phaseCount)
        var deviations: [Deviation] = []
        var passed: [RuleID] = []
        passed.reserveCapacity(runnable.count)
        var skipped: [RuleID] = []
        var decided = [Outcome?](filledWith: nil, count: ids.count)
        var versions = [EffectivePeriod?](filledWith: nil, count: ids.count)
        let reading = reading(dossier, base: base, date: date, context: context)

        var slots = reading.base
        slots.append(contentsOf: repeatElement(CELValue.null, count: max(0, slotCount - reading.base.count)))
        let kindPlace = kind.flatMap { kinds.firstIndex(of: $0) }
        for runnable in runnable where runnable.applies(to: kind, kindPlace: kindPlace, on: date) {
            let slot = runnable.outcomeSlot
            if runnable.effective != .always { versions[slot] = runnable.effective }
            let runs: Bool
            if let known = phaseRuns[runnable.phasePlace] {
                runs = known
            } else {
                let when = ruleSet.phase(runnable.phase)?.when
                runs = when.map { if case .bool(true) = $0.evaluate(base) { return true } else { return false } } ?? true
                phaseRuns[runnable.phasePlace] = runs
            }
            guard runs else {
                skipped.append(ids[slot])
                decided[slot] = .notApplicable
                continue
            }
            var budget = EvaluationBudget(limit: context.maxCost)
            var applicable = false
            let found = evaluate(runnable, reading, slots: &slots, budget: &budget, applicable: &applicable)
            // Most rules find nothing: then there is nothing to add or to sort through.
            if !found.isEmpty { deviations += found }
            let broken = found.isEmpty ? found : found.filter { $0.outcome != .pass }
            // Passed: it concerned the document and held (a rule whose `when` ruled it out did not).
            if broken.isEmpty && applicable { passed.append(ids[slot]) }
            decided[slot] = broken.contains { $0.outcome == .fail } ? .fail : !broken.isEmpty ? .indeterminate : applicable ? .pass : .notApplicable
        }

        // Items that all read one flagged value are undecided once, at that value, not once each.
        var undecidedSeen = Set<String>()
        deviations.removeAll { $0.causedBy != nil && !undecidedSeen.insert("\($0.rule)\u{0}\($0.location.pointer)").inserted }
        deviations = Self.applying(context.exemptions, to: deviations, documentID: dossier.id, root: dossier.root, asOf: context.asOf)
        // A rule whose findings an exemption covers decides again (exempt, or still failing).
        if !context.exemptions.exemptions.isEmpty {
            for (slot, id) in ids.enumerated() where decided[slot] != nil && deviations.contains(where: { $0.rule == id && $0.outcome == .exempt }) {
                let mine = deviations.filter { $0.rule == id && $0.outcome != .pass }
                decided[slot] = mine.contains { $0.outcome == .fail } ? .fail : mine.contains(where: \.isIndeterminate) ? .indeterminate : .exempt
            }
        }
        deviations.sort { ($0.location, $0.rule) < ($1.location, $1.rule) }
        let failing = context.failOn.fails(deviations)
        var result = DocumentResult(file: dossier.file, kind: kind, id: dossier.id, verdict: failing ? .fail : .pass,
                                    deviations: deviations, passed: passed, skipped: skipped, error: nil)
        result.outcomes = ids.indices.map { RuleOutcome(rule: ids[$0], outcome: decided[$0] ?? .notApplicable, version: versions[$0] ?? .always) }
        result.rulesOn = rulesOn
        return result
    }

    /// What every rule of one document reads: the document (its values the schema check flagged
    /// guarded, so reading one makes the rule indeterminate), the schema check's findings, the
    /// redaction of personal values, and the window for dates due soon.
    private struct Reading {
        let dossier: Dossier
        let base: [CELValue]
        let redaction: Redaction
        /// The schema check's findings, found once before any rule runs.
        let schemaFindings: [SchemaCheck.Violation]
        /// The schema rule that flagged each value, with its finding, by the value's pointer.
        let flagged: [String: (rule: RuleID, violation: SchemaCheck.Violation)]
        let dueWindow: (asOf: CivilDate, days: Int)
        let shared: SharedLetValues
    }

    private func reading(_ dossier: Dossier, base: [CELValue], date: CivilDate, context: EvaluationContext) -> Reading {
        let schemaRule = schemaRules.first { $0.applies(to: dossier.kind, on: date) }
        let kindSchema = dossier.kind.flatMap { ruleSet.schemas[$0] }
        let findings = schemaRule == nil ? [] : SchemaCheck.violations(in: dossier.root, schema: kindSchema)
        var flagged: [String: (rule: RuleID, violation: SchemaCheck.Violation)] = [:]
        var guarded = base
        if let schemaRule {
            for v in findings where v.flagsValue && flagged[v.pointer.description] == nil { flagged[v.pointer.description] = (schemaRule.id, v) }
            if let flags = FlaggedValues.tree(findings.filter(\.flagsValue).map(\.pointer)) {
                guarded[RuleVariable.doc.slot] = FlaggedValues.value(dossier.root, under: flags)
            }
        }
        return Reading(dossier: dossier, base: guarded, redaction: Redaction(root: dossier.root, schema: kindSchema),
                       schemaFindings: findings, flagged: flagged, dueWindow: (context.asOf, context.dueWithin),
                       shared: SharedLetValues(count: sharedLets.count))
    }

    /// The rule id of the warning an expired exemption adds.
    public static let expiredExemptionRule: RuleID = "EXEMPTION-EXPIRED"

    /// Deviations a live exemption covers become `exempt`; an expired exemption naming the
    /// document (or, for `*`, one that would have covered a deviation) covers nothing and adds a
    /// warning, so a lapsed excuse is seen, not silently honoured or silently dropped.
    static func applying(_ set: ExemptionSet, to findings: [Deviation], documentID: String?, root: Node, asOf: CivilDate) -> [Deviation] {
        let mine = set.exemptions.filter { $0.names(documentID) }
        guard !mine.isEmpty else { return findings }
        var out = findings.map { d -> Deviation in
            guard d.outcome == .fail, let e = mine.first(where: { $0.isLive(on: asOf) && $0.covers(d.rule, at: d.location.pointer) }) else { return d }
            return d.exempted(by: e)
        }
        for e in mine where asOf > e.expires {
            let wouldCover = findings.contains { $0.outcome == .fail && e.covers($0.rule, at: $0.location.pointer) }
            guard e.document != "*" || wouldCover else { continue }
            out.append(Deviation(
                rule: expiredExemptionRule, severity: .warning,
                message: "The exemption for \(e.rule) (\(e.place), granted by \(e.grantedBy) on \(e.grantedOn)) expired on \(e.expires); it covers nothing.",
                citation: Citation(source: "qapcheck, \"The command line and the reports, version 2\"", section: "Exemptions",
                                   text: "An expired exemption covers nothing and adds a warning EXEMPTION-EXPIRED to the document it names."),
                location: FindingLocation(root), expected: "an exemption in force on \(asOf)", actual: "expired on \(e.expires)"))
        }
        return out
    }

    // MARK: - One rule

    /// The rule's findings; `applicable` says whether it concerned the document at all (a `when`
    /// can rule out every item of its `forEach`). `slots` is the document's slot array: the
    /// fixed variables, then room for this rule's item and lets, which it writes before reading.
    private func evaluate(_ runnable: RunnableRule, _ r: Reading, slots: inout [CELValue], budget: inout EvaluationBudget, applicable: inout Bool) -> [Deviation] {
        guard let check = runnable.check else {
            applicable = true
            let rule = runnable.rule
            return r.schemaFindings.map {
                Deviation(rule: rule.id, severity: rule.severity, message: $0.message, citation: rule.citation,
                          location: FindingLocation(pointer: $0.pointer, line: $0.location.line, column: $0.location.column),
                          expected: $0.expected, actual: $0.actual, version: rule.effective)
            }
        }
        guard let forEach = check.forEach else {
            return evaluateOnce(runnable, check, slots: &slots, itemNode: nil, r, budget: &budget, applicable: &applicable)
        }
        let (items, listNode) = forEach.evaluateLocated(r.base, nodes: [r.dossier.root], budget: &budget)
        guard case .list(let list) = items else {
            let error: CELError
            if case .error(let e) = items {
                error = e
            } else {
                error = CELError(.invalidArgument, "the items to check are \(items.type.name), not a list")
            }
            applicable = true
            return [deviation(runnable.rule, message: "Could not be checked: \(Self.plainReason(error, r.redaction)).", at: listNode ?? r.dossier.root,
                              globals: r.base, assertion: .error(error), r)]
        }
        // A rule over an empty list holds; one whose `when` rules out every item does not apply.
        if list.count == 0 { applicable = true }
        var out: [Deviation] = []
        let nodes = list.nodes
        // The lets that do not depend on the item, once for the document (the item's slots empty,
        // as no such let reads them).
        let firstLet = runnable.firstLet
        slots[RuleVariable.item.slot] = .null
        slots[RuleVariable.index.slot] = .null
        for (i, l) in check.lets.enumerated() where !l.perItem {
            slots[firstLet + i] = r.shared.value(at: runnable.letPlaces[i], of: l.program, slots, budget: &budget)
        }
        // Each item sets its own slots and recomputes its own lets, in order, before anything
        // reads them.
        for i in 0..<list.count {
            let itemNode = nodes?[i] ?? listNode ?? r.dossier.root
            slots[RuleVariable.item.slot] = list[i]
            slots[RuleVariable.index.slot] = .int(Int64(i))
            out += evaluateOnce(runnable, check, slots: &slots, itemNode: itemNode, r, budget: &budget, applicable: &applicable)
        }
        return out
    }

    /// One evaluation of a rule's check (`runnable.check`). `slots` has a slot for every variable,
    /// the rule's lets from `runnable.firstLet`; the lets still to compute (all of them, or the
    /// per-item ones) are filled in order, each from its shared place when another rule may have
    /// computed it for this document already (see `SharedLets`).
    private func evaluateOnce(_ runnable: RunnableRule, _ check: Rule.ExpressionCheck, slots globals: inout [CELValue], itemNode: Node?,
                              _ r: Reading, budget: inout EvaluationBudget, applicable: inout Bool) -> [Deviation] {
        let places = runnable.letPlaces
        let firstLet = runnable.firstLet
        let root = r.dossier.root
        for (i, l) in check.lets.enumerated() where check.forEach == nil || l.perItem {
            globals[firstLet + i] = r.shared.value(at: places[i], of: l.program, globals, budget: &budget)
        }
        if let when = check.when, case .bool(let applies) = when.evaluate(globals, budget: &budget), !applies { return [] }
        applicable = true
        let verdict = check.assertion.evaluate(globals, budget: &budget)
        /// Where a finding points: the item, or what `locate` names, or the document.
        func place(_ budget: inout EvaluationBudget) -> Node {
            guard itemNode == nil, let locate = check.locate else { return itemNode ?? root }
            var nodes: [Node?] = [root]
            nodes.append(contentsOf: repeatElement(nil, count: max(0, globals.count - 1)))
            return locate.evaluateLocated(globals, nodes: nodes, budget: &budget).node ?? root
        }
        if case .bool(true) = verdict {
            // It holds; say so if it stops holding soon.
            let window = r.dueWindow
            guard let due = check.due, window.days > 0, case .date(let date) = due.evaluate(globals, budget: &budget),
                  date >= window.asOf, window.asOf.days(to: date) <= window.days else { return [] }
            let days = window.asOf.days(to: date)
            let rule = runnable.rule
            return [Deviation(rule: rule.id, severity: .notice, message: "Falls due on \(date), \(days == 0 ? "today" : "in \(days) day\(days == 1 ? "" : "s")"): \(rule.title).",
                              citation: rule.citation, location: FindingLocation(place(&budget)), expected: rule.expected?.render(globals, filter: r.redaction.callAsFunction),
                              actual: "holds until \(date)", outcome: .pass, version: rule.effective)]
        }
        let at = place(&budget)
        let rule = runnable.rule
        // A check that cannot be computed (a value missing or of the wrong type) fails, and says
        // so rather than filling the rule's message with holes.
        let message: String
        switch verdict {
        case .error(let e): message = "Could not be checked: \(Self.plainReason(e, r.redaction))."
        case .bool: message = rule.message.render(globals, filter: r.redaction.callAsFunction)
        default: message = "Could not be checked: the check gave \(verdict.type.name), not a boolean."
        }
        return [deviation(rule, message: message, at: at, globals: globals, assertion: verdict, r)]
    }

    /// Why a rule could not be decided, in the words of the dossier's reader rather than the
    /// evaluator's: no overload signatures, no operator names.
    static func plainReason(_ error: CELError, _ redaction: Redaction) -> String {
        switch error.kind {
        case .noSuchOverload: return "a value it needs is not of the type it needs"
        case .noSuchKey where error.message.hasPrefix("no such key: "):
            return "the field \(redaction(String(error.message.dropFirst("no such key: ".count)))) is missing"
        case .noSuchKey, .noSuchField, .noValue, .indexOutOfRange: return "a value it needs is missing"
        case .budgetExceeded: return "evaluation budget exceeded (the check needed more work than --max-cost allows)"
        case .undeclared: return "the rule refers to something this rule set does not declare"
        case .flaggedValue: return "it reads \(error.message), which the schema check found not valid"
        case .divideByZero, .overflow: return "a number it computes is out of range"
        case .conversion, .invalidArgument:
            // These messages are the library's own, in plain words; drop any evaluator detail.
            var text = redaction(error.message)
            if let cut = text.range(of: " (no such overload") { text = String(text[..<cut.lowerBound]) }
            return text
        }
    }

    private func deviation(_ rule: Rule, message: String, at node: Node, globals: [CELValue], assertion: CELValue, _ r: Reading) -> Deviation {
        // A value the schema check flagged: undecided, pointing at that finding, not a second error.
        if case .error(let e) = assertion, e.kind == .flaggedValue, let cause = r.flagged[e.message] {
            let place = cause.violation
            return Deviation(rule: rule.id, severity: rule.severity, message: "Could not be checked: it reads \(place.pointer), which \(cause.rule) found not valid.",
                             citation: rule.citation, location: FindingLocation(pointer: place.pointer, line: place.location.line, column: place.location.column),
                             expected: rule.expected?.render(globals, filter: r.redaction.callAsFunction), actual: "not checked", outcome: .indeterminate,
                             causedBy: cause.rule, version: rule.effective)
        }
        var actual = rule.actual?.render(globals, filter: r.redaction.callAsFunction)
        var outcome = Outcome.fail
        if case .bool = assertion {} else {
            actual = "not checked"
            outcome = .indeterminate
        }
        return Deviation(rule: rule.id, severity: rule.severity, message: message, citation: rule.citation,
                         location: FindingLocation(node), expected: rule.expected?.render(globals, filter: r.redaction.callAsFunction), actual: actual,
                         outcome: outcome, version: rule.effective)
    }
}
