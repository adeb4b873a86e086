import Foundation
import Testing
@testable import QAPCheckKit

/// A `let` several rules write alike is computed once per document, and sharing it changes no
/// result: not the value, not a rule's outcome when another rule's budget ran out first.
@Suite struct SharedLetsTests {
    static let asOf = CivilDate(parsing: "2026-11-22")!

    /// A rule set of the given rules (YAML entries), over the shipped schemas.
    func ruleSet(_ rules: String) throws -> RuleSet {
        let dir = Repo.scratch()
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n\(rules)"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        return try RuleSetLoader.load(path: dir.path)
    }

    func rule(_ id: String, lets: [(String, String)], assert check: String, forEach: String? = nil) -> String {
        var text = "  - id: \(id)\n    kinds: ['*']\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n"
        if let forEach { text += "    forEach: \"\(forEach)\"\n" }
        text += "    let:\n" + lets.map { "      \($0.0): \"\($0.1)\"\n" }.joined()
        return text + "    assert: \"\(check)\"\n    message: m\n"
    }

    @Test func theShippedRulesShareTheMediationCasesAndCaseIdsOfAnApplication() throws {
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        let shared = SharedLets(rules: ruleSet.rules)
        func place(_ id: RuleID, _ name: String) throws -> Int? {
            let r = try #require(ruleSet.rules.firstIndex { $0.id == id })
            guard case .expression(let check) = ruleSet.rules[r].check else { return nil }
            let l = try #require(check.lets.firstIndex { $0.name == name })
            return shared.places[r][l]
        }
        let caseIds = try place("QAP-REFERENCES", "caseIds")
        #expect(caseIds != nil, "two rules write it alike, over the document alone")
        #expect(try place("QAP-REFERENCE-VALID", "caseIds") == caseIds)
        #expect(try place("QAP-REFERENCE-VALID", "name") == nil, "it reads the item")
        #expect(try place("QAP-REFERENCES", "eligible") == nil, "written once")
        let cases = try place("QAP-HOURS", "mediationCases")
        #expect(cases != nil && cases != caseIds)
        for id: RuleID in ["QAP-CASES", "QAP-REFERENCES", "QAP-REFERENCE-VALID"] {
            #expect(try place(id, "mediationCases") == cases, "\(id) picks the mediation cases as QAP-HOURS does")
        }
        #expect(shared.places.count == ruleSet.rules.count)
    }

    @Test func onlyLetsOverTheDocumentAloneWrittenAlikeInTheSamePeriodAreShared() throws {
        let set = try ruleSet(
            rule("A", lets: [("n", "size(doc.?xs.orValue([]))"), ("m", "n + 1")], assert: "m > 0")
                + rule("B", lets: [("n", "size(doc.?xs.orValue([]))"), ("m", "n + 1")], assert: "m > 0")
                + rule("C", lets: [("k", "item + size(doc.?xs.orValue([]))")], assert: "k > 0", forEach: "doc.?xs.orValue([])")
                + rule("D", lets: [("k", "item + size(doc.?xs.orValue([]))")], assert: "k > 0", forEach: "doc.?xs.orValue([])")
                + rule("E", lets: [("alone", "size(doc.?ys.orValue([]))")], assert: "alone >= 0")
                + rule("F", lets: [("n", "size(doc.?xs.orValue([]))")], assert: "n >= 0") + "    effective: { from: 2019-01-01 }\n"
                + rule("G", lets: [("n", "size(doc.?ys.orValue([]))"), ("m", "n + 1")], assert: "m > 0")
                + rule("H", lets: [("k", "item"), ("m", "k + 1")], assert: "m > 0", forEach: "doc.?xs.orValue([])")
                + rule("I", lets: [("k", "item"), ("m", "k + 1")], assert: "m > 0", forEach: "doc.?xs.orValue([])"))
        let shared = SharedLets(rules: set.rules)
        #expect(shared.count == 3)
        #expect(shared.places[0] == [0, 1], "n is shared, and so is m, which reads n and only n")
        #expect(shared.places[1] == [0, 1])
        #expect(shared.places[2] == [nil] && shared.places[3] == [nil], "a let over the item is each item's own")
        #expect(shared.places[4] == [2], "written alike in G, over the document alone")
        #expect(shared.places[5] == [nil], "another period: other parameters may have been folded into it")
        #expect(shared.places[6] == [2, nil], "m is written as A's is, but the n it reads is another")
        #expect(shared.places[7] == [nil, nil] && shared.places[8] == [nil, nil], "m reads a let that reads the item")
    }

