/// Compiles one rule entry of a rule set file, checking every key and expression.
struct RuleCompiler {
    let sources: [SourceDocument]
    let phases: [Phase]
    let schemas: SchemaSet
    /// The parameters, folded into the expressions as constants.
    let params: CELValue

    static let keys: Set<String> = [
        "id", "title", "description", "kinds", "phase", "severity", "citation", "let", "forEach", "when",
        "assert", "check", "message", "expected", "actual", "locate", "effective", "due",
    ]

    /// Compiles the entry as the version in force throughout `effective` (read and checked by
    /// `RuleVersions`, with the parameters of that period in `params`).
    func compile(_ entry: YAMLValue, effective: EffectivePeriod) throws -> Rule {
        // Looked up by key a dozen times a rule; a search of the pairs copied each one it passed.
        let fields = Dictionary(try entry.mapping(allowed: Self.keys, what: "a rule").map { ($0.key, $0.value) }) { first, _ in first }
        func field(_ k: String) -> YAMLValue? { fields[k] }
        func required(_ k: String) throws -> YAMLValue {
            guard let v = field(k) else { throw entry.error("the rule \(field("id").flatMap { try? $0.string(what: "id") }.map { "'\($0)' " } ?? "")needs '\(k)'") }
            return v
        }

        let id = RuleID(try required("id").string(what: "id"))
        let title = try field("title")?.string(what: "title") ?? id.rawValue
        let description = try field("description")?.string(what: "description") ?? ""
        let kindsValue = try required("kinds")
        let kinds = try kindsValue.strings(what: "kinds")
        for kind in kinds where kind != "*" && schemas[kind] == nil {
            throw kindsValue.error("unknown kind '\(kind)'; the kinds are \(schemas.kinds.joined(separator: ", "))")
        }
        let phaseValue = field("phase")
        let phase = PhaseName(try phaseValue?.string(what: "phase") ?? "application")
        guard phases.contains(where: { $0.name == phase }) else {
            throw (phaseValue ?? entry).error("unknown phase '\(phase)'; the phases are \(phases.map(\.name.rawValue).joined(separator: ", "))")
        }
        let severityValue = try required("severity")
        guard let severity = Severity(rawValue: try severityValue.string(what: "severity")), severity != .notice else {
            throw severityValue.error("severity must be error or warning")
        }
        let citation = try self.citation(try required("citation"), rule: id)

        let check: Rule.Check
        var declared = RuleSetLoader.baseVariables
        // The variables' types where known; a `let` adds its own when its expression tells it.
        var types = RuleVariable.types
        var lets: [(String, CELProgram, Bool)] = []
        if let builtin = field("check") {
            switch Rule.BuiltinCheck(rawValue: try builtin.string(what: "check")) {
            case .schema?: check = .schema
            case nil:
                throw builtin.error("unknown built-in check; the built-in checks are \(Rule.BuiltinCheck.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else {
            let forEach = try field("forEach").map { try RuleSetLoader.compileExpression($0, variables: declared, params: params, what: "forEach", gives: .list) }
            if forEach != nil { declared = RuleVariable.names(RuleVariable.perItem) }
            if let letValue = field("let") {
                for (name, expression, keyValue) in try letValue.mapping(what: "let") {
                    guard !declared.contains(name) else { throw keyValue.error("'\(name)' is already a variable of this rule") }
                    let program = try RuleSetLoader.compileExpression(expression, variables: declared, params: params, what: "let \(name)", types: types)
                    types[name] = program.resultType
                    // Per item when it reads the item, its index, or a let that does.
                    var itemSlots: Set<Int> = forEach == nil ? [] : [RuleVariable.item.slot, RuleVariable.index.slot]
                    for (i, l) in lets.enumerated() where l.2 { itemSlots.insert(RuleVariable.firstLet(perItem: true) + i) }
                    lets.append((name, program, forEach != nil && program.reads(slots: itemSlots)))
                    declared.append(name)
                }
            }
            let when = try field("when").map { try RuleSetLoader.compileExpression($0, variables: declared, params: params, what: "when", types: types, gives: .bool) }
            let assertion = try RuleSetLoader.compileExpression(try required("assert"), variables: declared, params: params, what: "assert", types: types, gives: .bool)
            let locate = try field("locate").map { try RuleSetLoader.compileExpression($0, variables: declared, params: params, what: "locate", types: types) }
            let due = try field("due").map { try RuleSetLoader.compileExpression($0, variables: declared, params: params, what: "due", types: types, gives: .date) }
            check = .expression(Rule.ExpressionCheck(
                variables: declared, lets: lets, forEach: forEach, when: when, assertion: assertion, locate: locate, due: due,
                source: try required("assert").string(what: "assert")))
        }

        func template(_ key: String) throws -> MessageTemplate? {
            guard let value = field(key) else { return nil }
            let text = try value.string(what: key)
            return try MessageTemplate(text, declarations: CELDeclarations(variables: declared, constants: ["params": params], types: types)) { error, offset in
                RuleSetLoader.expressionError(error, in: value, offset: offset, what: key)
            }
        }
        guard let message = try template("message") else { throw entry.error("the rule '\(id)' needs 'message'") }

        return Rule(
            id: id, title: title, description: description, kinds: KindSelector(names: kinds), phase: phase, severity: severity, citation: citation, check: check,
            message: message, expected: try template("expected"), actual: try template("actual"), effective: effective,
            file: entry.file, line: entry.line)
    }

    private func citation(_ value: YAMLValue, rule: RuleID) throws -> Citation {
        let fields = try value.mapping(allowed: ["source", "section", "text"], what: "a citation")
        func text(_ k: String) throws -> String {
            guard let v = fields.first(where: { $0.key == k })?.value else { throw value.error("the citation of '\(rule)' needs '\(k)'") }
            let s = try v.string(what: k)
            // Blank: spaces and tabs only (Foundation's .whitespaces, asked without its bridging).
            guard !s.unicodeScalars.allSatisfy({ $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) else {
                throw v.error("the citation's '\(k)' is empty")
            }
            return s
        }
        let source = try text("source")
        guard let document = sources.first(where: { $0.file == source }) else {
            throw (fields.first { $0.key == "source" }?.value ?? value).error("'\(source)' is not among the rule set's sources (\(sources.map(\.file).joined(separator: ", ")))")
        }
        return Citation(source: document.name, section: try text("section"), text: try text("text"))
    }
}
