import Foundation
import Testing
@testable import QAPCheckKit

@Suite("Rule sets as data: extends, overrides, and bad rule sets")
struct RuleSetLoaderTests {
    static let schemas = Repo.rules.appendingPathComponent("schemas").path
    let asOf = CivilDate(parsing: "2026-11-22")!

    /// Writes a rule set file whose rules section is `rules` and returns the loading error.
    func error(_ rules: String, header: String? = nil) -> RuleSetError? {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("bad.yaml")
        let text = (header ?? """
        name: bad
        version: "1"
        schemas: \(Self.schemas)
        sources:
          - file: a.txt
        rules:
        """) + "\n" + rules
        try! text.write(to: file, atomically: true, encoding: .utf8)
        do { _ = try RuleSetLoader.load(path: file.path); return nil } catch let e as RuleSetError { return e } catch {
            Issue.record("unexpected error \(error)"); return nil
        }
    }

    static let goodRule = """
      - id: R-1
        kinds: [mediator-profile]
        severity: error
        citation: { source: a.txt, section: S, text: "quoted" }
        assert: doc.?profileComplete.orValue(false) == true
        message: incomplete
    """

    @Test func aGoodRuleSetLoads() {
        #expect(error(Self.goodRule) == nil)
    }

    /// Workers' copies are loaded side by side: each is a rule set of its own (no compiled
    /// expression shared between them), all alike, and a broken rule set fails as one load does.
    @Test func copiesLoadedSideBySideAreSeparateAndFailAlike() throws {
        let copies = try RuleSetLoader.load(path: Repo.rules.path, copies: 3)
        #expect(copies.count == 3)
        #expect(Set(copies.map(\.digest)).count == 1)
        #expect(Set(copies.map { $0.rules.map(\.id.rawValue) }).count == 1)
        let assertions = copies.map { copy in
            copy.rules.compactMap { if case .expression(let check) = $0.check { ObjectIdentifier(check.assertion) } else { nil } }
        }
        #expect(assertions[0].count > 20)
        #expect(Set(assertions.flatMap { $0 }).count == assertions[0].count * 3)

        let file = Repo.scratch().appendingPathComponent("bad.yaml")
        try "name: bad\nversion: \"1\"\nrules:\n  - id: [".write(to: file, atomically: true, encoding: .utf8)
        let one = #expect(throws: RuleSetError.self) { try RuleSetLoader.load(path: file.path) }
        let three = #expect(throws: RuleSetError.self) { try RuleSetLoader.load(path: file.path, copies: 3) }
        #expect(one != nil && one == three)
        #expect(one?.line != nil)
    }

    /// A copy begun early is one of the copies the first load of its path gives (a rule set of
    /// its own, like the others), and only once; a load of another path drops it, and a broken
    /// rule set begun early fails as a plain load does.
    @Test func aCopyBegunEarlyIsOneOfTheCopiesOnce() throws {
        let assertions = { (set: RuleSet) in
            set.rules.compactMap { if case .expression(let check) = $0.check { ObjectIdentifier(check.assertion) } else { nil } }
        }
        let early = EarlyRuleSet()
        early.begin(path: RuleSetFiles.builtIn)
        let copies = try RuleSetLoader.load(path: RuleSetFiles.builtIn, copies: 3, early: early)
        #expect(copies.count == 3)
        #expect(Set(copies.map(\.digest)).count == 1)
        #expect(Set(copies.flatMap(assertions)).count == assertions(copies[0]).count * 3)
        #expect(early.take(path: RuleSetFiles.builtIn) == nil)
        let alone = try RuleSetLoader.load(path: RuleSetFiles.builtIn, copies: 1, early: early)
        #expect(alone.count == 1 && alone[0].digest == copies[0].digest)

        early.begin(path: RuleSetFiles.builtIn)
        _ = try RuleSetLoader.load(path: Repo.rules.path, copies: 1, early: early)
        #expect(early.take(path: RuleSetFiles.builtIn) == nil)

        let file = Repo.scratch().appendingPathComponent("bad.yaml")
        try "name: bad\nversion: \"1\"\nrules:\n  - id: [".write(to: file, atomically: true, encoding: .utf8)
        let plain = #expect(throws: RuleSetError.self) { try RuleSetLoader.load(path: file.path, copies: 2, early: EarlyRuleSet()) }
        early.begin(path: file.path)
        let begun = #expect(throws: RuleSetError.self) { try RuleSetLoader.load(path: file.path, copies: 2, early: early) }
        #expect(plain != nil && plain == begun)
    }

    @Test func yamlSyntaxErrorNamesLineAndColumn() {
        let e = error("  - id: R-1\n    kinds: [mediator-profile\n    severity: error\n")
        #expect(e?.message.hasPrefix("YAML syntax error") == true)
        #expect(e?.line == 9)
        #expect(e?.file.hasSuffix("bad.yaml") == true)
    }

