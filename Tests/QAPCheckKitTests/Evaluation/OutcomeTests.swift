import Foundation
import Testing
@testable import QAPCheckKit

/// Every rule gets one of five outcomes per document; a value the schema check flagged makes the
/// rules reading it indeterminate, not a second error; nothing unproven passes; and no message
/// shows the evaluator's internals.
@Suite struct OutcomeTests {
    static let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)
    static let asOf = CivilDate(parsing: "2026-11-22")!

    func validate(_ fixture: String, phase: EvaluationContext.RunPhase = .application) throws -> DocumentResult {
        let dossier = try DossierLoader(schemas: Self.ruleSet.schemas).load(file: Repo.fixture(fixture))
        return Validator(ruleSet: Self.ruleSet).validate(dossier, context: EvaluationContext(asOf: Self.asOf, phase: phase))
    }

    @Test func everyRuleOfTheSetHasAnOutcome() throws {
        let r = try validate("rules/QAP-HOURS/fail-199.5.xml")
        let ids = Self.ruleSet.rules.map(\.id).reduce(into: [RuleID]()) { if !$0.contains($1) { $0.append($1) } }
        #expect(r.outcomes.map(\.rule) == ids, "one per rule, in rule set order")
        #expect(r.outcome(of: "QAP-HOURS") == .fail)
        #expect(r.outcome(of: "QAP-CASES") == .pass)
        #expect(r.outcome(of: "IMI-LISTING-GRACE") == .notApplicable, "another kind's rule")
        #expect(r.outcome(of: "QAP-ASSESSMENT-DONE") == .notApplicable, "a phase that does not run")
        for o in r.outcomes where o.outcome == .pass { #expect(r.passed.contains(o.rule)) }
    }

    @Test func outcomeCountsCountAsADictionaryWould() {
        var counts = OutcomeCounts()
        var dictionary: [Outcome: Int] = [:]
        // Each outcome a different number of times, so that counters swapped would show.
        for o: Outcome in [.pass, .fail, .fail, .exempt, .notApplicable, .pass, .indeterminate, .fail, .fail,
                           .notApplicable, .notApplicable, .indeterminate, .indeterminate, .indeterminate, .indeterminate] {
            counts.add(o)
            dictionary[o, default: 0] += 1
        }
        for o in Outcome.allCases { #expect(counts[o] == dictionary[o], "\(o)") }
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0.0, $0.1) }) == dictionary)
        #expect(counts.map(\.0) == Outcome.allCases.filter { dictionary[$0] != nil }, "in the order of the outcomes")
        #expect(OutcomeCounts()[.pass] == nil && Array(OutcomeCounts()).isEmpty, "no outcome yet: none listed")
    }

    @Test func aWhenThatRulesOutEveryItemMakesTheRuleNotApplicable() throws {
        let dir = Repo.scratch()
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n  - id: BIG-ONES\n    kinds: ['*']\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    forEach: doc.?xs.orValue([])\n    when: item > 5\n    assert: item < 10\n    message: m\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let validator = Validator(ruleSet: try RuleSetLoader.load(path: dir.path))
        func outcome(_ xs: String) throws -> Outcome? {
            let dossier = try Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"P","xs":"# + xs + "}", as: "p.json")
            return validator.validate(dossier, context: EvaluationContext(asOf: Self.asOf)).outcome(of: "BIG-ONES")
        }
        #expect(try outcome("[1, 2, 3]") == .notApplicable, "the when rules out every item")
        #expect(try outcome("[]") == .pass, "no items: the rule holds")
        #expect(try outcome("[1, 7]") == .pass)
        #expect(try outcome("[1, 12]") == .fail)
    }

    @Test func aValueTheSchemaFlaggedIsOneErrorAndTheRulesThatReadItAreIndeterminate() throws {
        let r = try validate("rules/SCHEMA/fail-wrong-type.xml")
        let schema = try #require(r.deviations.first { $0.rule == "SCHEMA" })
        let hours = try #require(r.deviations.first { $0.rule == "QAP-HOURS" })
        #expect(r.errorCount == 1, "one error: the schema's")
        #expect(hours.outcome == .indeterminate && hours.causedBy == "SCHEMA")
        #expect(hours.location == schema.location, "it points at the flagged value")
        #expect(hours.message == "Could not be checked: it reads /cases/3/hours, which SCHEMA found not valid.")
        #expect(r.outcome(of: "QAP-HOURS") == .indeterminate)
        #expect(r.verdict == .fail)
        let text = ReportFormat.text.renderer().render([r], header: ReportInjectionTests.info)
        #expect(text.contains(": note: QAP-HOURS Could not be checked"), "a note on the schema error, not a second error: \(text)")
        #expect(text.contains("(1 error, 0 warnings, 1 not decided)"))
    }

    /// Before, a rule whose check happened to hold on the wrong value passed: `"ten" != 0` is true.
    @Test func aRuleThatReadsAFlaggedValueIsUndecidedEvenWhenItsCheckWouldHold() throws {
        let dir = Repo.scratch()
        func rule(_ id: String, _ check: String) -> String {
            "  - id: \(id)\n    kinds: [mediator-application]\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    assert: \"\(check)\"\n    message: m\n"
        }
        let rules = rule("NON-ZERO", "doc.cases.all(c, c.hours != 0)")
            + rule("ABSORBED", "doc.cases.all(c, c.hours != 0 || true)")
            + rule("COUNTS-ONLY", "size(doc.cases) > 0")
            + rule("READS-OTHERS", "doc.cases.filter(c, c.role == 'mediator').size() >= 0")
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n  - id: SCHEMA\n    kinds: ['*']\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    check: schema\n    message: m\n\(rules)"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try RuleSetLoader.load(path: dir.path)
        let dossier = try DossierLoader(schemas: ruleSet.schemas).load(file: Repo.fixture("rules/SCHEMA/fail-wrong-type.xml"))
        let r = Validator(ruleSet: ruleSet).validate(dossier, context: EvaluationContext(asOf: Self.asOf))
        let schema = try #require(r.deviations.first { $0.rule == "SCHEMA" })
        #expect(r.outcome(of: "NON-ZERO") == .indeterminate, "it read the flagged hours")
        let nonZero = try #require(r.deviations.first { $0.rule == "NON-ZERO" })
        #expect(nonZero.causedBy == "SCHEMA" && nonZero.location == schema.location)
        #expect(nonZero.message == "Could not be checked: it reads /cases/3/hours, which SCHEMA found not valid.")
        #expect(r.outcome(of: "ABSORBED") == .pass, "the rest of the check decides without the value")
        #expect(r.outcome(of: "COUNTS-ONLY") == .pass, "it reads no flagged value")
        #expect(r.outcome(of: "READS-OTHERS") == .pass, "it reads other fields of the same items")
        #expect(r.errorCount == 1, "still one error: the schema's")
        // Without the schema rule nothing is flagged, and the check reads the value as written.
        let plain = Repo.scratch()
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n\(rules)"
            .write(to: plain.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let unguarded = Validator(ruleSet: try RuleSetLoader.load(path: plain.path)).validate(dossier, context: EvaluationContext(asOf: Self.asOf))
        #expect(unguarded.outcome(of: "NON-ZERO") == .pass)
    }

    /// Each rule runs on the kinds it names and on no other: every kind, one, or several, for a
    /// dossier of each kind, and one of a kind no rule names.
    @Test func aRuleRunsOnTheKindsItNames() throws {
        let dir = Repo.scratch()
        func rule(_ id: String, _ kinds: String) -> String {
            "  - id: \(id)\n    kinds: \(kinds)\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    assert: 'true'\n    message: m\n"
        }
        let rules = rule("EVERY", "['*']") + rule("PROFILE", "[mediator-profile]") + rule("APP-OR-AUDIT", "[mediator-application, program-audit]")
            + rule("APP", "[mediator-application]") + rule("AUDIT-OR-PROFILE", "[program-audit, mediator-profile]")
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n\(rules)"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let validator = Validator(ruleSet: try RuleSetLoader.load(path: dir.path))
        let ran: [String: Set<RuleID>] = [
            "mediator-profile": ["EVERY", "PROFILE", "AUDIT-OR-PROFILE"],
            "mediator-application": ["EVERY", "APP-OR-AUDIT", "APP"],
            "program-audit": ["EVERY", "APP-OR-AUDIT", "AUDIT-OR-PROFILE"],
        ]
        for (kind, expected) in ran {
            let dossier = try Repo.load(#"{"kind":"\#(kind)","schemaVersion":"1","id":"X"}"#, as: "k.json")
            let r = validator.validate(dossier, context: EvaluationContext(asOf: Self.asOf))
            let applied = Set(["EVERY", "PROFILE", "APP-OR-AUDIT", "APP", "AUDIT-OR-PROFILE"].map { RuleID(rawValue: $0) }.filter { r.outcome(of: $0) != .notApplicable })
            #expect(applied == expected, "\(kind)")
        }
    }

    @Test func nothingUnprovenPasses() throws {
        let dir = Repo.scratch()
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n  - id: NEEDS-FEE\n    kinds: ['*']\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    assert: doc.fee.amount > 0\n    message: m\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try RuleSetLoader.load(path: dir.path)
        let dossier = try Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"P"}"#, as: "p.json")
        let r = Validator(ruleSet: ruleSet).validate(dossier, context: EvaluationContext(asOf: Self.asOf))
        #expect(r.outcome(of: "NEEDS-FEE") == .indeterminate)
        #expect(r.verdict == .fail, "an undecided error-severity rule fails the document")
        #expect(r.deviations.first?.message == "Could not be checked: the field 'fee' is missing.")
    }

    @Test func theJSONReportHasOutcomesAndTheSummaryCountsThemByRule() throws {
        let run = try CLI.validate(["Fixtures", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let documents = try #require(object["documents"] as? [[String: Any]])
        let summary = try #require(object["summary"] as? [String: Any])
        let byRule = try #require(summary["byRule"] as? [String: [String: Int]])
        let readable = documents.filter { $0["error"] == nil }
        #expect(byRule.count == Set(Self.ruleSet.rules.map(\.id)).count)
        for (rule, counts) in byRule {
            #expect(counts.values.reduce(0, +) == readable.count, "\(rule): an outcome for every readable document")
            let fromDocuments = readable.filter { (($0["outcomes"] as? [String: String])?[rule]) == "fail" }.count
            #expect(counts["fail"] == fromDocuments, "\(rule)")
        }
        for document in readable { #expect((document["outcomes"] as? [String: String])?.count == byRule.count) }
    }

    @Test func noMessageShowsTheEvaluatorsInternals() throws {
        let run = try CLI.validate(["Fixtures", "--format", "jsonl", "--phase", "certification"])
        for word in ["overload", "_+_", "sum(", "no such key", "dyn"] {
            #expect(!run.stdout.contains(word), "a message says '\(word)'")
        }
    }

    @Test func theAppraisersReportsShowEachDocumentsClauseMatrix() throws {
        let r = try validate("rules/QAP-HOURS/fail-199.5.xml")
        let md = ReportFormat.markdown.renderer().render([r], header: ReportInjectionTests.info)
        #expect(md.contains("| QAP-HOURS | fail | “200 hours of mediation experience” | \\>= 200 | 199.5 |"), "\(md)")
        #expect(md.contains("| QAP-CASES | pass | “Completion of at least 26 cases.” |"))
        #expect(md.contains("| IMI-LISTING-GRACE | not-applicable |"))
        let rows = md.components(separatedBy: "#### Clause by clause")[1].split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Rule") && !$0.hasPrefix("| ---") }
        #expect(rows.count == r.outcomes.count, "a row for every rule of the set")
        let html = ReportFormat.html.renderer().render([r], header: ReportInjectionTests.info)
        #expect(html.contains("<tr class=\"fail\"><td>QAP-HOURS</td><td>fail</td><td>“200 hours of mediation experience”</td><td>&gt;= 200</td><td>199.5</td></tr>"))
    }

    /// Text and GitHub list every rule's outcome per document when asked, and all formats count
    /// the outcomes of the batch; SARIF gives each result's outcome and the counts per rule.
    @Test func everyFormatShowsTheFiveOutcomes() throws {
        let file = "Fixtures/rules/SCHEMA/fail-wrong-type.xml"
        let rules = Set(Self.ruleSet.rules.map(\.id)).count
        for format in ["text", "github"] {
            let run = try CLI.validate([file, "--format", format, "--outcomes"])
            let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("\(file): ") }
            #expect(lines.count == rules + 1, "\(format): the date whose rules judged it, and a line per rule of the set\n\(run.stdout)")
            #expect(lines.first == "\(file): rules in force on 2026-10-01 (submitted)", "\(format)")
            #expect(lines.contains { $0.hasPrefix("\(file): indeterminate: QAP-HOURS ") }, "\(format)")
            #expect(lines.contains { $0.hasPrefix("\(file): not applicable: IMI-LISTING-GRACE ") }, "\(format)")
            let counted = try validate("rules/SCHEMA/fail-wrong-type.xml").outcomes
            func n(_ o: Outcome) -> Int { counted.filter { $0.outcome == o }.count }
            #expect(n(.fail) == 1 && n(.indeterminate) == 1 && n(.notApplicable) > 20)
            #expect(run.stdout.contains("rule outcomes: \(n(.pass)) pass, 1 fail, \(n(.notApplicable)) not applicable, 1 indeterminate, 0 exempt\n"), "\(format): \(run.stdout)")
            let plain = try CLI.validate([file, "--format", format])
            #expect(!plain.stdout.contains("\(file): pass: "), "\(format): only when asked")
        }
        let sarif = try CLI.validate([file, "--format", "sarif"])
        let run = try #require(((try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        let counts = try #require((run["properties"] as? [String: Any])?["outcomes"] as? [String: [String: Int]])
        #expect(counts.count == rules && counts.values.allSatisfy { $0.count == 5 && $0.values.reduce(0, +) == 1 })
        #expect(counts["QAP-HOURS"]?["indeterminate"] == 1 && counts["SCHEMA"]?["fail"] == 1 && counts["QAP-CASES"]?["pass"] == 1)
        let outcomes = (run["results"] as? [[String: Any]] ?? []).map { result in
            (result["ruleId"] as? String, (result["properties"] as? [String: Any])?["outcome"] as? String)
        }
        #expect(outcomes.contains { $0 == ("QAP-HOURS", "indeterminate") } && outcomes.contains { $0 == ("SCHEMA", "fail") }, "\(outcomes)")
    }
}