    @Test func aLetReadingASharedLetGivesWhatItsOwnRuleWouldHaveComputed() throws {
        let set = try ruleSet(
            rule("A", lets: [("big", "doc.xs.filter(x, x > 3)"), ("n", "size(big)")], assert: "n == 7")
                + rule("B", lets: [("big", "doc.xs.filter(x, x > 3)"), ("n", "size(big)")], assert: "n == 7")
                + rule("C", lets: [("big", "doc.xs.filter(x, x > 8)"), ("n", "size(big)")], assert: "n == 2"))
        #expect(SharedLets(rules: set.rules).places == [[0, 1], [0, 1], [nil, nil]])
        let dossier = try Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"P","xs":[1,2,3,4,5,6,7,8,9,10]}"#, as: "p.json")
        let result = Validator(ruleSet: set).validate(dossier, context: EvaluationContext(asOf: Self.asOf))
        for id: RuleID in ["A", "B", "C"] {
            #expect(result.outcome(of: id) == .pass, "\(id): \(result.deviations.map(\.message))")
        }
    }

    @Test func aSharedLetIsComputedOnceAndChargedOnce() throws {
        let program = try CELProgram.compile("[1, 2, 3].map(x, x * 2)", declarations: CELDeclarations(variables: []))
        let values = SharedLetValues(count: 1)
        var first = EvaluationBudget(limit: 100)
        let a = values.value(at: 0, of: program, [], budget: &first)
        #expect(first.remaining < 100, "the first rule pays for it")
        var second = EvaluationBudget(limit: 100)
        let b = values.value(at: 0, of: program, [], budget: &second)
        #expect(second.remaining == 100, "the next rule finds it computed")
        #expect(CELValue.equal(a, b))
        var alone = EvaluationBudget(limit: 100)
        _ = values.value(at: nil, of: program, [], budget: &alone)
        #expect(alone.remaining == first.remaining, "a let of its own is computed every time")
    }

    @Test func aLetThatRanOutOfOneRulesBudgetIsComputedAfreshForTheNext() throws {
        // A spends most of its budget before it reaches ids; B reaches ids with all of its own.
        let waste = "doc.xs.map(x, doc.xs.map(y, x * y)).size()"
        let set = try ruleSet(
            rule("A", lets: [("waste", waste), ("ids", "doc.xs.filter(x, x > 0)")], assert: "waste > 0 && size(ids) == 10")
                + rule("B", lets: [("ids", "doc.xs.filter(x, x > 0)")], assert: "size(ids) == 10"))
        #expect(SharedLets(rules: set.rules).places[1] == [0])
        let dossier = try Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"P","xs":[1,2,3,4,5,6,7,8,9,10]}"#, as: "p.json")
        let result = Validator(ruleSet: set).validate(dossier, context: EvaluationContext(asOf: Self.asOf, maxCost: 60))
        #expect(result.outcome(of: "A") == .indeterminate, "A runs out: \(result.deviations.map(\.message))")
        #expect(result.outcome(of: "B") == .pass, "B computes ids within its own budget: \(result.deviations.map(\.message))")
        let roomy = Validator(ruleSet: set).validate(dossier, context: EvaluationContext(asOf: Self.asOf))
        #expect(roomy.outcome(of: "A") == .pass && roomy.outcome(of: "B") == .pass)
    }
}