    @Test func unknownKeyIsAnError() {
        let e = error(Self.goodRule + "\n    severty: warning")
        #expect(e?.message.hasPrefix("unknown key 'severty' in a rule") == true)
        #expect(e?.line == 13)
        #expect(e?.column == 5)
    }

    @Test func celParseErrorPointsIntoTheExpression() {
        let e = error(Self.goodRule.replacingOccurrences(of: "assert: doc.?profileComplete.orValue(false) == true", with: "assert: doc.profileComplete == "))
        #expect(e?.message == "in 'assert': unexpected end of expression; expected a value")
        #expect(e?.line == 11)
        #expect(e?.column == 35)
    }

    @Test func anAssertionThatCannotBeABoolIsRefusedAtItsPlace() {
        let notBool = error(Self.goodRule.replacingOccurrences(of: "assert: doc.?profileComplete.orValue(false) == true", with: "assert: size(doc)"))
        #expect(notBool?.message == "in 'assert': 'assert' must give a bool, and this gives an int")
        #expect(notBool?.line == 11 && notBool?.column == 13, "\(String(describing: notBool))")
        // Unknown until evaluation (a document's value): accepted, judged per document.
        #expect(error(Self.goodRule.replacingOccurrences(of: "assert: doc.?profileComplete.orValue(false) == true", with: "assert: doc.profileComplete")) == nil)
    }

    @Test func aLetCarriesItsTypeToTheExpressionsAfterIt() {
        let rule = Self.goodRule.replacingOccurrences(of: "    assert: doc.?profileComplete.orValue(false) == true",
                                                       with: "    let:\n      names: doc.?names.orValue([]).map(n, n)\n      when: asOf\n    assert: names + 1 > 0 || when.year() > 0")
        let e = error(rule)
        #expect(e?.message == "in 'assert': no matching overload for '_+_' applied to (list, int)", "\(String(describing: e))")
        #expect(e?.line == 14)
        let fine = Self.goodRule.replacingOccurrences(of: "    assert: doc.?profileComplete.orValue(false) == true",
                                                       with: "    let:\n      names: doc.?names.orValue([]).map(n, n)\n      when: asOf\n    assert: size(names) >= 0 && when.year() > 0")
        #expect(error(fine) == nil)
    }

    @Test func celCheckErrorsAreFoundWhenTheRuleSetLoads() {
        let unknownVariable = error(Self.goodRule.replacingOccurrences(of: "assert: doc.", with: "assert: dossier."))
        #expect(unknownVariable?.message.hasPrefix("in 'assert': undeclared reference to 'dossier'") == true)
        #expect(unknownVariable?.column == 13)
        let unknownFunction = error(Self.goodRule.replacingOccurrences(of: "message: incomplete", with: "message: \"{{ frob(doc) }}\""))
        #expect(unknownFunction?.message == "in 'message': unknown function 'frob'")
        #expect(unknownFunction?.line == 12)
        #expect(unknownFunction?.column == 18)
        let arity = error(Self.goodRule.replacingOccurrences(of: "assert: doc.", with: "assert: size(doc, 1) > 0 || doc."))
        #expect(arity?.message == "in 'assert': size() takes 1 argument, not 2")
    }

    @Test func anUnknownParameterIsFoundWhenTheRuleSetLoads() {
        let e = error(Self.goodRule.replacingOccurrences(of: "assert: doc.?profileComplete.orValue(false) == true", with: "assert: size(doc) > params.minHourz"))
        #expect(e?.message == "in 'assert': no such key 'minHourz'")
        #expect(e?.line == 11)
        #expect(e?.column == 31)
    }

    @Test func duplicateRuleIdIsAnError() {
        let e = error(Self.goodRule + "\n" + Self.goodRule)
        #expect(e?.message.hasPrefix("duplicate rule id 'R-1'") == true)
        #expect(e?.line == 13)
    }

    @Test func versionsOfOneRuleWithSeparateDatesAreAllowed() throws {
        let v1 = Self.goodRule + "\n    effective: { until: 2026-01-01 }"
        let v2 = Self.goodRule + "\n    effective: { from: 2026-01-01 }"
        #expect(error(v1 + "\n" + v2) == nil)
        let overlapping = Self.goodRule + "\n    effective: { from: 2025-06-01 }"
        let clash = error(v1 + "\n" + overlapping)
        #expect(clash?.message.hasPrefix("versions of 'R-1' overlap: this one (from 2025-06-01) and the one at ") == true)
        #expect(clash?.message.hasSuffix("are both in force 2025-06-01 until 2026-01-01; give them effective dates that do not overlap") == true)
        // At the second version's `effective`, the place to edit.
        #expect(clash?.line == 20)
    }

