import Foundation
import Testing
@testable import QAPCheckKit

@Suite("The shipped rule catalogue")
struct RuleCatalogueTests {
    static let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)
    static let shared = Repo.root.deletingLastPathComponent().appendingPathComponent("shared")

    /// (id, severity) of every rule row in the spec's tables, version 2's additions included (its
    /// changed row, "QAP-TRAINING-EVIDENCE (changed)", names a rule already counted).
    static func specifiedRules() throws -> [(id: String, severity: String)] {
        let text = try String(contentsOf: shared.appendingPathComponent("spec/rules.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 3, cells[1].range(of: "^[A-Z][A-Z-]+$", options: .regularExpression) != nil, cells[1] != "---" else { return nil }
            return (cells[1], cells[2])
        }
    }

    @Test(.enabled(if: Repo.hasShared, Repo.sharedReason))
    func everyRuleOfTheSpecIsInTheRuleSetWithItsSeverity() throws {
        let specified = try Self.specifiedRules()
        // The 33 rules of the first table and the four additions of version 2; QAP-TRAINING-SPONSOR,
        // the fifth, is named in the text of QAP-TRAINING-EVIDENCE's row, a warning.
        #expect(specified.count == 37)
        #expect(Set(specified.map(\.id)).union(["QAP-TRAINING-SPONSOR"]) == Set(Self.ruleSet.rules.map(\.id.rawValue)))
        #expect(Self.ruleSet.rule("QAP-TRAINING-SPONSOR")?.severity == .warning)
        for (id, severity) in specified {
            #expect(Self.ruleSet.rule(RuleID(id))?.severity.rawValue == severity, "severity of \(id)")
        }
    }

    @Test(.enabled(if: Repo.hasShared, Repo.sharedReason))
    func everyCitationIsQuotedVerbatimFromTheFileItNames() throws {
        for rule in Self.ruleSet.rules {
            // A citation names its document by title; the rule set's sources say which file that is.
            guard let source = Self.ruleSet.sources.first(where: { $0.name == rule.citation.source }) else {
                Issue.record("\(rule.id) cites '\(rule.citation.source)', which is none of the rule set's sources")
                continue
            }
            #expect(!rule.citation.source.contains(source.file), "\(rule.id): a report must not show the file name \(source.file)")
            let candidates = ["seeds", "spec"].map { Self.shared.appendingPathComponent($0).appendingPathComponent(source.file) }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                Issue.record("\(rule.id) cites \(rule.citation.source), which is in neither seeds/ nor spec/")
                continue
            }
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(rule.citation.text), "\(rule.id): the quoted text is not in \(rule.citation.source)")
            #expect(text.contains(rule.citation.section), "\(rule.id): section '\(rule.citation.section)' is not in \(rule.citation.source)")
        }
    }

    @Test func theRuleSetsOwnTestCasesAllPass() throws {
        let suite = try RuleTestSuite.load(for: Self.ruleSet)
        let results = suite.run(Self.ruleSet)
        #expect(results.count >= 66)
        for r in results where !r.passed { Issue.record("\(r.testCase.file): \(r.problem)") }
    }

    @Test func aTestCaseCanExpectARulesOutcomeAndAWrongExpectationFails() throws {
        let dir = Repo.scratch()
        let fixture = Repo.fixture("rules/SCHEMA/fail-wrong-type.xml")
        func suite(_ outcomes: String) throws -> RuleTestSuite {
            let file = dir.appendingPathComponent("tests.yaml")
            try "cases:\n  - file: \(fixture)\n    verdict: fail\n    failing: [SCHEMA, QAP-HOURS]\n    outcomes: \(outcomes)\n"
                .write(to: file, atomically: true, encoding: .utf8)
            return try RuleTestSuite.load(file: file.path)
        }
        #expect(try suite("{QAP-HOURS: indeterminate, QAP-CASES: pass}").run(Self.ruleSet).allSatisfy(\.passed))
        let wrong = try suite("{QAP-HOURS: fail, NO-SUCH-RULE: pass}").run(Self.ruleSet)
        #expect(wrong.first?.passed == false)
        #expect(wrong.first?.problem.contains("QAP-HOURS is indeterminate, expected fail") == true, "\(wrong.first?.problem ?? "")")
        #expect(wrong.first?.problem.contains("NO-SUCH-RULE is no rule of the set, expected pass") == true)
        do {
            _ = try suite("{QAP-HOURS: undecided}")
            Issue.record("an outcome that does not exist was accepted")
        } catch let e as RuleSetError {
            #expect(e.description.contains("'undecided' is not an outcome") && e.line == 5, "\(e)")
        }
    }

    @Test func aTestCaseCanExpectTheDateWhoseRulesJudgeIt() throws {
        let file = Repo.scratch().appendingPathComponent("tests.yaml")
        let fixture = Repo.fixture("rules/IMI-LISTING-GRACE/warn-expired-lapsed-before-policy-change.xml")
        func run(_ date: String) throws -> RuleTestSuite.Result? {
            try "cases:\n  - file: \(fixture)\n    asOf: 2026-11-22\n    verdict: pass\n    failing: [IMI-LISTING-GRACE]\n    rulesOn: \(date)\n"
                .write(to: file, atomically: true, encoding: .utf8)
            return try RuleTestSuite.load(file: file.path).run(Self.ruleSet).first
        }
        #expect(try run("2019-06-30")?.passed == true)
        let wrong = try run("2026-11-22")
        #expect(wrong?.passed == false)
        #expect(wrong?.problem == "judged by the rules of 2019-06-30 (listing lapse), expected 2026-11-22")
    }

    @Test func everyRuleHasAPassingAndAFailingFixtureAndBothEncodingsAppear() throws {
        let suite = try RuleTestSuite.load(for: Self.ruleSet)
        for rule in Self.ruleSet.rules {
            let mine = suite.cases.filter { $0.file.contains("/\(rule.id)/") }
            #expect(mine.contains { $0.failing.contains(rule.id) }, "\(rule.id) has no failing fixture")
            #expect(mine.contains { !$0.failing.contains(rule.id) }, "\(rule.id) has no passing fixture")
        }
        #expect(suite.cases.contains { $0.file.hasSuffix(".json") })
        #expect(suite.cases.contains { $0.file.hasSuffix(".xml") })
    }

    @Test func assessmentRulesAreSkippedAndListedAsSkippedOutsideTheirPhase() throws {
        let dossier = try Repo.loader().load(file: Repo.fixture("rules/QAP-CASES/pass-26.json"))
        let validator = Validator(ruleSet: Self.ruleSet)
        let asOf = CivilDate(parsing: "2026-11-22")!
        let application = validator.validate(dossier, context: EvaluationContext(asOf: asOf))
        let assessment = Self.ruleSet.rules.filter { $0.phase == "assessment" }.map(\.id)
        #expect(assessment.count == 7)
        #expect(Set(application.skipped) == Set(assessment))
        #expect(application.verdict == .pass)
        let certification = validator.validate(dossier, context: EvaluationContext(asOf: asOf, phase: .certification))
        #expect(certification.skipped.isEmpty)
        // No assessment: DONE fails, and the rules that read it are undecided, never passed.
        #expect(certification.outcome(of: "QAP-ASSESSMENT-DONE") == .fail)
        #expect(certification.outcome(of: "QAP-ASSESSMENT-AFTER-APPROVAL") == .notApplicable, "no dates to compare")
        for id in assessment where id != "QAP-ASSESSMENT-DONE" && id != "QAP-ASSESSMENT-AFTER-APPROVAL" {
            #expect(certification.outcome(of: id) == .indeterminate, "\(id)")
            #expect(!certification.passed.contains(id) && !RunInfo(ruleSet: Self.ruleSet, context: EvaluationContext(asOf: asOf)).strengths(of: certification).contains(id))
        }
    }

    @Test func deviationsCarryTheCitationTheValuesFoundAndThePlace() throws {
        let dossier = try Repo.loader().load(file: Repo.fixture("rules/QAP-HOURS/fail-199.5.xml"))
        let result = Validator(ruleSet: Self.ruleSet).validate(dossier, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
        let d = try #require(result.deviations.first)
        #expect(d.rule == "QAP-HOURS")
        #expect(d.message == "Mediation experience is 199.5 hours over 26 mediation cases; at least 200 are required.")
        #expect(d.citation.text == "200 hours of mediation experience")
        #expect(d.location.pointer.description == "/cases")
        #expect(d.expected == ">= 200")
        #expect(d.actual == "199.5")
    }

    @Test func perItemDeviationsPointAtTheItem() throws {
        let dossier = try Repo.loader().load(file: Repo.fixture("rules/QAP-ATTACHMENT-PATH/fail-leaves-folder.json"))
        let result = Validator(ruleSet: Self.ruleSet).validate(dossier, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
        let d = try #require(result.deviations.first { $0.rule == "QAP-ATTACHMENT-PATH" })
        #expect(d.location.pointer.description == "/training/0/syllabus")
        #expect(dossier.root.resolve(try JSONPointer(parsing: d.location.pointer.description))?.location == SourceLocation(line: d.location.line, column: d.location.column))
    }

    @Test func noMessageCopiesAPersonalField() throws {
        let validator = Validator(ruleSet: Self.ruleSet)
        let personal = ["Ana Ruiz", "ana@example.org", "J. Smith", "Lena Fischer", "M. Duval", "m. duval", "P. Novak", "facilitative", "R. Okafor"]
        for c in try RuleTestSuite.load(for: Self.ruleSet).cases {
            guard let d = try? Repo.loader().load(file: c.file) else { continue }
            for deviation in validator.validate(d, context: c.context).deviations {
                let text = [deviation.message, deviation.expected ?? "", deviation.actual ?? ""].joined(separator: " ")
                for p in personal { #expect(!text.contains(p), "\(deviation.rule) copies '\(p)' in \(c.file)") }
            }
        }
    }
}
