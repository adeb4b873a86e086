import Foundation
import Testing
@testable import QAPCheckKit

/// Due soon: a rule that holds at as-of but stops holding within `--due-within` days gives a
/// notice with the date; a notice fails nothing.
@Suite struct DueSoonTests {
    static let waiver = "Fixtures/rules/IMI-LISTING-GRACE/pass-full-waiver.json"   // waived until 2027-01-01

    @Test func aListingRunningOutWithinTheWindowGetsANoticeWithItsDate() throws {
        let run = try CLI.validate([Self.waiver, "--due-within", "60"])
        #expect(run.status == 0, "a notice fails nothing")
        #expect(run.stdout.contains(": note: IMI-LISTING-GRACE Falls due on 2027-01-01, in 40 days: The listing is paid or waived"), "\(run.stdout)")
        #expect(run.stdout.contains("; 1 due soon"))
        let json = try CLI.validate([Self.waiver, "--format", "json"]).stdout
        #expect(json.contains("\"severity\": \"notice\"") && json.contains("\"notices\": 1"))
        #expect(json.contains("\"IMI-LISTING-GRACE\": \"pass\""), "the rule still passes")
    }

    @Test func outsideTheWindowOrWithAZeroWindowThereIsNone() throws {
        #expect(!(try CLI.validate([Self.waiver, "--due-within", "39"]).stdout.contains("Falls due")))
        #expect(!(try CLI.validate([Self.waiver, "--due-within", "0"]).stdout.contains("Falls due")))
        #expect(try CLI.validate([Self.waiver, "--due-within", "-1"]).status == 3)
    }

    @Test func aNoticeFailsNothingEvenWhenWarningsFail() throws {
        let run = try CLI.validate([Self.waiver, "--fail-on", "warning", "--format", "junit"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("<failure"))
        #expect(try CLI.validate([Self.waiver, "--format", "github"]).stdout.contains("::notice file="))
    }

    @Test func theShippedDateRulesDeclareTheirDueDates() throws {
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        for id in ["IMI-LISTING-GRACE", "IMI-LISTING-STRICKEN", "IMI-AUDIT-INTERVAL"] {
            let rule = try #require(ruleSet.rules.first { $0.id.rawValue == id })
            guard case .expression(let check) = rule.check else { Issue.record("\(id) is not an expression rule"); continue }
            #expect(check.due != nil, "\(id) declares due:")
        }
    }

    @Test func aDueThatIsNoDateAndANoticeSeverityAreRefusedWhenTheRuleSetLoads() {
        let base = RuleSetLoaderTests()
        let notDate = base.error(RuleSetLoaderTests.goodRule + "\n    due: size(doc)")
        #expect(notDate?.message == "in 'due': 'due' must give a date, and this gives an int", "\(String(describing: notDate))")
        let notice = base.error(RuleSetLoaderTests.goodRule.replacingOccurrences(of: "severity: error", with: "severity: notice"))
        #expect(notice?.message == "severity must be error or warning")
    }
}