    @Test func missingCitationIsAnError() {
        let e = error(Self.goodRule.replacingOccurrences(of: "    citation: { source: a.txt, section: S, text: \"quoted\" }\n", with: ""))
        #expect(e?.message == "the rule 'R-1' needs 'citation'")
        let emptyText = error(Self.goodRule.replacingOccurrences(of: "text: \"quoted\"", with: "text: \"\""))
        #expect(emptyText?.message == "the citation's 'text' is empty")
        // Blank is spaces and tabs of any kind (Foundation's .whitespaces); a line break is text.
        let blank = error(Self.goodRule.replacingOccurrences(of: "text: \"quoted\"", with: "text: \" \\t\\u3000\\u00A0\""))
        #expect(blank?.message == "the citation's 'text' is empty")
        let lineBreak = error(Self.goodRule.replacingOccurrences(of: "text: \"quoted\"", with: "text: \"\\n\""))
        #expect(lineBreak?.message != "the citation's 'text' is empty")
        let unknownSource = error(Self.goodRule.replacingOccurrences(of: "source: a.txt", with: "source: b.txt"))
        #expect(unknownSource?.message.hasPrefix("'b.txt' is not among the rule set's sources") == true)
    }

    @Test func unknownKindAndPhaseAreErrors() {
        #expect(error(Self.goodRule.replacingOccurrences(of: "[mediator-profile]", with: "[tax-return]"))?.message.hasPrefix("unknown kind 'tax-return'") == true)
        #expect(error(Self.goodRule + "\n    phase: review")?.message.hasPrefix("unknown phase 'review'") == true)
    }

    @Test func aProgramOverridesAParameterWithoutCopyingARule() throws {
        let base = try RuleSetLoader.load(path: Repo.rules.path)
        let program = try RuleSetLoader.load(path: Repo.fixture("rulesets/program-150"))
        #expect(program.name == "program-150")
        #expect(program.rules.map(\.id) == base.rules.map(\.id))
        guard case .map(let params) = program.parameterMap(on: asOf), case .int(let minHours)? = params["minHours"] else {
            Issue.record("no minHours parameter"); return
        }
        #expect(minHours == 150)
        #expect(program.digest != base.digest)
        // 164 hours: short of 200, enough for 150.
        let text = try String(contentsOfFile: Repo.fixture("rules/QAP-HOURS/pass-exactly-200.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"hours\": 7.5", with: "\"hours\": 6.0")
        let dossier = try Repo.load(text, as: "164.json")
        let context = EvaluationContext(asOf: asOf)
        #expect(Validator(ruleSet: base).validate(dossier, context: context).failedRules.contains("QAP-HOURS"))
        #expect(!Validator(ruleSet: program).validate(dossier, context: context).failedRules.contains("QAP-HOURS"))
    }

    @Test func aRuleVersionAppliesByTheAsOfDate() throws {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("dated.yaml")
        try """
        name: dated
        version: "1"
        schemas: \(Self.schemas)
        sources: [{ file: a.txt }]
        rules:
          - id: R-1
            kinds: [mediator-profile]
            severity: error
            citation: { source: a.txt, section: S, text: "old" }
            assert: "false"
            message: old version
            effective: { until: 2026-01-01 }
          - id: R-1
            kinds: [mediator-profile]
            severity: warning
            citation: { source: a.txt, section: S, text: "new" }
            assert: "false"
            message: new version
            effective: { from: 2026-01-01 }
        """.write(to: file, atomically: true, encoding: .utf8)
        let ruleSet = try RuleSetLoader.load(path: file.path)
        let dossier = try Repo.load("{\"kind\":\"mediator-profile\",\"schemaVersion\":\"1\",\"id\":\"P\"}", as: "p.json")
        let v = Validator(ruleSet: ruleSet)
        #expect(v.validate(dossier, context: EvaluationContext(asOf: CivilDate(parsing: "2025-12-31")!)).deviations.map(\.message) == ["old version"])
        #expect(v.validate(dossier, context: EvaluationContext(asOf: CivilDate(parsing: "2026-01-01")!)).deviations.map(\.message) == ["new version"])
    }

    @Test func extendsCyclesAreFound() throws {
        let dir = Repo.scratch()
        try "extends: b.yaml\nname: a\nversion: \"1\"\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "extends: a.yaml\nname: b\nversion: \"1\"\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try RuleSetLoader.load(path: dir.appendingPathComponent("a.yaml").path)
            Issue.record("a cycle of extends loaded")
        } catch let error as RuleSetError {
            #expect(error.message.contains("extend each other in a cycle"), "\(error)")
            #expect(error.message.contains("a.yaml -> ") && error.message.contains("b.yaml"), "\(error)")
        }
    }

