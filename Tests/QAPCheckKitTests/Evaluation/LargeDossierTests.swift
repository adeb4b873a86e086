import Foundation
import Testing
@testable import QAPCheckKit

/// Every shipped rule runs in linear or n·log n time in the size of the dossier. A dossier with
/// 10,000 cases, references and feedback forms is checked in well under a second (measured by
/// scripts/bench); a rule that went quadratic again would take most of an hour here, so the time
/// limit catches it without timing anything finely.
@Suite("Large dossiers")
struct LargeDossierTests {
    /// An application with `n` cases, `n` references (every tenth naming an earlier referee again,
    /// every seventh of a case that is not a mediation) and `n` feedback forms.
    static func application(_ n: Int) -> String {
        var cases: [String] = [], references: [String] = [], forms: [String] = []
        for i in 0..<n {
            let role = i % 7 == 3 ? "observer" : "mediator"
            cases.append(#"{"id": "C-\#(i)", "date": "2024-03-02", "hours": 8, "role": "\#(role)", "status": "completed"}"#)
            let referee = i % 10 == 9 ? "Referee \(i - 9)" : "Referee \(i)"
            references.append(#"{"name": "\#(referee)", "relation": "counsel", "caseId": "C-\#(i)"}"#)
            forms.append(#"{"caseId": "C-\#(i)", "received": "2024-03-10", "completed": true}"#)
        }
        return """
            {"kind": "mediator-application", "schemaVersion": "1", "id": "APP-BIG", "submitted": "2026-10-01",
             "applicant": {"name": "A", "email": "a@example.org", "cprPanelMember": false},
             "cases": [\(cases.joined(separator: ",\n"))],
             "references": [\(references.joined(separator: ",\n"))],
             "feedbackForms": [\(forms.joined(separator: ",\n"))],
             "caseEvaluations": [], "training": [],
             "selfStatement": {"pages": 1, "text": "t"}, "fee": {"amount": 360, "currency": "USD", "paid": "2026-09-30"}}
            """
    }

    @Test(.timeLimit(.minutes(1)))
    func tenThousandItemsAreCheckedInLinearTime() throws {
        let n = 10_000
        let dossier = try Repo.load(Self.application(n), as: "big.json")
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        let result = Validator(ruleSet: ruleSet).validate(dossier, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
        // The default budget lets every shipped rule run on a dossier some 300 times the usual
        // size (about 30 cases): no rule is left unchecked for want of units.
        #expect(!result.deviations.contains { $0.message.contains("budget exceeded") }, "\(result.deviations.filter { $0.message.contains("budget") }.map(\.rule))")
        let invalid = result.deviations.filter { $0.rule == "QAP-REFERENCE-VALID" }
        // Every seventh reference names a case that is no mediation; every tenth repeats a referee
        // (one of those is also of a non-mediation case, and counts once).
        let notMediation = Set((0..<n).filter { $0 % 7 == 3 })
        let repeated = Set((0..<n).filter { $0 % 10 == 9 && !notMediation.contains($0 - 9) })
        #expect(invalid.count == notMediation.union(repeated).count)
        #expect(invalid.contains { $0.message == "Reference 10 does not count: it names the same person as an earlier reference." })
        #expect(invalid.contains { $0.message == "Reference 4 does not count: its case 'C-3' is not a mediation case of this dossier." })
    }
}
