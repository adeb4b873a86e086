import Foundation
import Testing
@testable import QAPCheckKit

/// The shipped rules' messages, checked against what misled readers before (rules.md, version 2):
/// counts agree with their nouns, an absent value says "missing", a value is shown as written
/// (quoted when it holds spaces), and no date after as-of is given as a lapse.
@Suite("The catalogue's messages")
struct CatalogueMessageTests {
    static let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)
    static let asOf = CivilDate(parsing: "2026-11-22")!

    /// A fixture read as JSON, changed by `edit`, and judged; the messages of one rule.
    func messages(_ fixture: String, rule: RuleID, phase: EvaluationContext.RunPhase = .application,
                  _ edit: (inout [String: Any]) -> Void = { _ in }) throws -> [String] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.fixture(fixture)))) as? [String: Any])
        edit(&object)
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let dossier = try Repo.load(text, as: "d.json")
        let result = Validator(ruleSet: Self.ruleSet).validate(dossier, context: EvaluationContext(asOf: Self.asOf, phase: phase))
        return result.deviations.filter { $0.rule == rule }.map(\.message)
    }

    @Test func countsAgreeWithTheirNouns() throws {
        #expect(try messages("forms/application.json", rule: "QAP-REFERENCES").first?.hasPrefix("1 valid reference (") == true)
        #expect(try messages("forms/application.json", rule: "QAP-FEEDBACK").first?.hasPrefix("1 completed feedback form;") == true)
        #expect(try messages("forms/application.json", rule: "QAP-HOURS").first?.contains("over 2 mediation cases;") == true)
        let onePage = try messages("forms/application.json", rule: "QAP-SELF-STATEMENT") { o in
            o["selfStatement"] = ["pages": 2, "text": "My approach."]
        }
        #expect(onePage == ["The self-statement has 2 pages; it must have exactly one."])
        let checklist = try messages("rules/QAP-ASSESSMENT-CHECKLIST/fail-score-6.json", rule: "QAP-ASSESSMENT-CHECKLIST", phase: .certification) { o in
            var assessment = o["skillsAssessment"] as? [String: Any] ?? [:]
            var scores = assessment["checklist"] as? [String: Any] ?? [:]
            scores["empathy"] = 7
            scores.removeValue(forKey: "impartiality")
            assessment["checklist"] = scores
            o["skillsAssessment"] = assessment
        }
        let message = try #require(checklist.first)
        #expect(message.contains("empathy is 7, out of range") && message.contains("impartiality is missing"), "\(message)")
        #expect(!message.contains("lacks a score"))
    }

    @Test func anAbsentValueSaysMissingAndAValueShowsAsWritten() throws {
        let noAmount = try messages("forms/application.json", rule: "QAP-FEE") { o in o["fee"] = [String: Any]() }
        #expect(noAmount == ["The fee is missing (currency missing), not marked paid; 360 USD, paid, is required."], "\(noAmount)")
        #expect(!noAmount.joined().contains("0 (no currency)"))
        let spaced = try messages("forms/application.json", rule: "QAP-FEE") { o in o["fee"] = ["amount": 360.0, "currency": "USD ", "paid": "2026-09-30"] }
        #expect(spaced == ["The fee is 360 \"USD \", paid; 360 USD, paid, is required."], "\(spaced)")
    }

    @Test func noLapseDateAfterAsOf() throws {
        let grace = try messages("rules/IMI-LISTING-STRICKEN/fail-no-waiver-ignores-waiver-date.json", rule: "IMI-LISTING-GRACE")
        #expect(grace.isEmpty, "the grace year is over: \(grace)")
        let stricken = try #require(try messages("rules/IMI-LISTING-STRICKEN/fail-no-waiver-ignores-waiver-date.json", rule: "IMI-LISTING-STRICKEN").first)
        #expect(stricken.contains("2026-06-30") && !stricken.contains("2027") && !stricken.contains("2028"), "\(stricken)")
    }
}
