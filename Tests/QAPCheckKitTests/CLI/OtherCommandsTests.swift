import Foundation
import Testing
@testable import QAPCheckKit

@Suite("rules, explain and eval")
struct OtherCommandsTests {
    @Test func rulesListShowsEveryRuleWithItsSeverityKindsPhaseAndSource() throws {
        let run = try CLI.run(["rules", "list"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        #expect(lines.count == ruleSet.rules.count + 1, "a header and a line per rule version")
        #expect(lines.filter { $0.hasPrefix("IMI-LISTING-GRACE ") }.map { $0.contains("until 2020-09-30") } == [true, false])
        // On a date, one version of each rule in force then.
        let on2019 = try CLI.run(["rules", "list", "--as-of", "2019-06-30"]).stdout.split(separator: "\n")
        #expect(on2019.count == Set(ruleSet.rules.map(\.id)).count, "every rule but IMI-LISTING-STRICKEN, and a header")
        #expect(!on2019.contains { $0.hasPrefix("IMI-LISTING-STRICKEN ") })
        #expect(on2019.filter { $0.hasPrefix("IMI-LISTING-GRACE ") }.count == 1)
        #expect(lines.first?.hasPrefix("ID") == true)
        let hours = try #require(lines.first { $0.hasPrefix("QAP-HOURS ") })
        #expect(hours.contains("error") && hours.contains("mediator-application") && hours.contains("application") && hours.contains("CPR Institute, \"IMI Qualifying Assessment Program\""), "\(hours)")
        #expect(!run.stdout.contains(".txt"), "a citation names the document, never a file of ours")
        let grace = try CLI.run(["explain", "IMI-LISTING-GRACE"])
        #expect(grace.stdout.contains("Enforces International Mediation Institute, \"Quality Assurance\", page last updated 5 January 2021, section"), "\(grace.stdout)")
        #expect(lines.contains { $0.hasPrefix("QAP-ASSESSMENT-FORMAT ") && $0.contains("assessment") })
    }

    @Test func rulesListAsJSONAndMarkdown() throws {
        let json = try CLI.run(["rules", "list", "--format", "json"])
        #expect(json.status == 0)
        let infos = try JSONDecoder().decode([RuleInfo].self, from: Data(json.stdout.utf8))
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        #expect(infos == ruleSet.rules.map(\.info), "every rule, read back as the reports' rule metadata")
        let markdown = try CLI.run(["rules", "list", "--format", "markdown"])
        let rows = markdown.stdout.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == ruleSet.rules.count)
        #expect(rows.contains { $0.hasPrefix("| `QAP-HOURS` | error | mediator-application | application | always | 200 hours of mediation experience |") })
        #expect(rows.contains { $0.hasPrefix("| `IMI-LISTING-STRICKEN` | error | mediator-profile | application | from 2020-09-30 |") })
        #expect(try CLI.run(["rules", "list", "--format", "yaml"]).status != 0)
    }

    @Test func rulesCheckAndRulesTestPass() throws {
        let check = try CLI.run(["rules", "check"])
        #expect(check.status == 0)
        #expect(check.stdout.hasPrefix("imi-cpr 2: 38 rules (39 versions)"))
        let test = try CLI.run(["rules", "test"])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.range(of: #"^\d+ passed, 0 failed$"#, options: [.regularExpression, .anchored]) != nil || test.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    @Test func explainShowsTheRuleItsParametersAndTheQuotedClause() throws {
        let run = try CLI.run(["explain", "QAP-HOURS"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("QAP-HOURS: 200 hours of mediation experience"))
        #expect(run.stdout.contains("“200 hours of mediation experience”"))
        #expect(run.stdout.contains("minHours = 200"))
        #expect(run.stdout.contains("assert: hours >= params.minHours"))
        let cases = try CLI.run(["explain", "QAP-CASES"]).stdout
        #expect(cases.contains("minCases = 26") && cases.contains("mediationRoles = [mediator, co-mediator]"))
        #expect(!cases.contains("minHours"), "only the parameters the rule reads")
        let unknown = try CLI.run(["explain", "QAP-NOPE"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("no rule 'QAP-NOPE'"))
    }

    @Test func evalPrintsTheValueAsJSON() throws {
        let run = try CLI.run(["eval", "doc.cases.map(c, {'id': c.id, 'hours': c.hours})", "--input", "Fixtures/forms/application-elements.xml"])
        #expect(run.status == 0)
        #expect(run.stdout == "[{\"id\":\"C-001\",\"hours\":8.5},{\"id\":\"C-002\",\"hours\":12}]\n")
        let date = try CLI.run(["eval", "asOf.addYears(params.graceYears)", "--as-of", "2024-02-29"])
        #expect(date.stdout == "\"2025-02-28\"\n")
    }

    @Test func evalOfABadExpressionExitsThreeWithTheColumn() throws {
        let run = try CLI.run(["eval", "doc.cases.size() >= ", "--input", "Fixtures/forms/application.json"])
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("error: column 21: unexpected end of expression; expected a value"))
        let unknown = try CLI.run(["eval", "dossier.id"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("column 1: undeclared reference to 'dossier'"))
    }
}

@Suite("Colour on a terminal")
struct ColourTests {
    func onTerminal(_ environment: String) throws -> String {
        let command = "\(environment) \(CLI.binary.path) validate Fixtures/rules/QAP-FEE --as-of 2026-11-22 --quiet"
        return try CLI.runTool("/usr/bin/script", ["-qec", command, "/dev/null"]).stdout
    }

    @Test(.enabled(if: ProgressBarTests.hasScript)) func textIsColouredOnATerminalUnlessNoColorIsSet() throws {
        #expect(try onTerminal("env -u NO_COLOR").contains("\u{1B}[1;31merror\u{1B}[0m"))
        let plain = try onTerminal("env NO_COLOR=1")
        #expect(plain.contains("error: QAP-FEE"))
        #expect(!plain.contains("\u{1B}[1;31m"))
    }
}

@Suite("The corpus generator")
struct CorpusGeneratorTests {
    func generate(_ n: Int, seed: Int) throws -> URL {
        let dir = Repo.scratch()
        let run = try CLI.runTool("/usr/bin/env", ["python3", "scripts/gen-corpus", String(n), dir.path, "--seed", String(seed)])
        #expect(run.status == 0, "\(run.stderr)")
        return dir
    }

    @Test func isDeterministicPerSeedAndMixesKindsEncodingsAndFailures() throws {
        let a = try generate(400, seed: 5), b = try generate(400, seed: 5), c = try generate(400, seed: 6)
        let manifest = { (d: URL) in try String(contentsOf: d.appendingPathComponent("MANIFEST"), encoding: .utf8) }
        #expect(try manifest(a) == manifest(b))
        #expect(try manifest(a) != manifest(c))
        let rows = try manifest(a).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == 400)
        for row in rows.prefix(20) {
            #expect(try Data(contentsOf: a.appendingPathComponent(row[0])) == Data(contentsOf: b.appendingPathComponent(row[0])))
        }
        #expect(Set(rows.map { $0[1] }) == ["mediator-application", "mediator-profile", "program-audit"])
        #expect(Set(rows.map { $0[2] }) == ["json", "attributes", "elements"])
        let failing = Double(rows.filter { $0[3] == "fail" }.count) / 400
        #expect(failing > 0.12 && failing < 0.28, "about 20% fail: \(failing)")
        // The validator agrees: the dossiers made to fail fail, the others pass.
        let run = try CLI.validate([a.path, "--format", "csv"])
        let verdicts = Dictionary(uniqueKeysWithValues: run.stdout.split(separator: "\r\n").dropFirst().map {
            let cells = $0.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells[0]).replacingOccurrences(of: a.path + "/", with: ""), String(cells[3]))
        })
        for row in rows { #expect(verdicts[row[0]] == row[3], "\(row[0]) is \(verdicts[row[0]] ?? "missing"), made to \(row[3])") }
    }

    @Test func applicationsHaveRealisticSizes() throws {
        let dir = try generate(60, seed: 9)
        let rows = try String(contentsOf: dir.appendingPathComponent("MANIFEST"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        for row in rows where row[1] == "mediator-application" && row[2] == "json" && row[3] == "pass" {
            let d = try Repo.loader().load(file: dir.appendingPathComponent(row[0]).path)
            guard case .array(let cases)? = d.root["cases"]?.value, case .array(let forms)? = d.root["feedbackForms"]?.value,
                  case .array(let training)? = d.root["training"]?.value else { Issue.record("lists missing"); continue }
            #expect((26...60).contains(cases.count))
            #expect((15...30).contains(forms.count))
            #expect((1...3).contains(training.count))
        }
    }
}

@Suite("A dossier without its identity")
struct MissingIdentityTests {
    @Test func missingSchemaVersionAndIdAreSchemaDeviations() throws {
        let d = try Repo.load("{\n  \"kind\": \"mediator-profile\"\n}", as: "anon.json")
        let result = Validator(ruleSet: try RuleSetLoader.load(path: Repo.rules.path)).validate(d, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
        #expect(result.verdict == .fail)
        #expect(result.deviations.filter { $0.rule == "SCHEMA" }.map(\.location.pointer.description).sorted() == ["/id", "/schemaVersion"])
    }

    /// Without a kind no rule can be chosen: the file is an error, never a pass or a fail.
    @Test(arguments: ["5", "null", "true", "[]", "{}", "\"\"", nil] as [String?])
    func aMissingOrNonStringKindIsAnUnknownKind(kind: String?) throws {
        let text = "{\"schemaVersion\": \"1\", \"id\": \"P-1\"" + (kind.map { ", \"kind\": \($0)" } ?? "") + "}"
        let error = try #require(Repo.error(text, as: "k.json"), "\(text) loaded")
        #expect(error.reason == .unknownKind)
        #expect(error.message.hasPrefix("unknown kind"))
        #expect(error.location != nil)
        let dir = Repo.scratch()
        try text.write(to: dir.appendingPathComponent("k.json"), atomically: true, encoding: .utf8)
        let run = try CLI.validate([dir.appendingPathComponent("k.json").path, "--format", "csv"])
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stdout.contains(",error,"))
    }
}
