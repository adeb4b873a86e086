import Foundation
import Testing
@testable import QAPCheckKit

/// `rules docs`: the rule set's documentation, generated from the rule set and its tests.
@Suite struct RuleDocumentationTests {
    static let ruleSet = try! RuleSetLoader.load(path: RuleSetFiles.builtIn)
    static let pages = RuleDocumentation(ruleSet: ruleSet, tests: try! RuleTestSuite.load(for: ruleSet)).pages()

    func page(_ name: String) -> String { Self.pages.first { $0.name == name }?.text ?? "" }

    @Test func theIndexLinksAPageForEveryRule() {
        #expect(Self.pages.count == Self.ruleSet.rules.count + 1)
        let index = page("index.md")
        for rule in Self.ruleSet.rules {
            #expect(index.contains("[`\(rule.id)`](\(rule.id).md)"), "\(rule.id)")
            #expect(Self.pages.contains { $0.name == "\(rule.id).md" })
        }
        for source in Self.ruleSet.sources { #expect(index.contains(source.name)) }
    }

    @Test func everyPageQuotesItsClauseAndSaysWhatItChecks() {
        let names = RuleDocumentation(ruleSet: Self.ruleSet, tests: nil).pageNames()
        for (rule, name) in zip(Self.ruleSet.rules, names) {
            let text = page(name)
            #expect(text.hasPrefix("# \(rule.id): \(rule.title)\n"))
            #expect(text.contains("> “\(rule.citation.text)”"), "\(rule.id)")
            #expect(!rule.description.isEmpty && text.contains(rule.description), "\(rule.id) has a description in plain words")
            #expect(!text.contains(".txt"), "a citation names the document, not a file of ours: \(rule.id)")
        }
    }

    @Test func parametersAreTheOnesTheRuleReadsWithTheirValues() {
        let hours = page("QAP-HOURS.md")
        #expect(hours.contains("| `minHours` | `200` |"))
        #expect(hours.contains("`mediationRoles`"))
        #expect(!hours.contains("`minCases`"), "a parameter the rule does not read is not listed")
    }

    @Test func everyShippedRuleHasAPassingAndAFailingExampleWithWhatIsReported() throws {
        for rule in Self.ruleSet.rules {
            let text = page("\(rule.id).md")
            let passes = try #require(text.range(of: "### Passes: `Fixtures/rules/"), "\(rule.id) has a passing example")
            let fails = try #require(text.range(of: "### Fails: `Fixtures/rules/"), "\(rule.id) has a failing example")
            #expect(passes.lowerBound < fails.lowerBound)
            let reported = text[fails.upperBound...].split(separator: "\n").filter { $0.hasPrefix("- line ") }
            #expect(!reported.isEmpty, "\(rule.id): the failing example shows what qapcheck reports")
        }
        // The failing example is the rule's own, and the reported message is the engine's own words.
        let hours = page("QAP-HOURS.md")
        #expect(hours.contains("### Fails: `Fixtures/rules/QAP-HOURS/"))
        #expect(hours.contains("hours over"), "the message as the rule words it, evaluated")
        #expect(hours.contains("```json") || hours.contains("```xml"))
    }

    @Test func aDateRuleShowsItsDueDate() {
        #expect(page("IMI-AUDIT-INTERVAL.md").contains("\ndue: due\n"))
        #expect(!page("QAP-HOURS.md").contains("\ndue:"))
    }

    @Test func aRuleSetWithoutTestsSaysSoInsteadOfInventingExamples() {
        let pages = RuleDocumentation(ruleSet: Self.ruleSet, tests: nil).pages()
        #expect(pages.dropFirst().allSatisfy { $0.text.contains("names no tests file, so there are no examples") })
    }

    @Test func theCommandWritesThePages() throws {
        let out = Repo.scratch().appendingPathComponent("docs")
        let run = try CLI.run(["rules", "docs", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == Self.pages.map(\.name).sorted())
        #expect(try String(contentsOf: out.appendingPathComponent("QAP-FEE.md"), encoding: .utf8) == page("QAP-FEE.md"))
    }
}