    @Test func aTypeErrorInARuleIsFoundWhenTheRuleSetLoadsAtItsPlace() throws {
        let dir = Repo.scratch()
        try "extends: \(Repo.rules.path)/imi-cpr.yaml\nname: x\nversion: \"1\"\nrules:\n  - id: TYPED\n    kinds: ['*']\n    severity: error\n    citation: {source: 004_12cc360ea3127e25.txt, section: s, text: t}\n    assert: asOf - 1 > asOf\n    message: m\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try RuleSetLoader.load(path: dir.appendingPathComponent("rules.yaml").path)
            Issue.record("a rule subtracting an int from a date loaded")
        } catch let error as RuleSetError {
            #expect(error.message.contains("no matching overload for '_-_' applied to (date, int)"), "\(error)")
            #expect(error.line == 9, "\(error)")
            #expect(error.column == 18, "at the operator, within the YAML line: \(error)")
        }
    }

    @Test func extendsThroughLinksFindsTheCycleOrTheLinkLoop() throws {
        let dir = Repo.scratch()
        try "extends: link.yaml\nname: a\nversion: \"1\"\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        #expect(symlink(dir.appendingPathComponent("a.yaml").path, dir.appendingPathComponent("link.yaml").path) == 0)
        #expect(throws: RuleSetError.self) { try RuleSetLoader.load(path: dir.appendingPathComponent("a.yaml").path) }
        do { _ = try RuleSetLoader.load(path: dir.appendingPathComponent("a.yaml").path) } catch let error as RuleSetError {
            #expect(error.message.hasPrefix("rule sets extend each other in a cycle"), "a file extending a link to itself: \(error)")
        }

        try "extends: loop1.yaml\nname: b\nversion: \"1\"\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        #expect(symlink("loop2.yaml", dir.appendingPathComponent("loop1.yaml").path) == 0)
        #expect(symlink("loop1.yaml", dir.appendingPathComponent("loop2.yaml").path) == 0)
        do {
            _ = try RuleSetLoader.load(path: dir.appendingPathComponent("b.yaml").path)
            Issue.record("a loop of links loaded")
        } catch let error as RuleSetError {
            #expect(error.message.hasSuffix("loop1.yaml: its symbolic links point at each other in a cycle"), "\(error)")
            #expect(error.line == 1 && error.column == 10, "at the extends value: \(error)")
        }
    }
}

@Suite("Rules that cannot be computed")
struct UncheckableRuleTests {
    @Test func aForEachThatIsNotAListFailsWithAClearMessage() throws {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("r.yaml")
        try """
        name: r
        version: "1"
        schemas: \(Repo.rules.path)/schemas
        sources: [{ file: a.txt }]
        rules:
          - id: R-1
            kinds: [mediator-profile]
            severity: error
            citation: { source: a.txt, section: S, text: "t" }
            forEach: doc.listing
            assert: "true"
            message: never
          - id: R-2
            kinds: [mediator-profile]
            severity: error
            citation: { source: a.txt, section: S, text: "t" }
            assert: doc.fee.amount > 1
            message: never
        """.write(to: file, atomically: true, encoding: .utf8)
        let ruleSet = try RuleSetLoader.load(path: file.path)
        let d = try Repo.load("{\"kind\":\"mediator-profile\",\"schemaVersion\":\"1\",\"id\":\"P\",\"listing\":{\"waiver\":\"none\"}}", as: "p.json")
        let result = Validator(ruleSet: ruleSet).validate(d, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
        let messages = Dictionary(uniqueKeysWithValues: result.deviations.map { ($0.rule, $0) })
        #expect(messages["R-1"]?.message == "Could not be checked: the items to check are map, not a list.")
        #expect(messages["R-1"]?.location.pointer.description == "/listing")
        #expect(messages["R-2"]?.message == "Could not be checked: the field 'fee' is missing.")
        #expect(messages["R-2"]?.outcome == .indeterminate)
        #expect(result.outcome(of: "R-2") == .indeterminate && result.outcome(of: "R-1") == .indeterminate)
        #expect(messages["R-2"]?.actual == "not checked")
        #expect(result.verdict == .fail)
    }
}

@Suite("Rule set limits")
struct RuleSetLimitTests {
    /// Nine levels of ten aliases each stand for a billion nodes in a file of a dozen lines.
    @Test func aYAMLAliasBombIsRefusedWithItsPlace() throws {
        let dir = Repo.scratch()
        var levels = "  a0: {value: &a0 [x, x, x, x, x, x, x, x, x, x], description: d}\n"
        for i in 1...8 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            levels += "  a\(i): {value: &a\(i) [\(refs)], description: d}\n"
        }
        try "name: bomb\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nparameters:\n\(levels)rules: []\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try RuleSetLoader.load(path: dir.path)
            Issue.record("the bomb loaded")
        } catch let error as RuleSetError {
            #expect(error.message.contains("expands to more than"), "\(error)")
            #expect((error.line ?? 0) > 1)
        }
    }
}
