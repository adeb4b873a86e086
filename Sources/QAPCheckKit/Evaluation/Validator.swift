/// Evaluates a rule set over one document: a pure function of (rule set, document, context) to a
/// `DocumentResult`. It holds no state between documents, so any number run in parallel.
public struct Validator: Sendable {
    public let ruleSet: RuleSet
    private let params: CELValue

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.params = ruleSet.parameterMap
    }

    public func validate(_ dossier: Dossier, context: EvaluationContext) -> DocumentResult {
        let kind = dossier.kind
        // In slot order: RuleVariable.document.
        let base: [CELValue] = [CELValue(node: dossier.root), params, .date(context.asOf), .string(context.phase.rawValue)]
        var phaseRuns: [PhaseName: Bool] = [:]
        var deviations: [Deviation] = []
        var passed: [RuleID] = []
        var skipped: [RuleID] = []
        let redaction = Redaction(root: dossier.root, schema: kind.flatMap { ruleSet.schemas[$0] })

        for rule in ruleSet.rules where rule.applies(to: kind, asOf: context.asOf) {
            let runs: Bool
            if let known = phaseRuns[rule.phase] {
                runs = known
            } else {
                let when = ruleSet.phase(rule.phase)?.when
                runs = when.map { if case .bool(true) = $0.evaluate(base) { return true } else { return false } } ?? true
                phaseRuns[rule.phase] = runs
            }
            guard runs else {
                skipped.append(rule.id)
                continue
            }
            var budget = EvaluationBudget(limit: context.maxCost)
            let found = evaluate(rule, dossier: dossier, base: base, redaction: redaction, budget: &budget)
            deviations += found
            if found.isEmpty { passed.append(rule.id) }
        }

        deviations.sort { ($0.location, $0.rule) < ($1.location, $1.rule) }
        let failing = context.failOn.fails(deviations)
        return DocumentResult(file: dossier.file, kind: kind, id: dossier.id, verdict: failing ? .fail : .pass,
                              deviations: deviations, passed: passed, skipped: skipped, error: nil)
    }

    // MARK: - One rule

    private func evaluate(_ rule: Rule, dossier: Dossier, base: [CELValue], redaction: Redaction, budget: inout EvaluationBudget) -> [Deviation] {
        switch rule.check {
        case .schema:
            let schema = dossier.kind.flatMap { ruleSet.schemas[$0] }
            return SchemaCheck.violations(in: dossier.root, schema: schema).map {
                Deviation(rule: rule.id, severity: rule.severity, message: $0.message, citation: rule.citation,
                          location: FindingLocation(pointer: $0.pointer, line: $0.location.line, column: $0.location.column),
                          expected: $0.expected, actual: $0.actual)
            }
        case .expression(let check):
            guard let forEach = check.forEach else {
                return evaluateOnce(rule, check, globals: base + Array(repeating: .null, count: check.lets.count), root: dossier.root, itemNode: nil, redaction: redaction, budget: &budget)
            }
            let (items, listNode) = forEach.evaluateLocated(base, nodes: [dossier.root], budget: &budget)
            guard case .list(let list) = items else {
                let error: CELError
                if case .error(let e) = items {
                    error = e
                } else {
                    error = CELError(.noSuchOverload, "the items to check are \(items.type.name), not a list")
                }
                return [deviation(rule, message: "Could not be checked: \(redaction(error.message)).", at: listNode ?? dossier.root, globals: base, assertion: .error(error), redaction: redaction)]
            }
            var out: [Deviation] = []
            let nodes = list.nodes
            // The lets that do not depend on the item, once for the document.
            let firstLet = RuleVariable.firstLet(perItem: true)
            var documentGlobals = base + Array(repeating: CELValue.null, count: firstLet - base.count + check.lets.count)
            for (i, l) in check.lets.enumerated() where !l.perItem {
                documentGlobals[firstLet + i] = l.program.evaluate(documentGlobals, budget: &budget)
            }
            for i in 0..<list.count {
                let itemNode = nodes?[i] ?? listNode ?? dossier.root
                var globals = documentGlobals
                globals[RuleVariable.item.slot] = list[i]
                globals[RuleVariable.index.slot] = .int(Int64(i))
                out += evaluateOnce(rule, check, globals: globals, root: dossier.root, itemNode: itemNode, redaction: redaction, budget: &budget)
            }
            return out
        }
    }

    /// One evaluation of a rule's check. `globals` has a slot for every variable; the lets still
    /// to compute (all of them, or the per-item ones) are filled in order.
    private func evaluateOnce(_ rule: Rule, _ check: Rule.ExpressionCheck, globals start: [CELValue], root: Node, itemNode: Node?, redaction: Redaction, budget: inout EvaluationBudget) -> [Deviation] {
        var globals = start
        let firstLet = globals.count - check.lets.count
        for (i, l) in check.lets.enumerated() where check.forEach == nil || l.perItem {
            globals[firstLet + i] = l.program.evaluate(globals, budget: &budget)
        }
        if let when = check.when, case .bool(let applies) = when.evaluate(globals, budget: &budget), !applies { return [] }
        let verdict = check.assertion.evaluate(globals, budget: &budget)
        if case .bool(true) = verdict { return [] }
        var at = itemNode ?? root
        if itemNode == nil, let locate = check.locate {
            var nodes: [Node?] = [root]
            nodes += Array(repeating: nil, count: max(0, globals.count - 1))
            at = locate.evaluateLocated(globals, nodes: nodes, budget: &budget).node ?? root
        }
        // A check that cannot be computed (a value missing or of the wrong type) fails, and says
        // so rather than filling the rule's message with holes.
        let message: String
        switch verdict {
        case .error(let e): message = "Could not be checked: \(redaction(e.message))."
        case .bool: message = rule.message.render(globals, filter: redaction.callAsFunction)
        default: message = "Could not be checked: the check gave \(verdict.type.name), not a boolean."
        }
        return [deviation(rule, message: message, at: at, globals: globals, assertion: verdict, redaction: redaction)]
    }

    private func deviation(_ rule: Rule, message: String, at node: Node, globals: [CELValue], assertion: CELValue, redaction: Redaction) -> Deviation {
        var actual = rule.actual?.render(globals, filter: redaction.callAsFunction)
        if case .bool = assertion {} else { actual = "not checked" }
        return Deviation(rule: rule.id, severity: rule.severity, message: message, citation: rule.citation,
                         location: FindingLocation(node), expected: rule.expected?.render(globals, filter: redaction.callAsFunction), actual: actual)
    }
}
