import Foundation
import Testing
@testable import QAPCheckKit

/// Exemptions: what a committee excused, for which document and place, why, by whom and until
/// when; honoured while live, flagged once expired, listed when unused, and shown in every report.
@Suite struct ExemptionTests {
    static let failing = "Fixtures/rules/QAP-HOURS/fail-199.5.xml"   // APP-2026-0042, QAP-HOURS at /cases

    func file(_ entries: String) throws -> String {
        let path = Repo.scratch().appendingPathComponent("exemptions.yaml")
        try ("exemptions:\n" + entries).write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    static func entry(rule: String = "QAP-HOURS", document: String = "APP-2026-0042", pointer: String? = nil, expires: String = "2027-03-31") -> String {
        """
          - rule: \(rule)
            document: \(document)
        \(pointer.map { "    pointer: \($0)\n" } ?? "")    reason: Appraisal Committee accepted the 2025 pilot hours
            grantedBy: Appraisal Committee
            grantedOn: 2026-10-01
            expires: \(expires)

        """
    }

    func json(_ arguments: [String]) throws -> (status: Int32, object: [String: Any]) {
        let run = try CLI.validate(arguments + ["--format", "json"])
        return (run.status, try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)"))
    }

    func firstDocument(_ object: [String: Any]) throws -> [String: Any] { try #require((object["documents"] as? [[String: Any]])?.first) }

    @Test func aLiveExemptionExcusesTheDeviationWhichStillShows() throws {
        let path = try file(Self.entry())
        let (status, object) = try json([Self.failing, "--exemptions", path])
        #expect(status == 0, "the only deviation is excused")
        let doc = try firstDocument(object)
        #expect(doc["verdict"] as? String == "pass")
        let deviation = try #require((doc["deviations"] as? [[String: Any]])?.first)
        #expect(deviation["outcome"] as? String == "exempt")
        let exemption = try #require(deviation["exemption"] as? [String: Any])
        #expect(exemption["reason"] as? String == "Appraisal Committee accepted the 2025 pilot hours")
        #expect(exemption["grantedBy"] as? String == "Appraisal Committee" && exemption["expires"] as? String == "2027-03-31")
        #expect((doc["outcomes"] as? [String: String])?["QAP-HOURS"] == "exempt")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["exempt"] as? Int == 1)
        #expect((summary["unusedExemptions"] as? [Any])?.isEmpty == true)
        let header = try #require(object["exemptions"] as? [String: String])
        #expect(header["digest"]?.hasPrefix("sha256:") == true && header["file"] == path)
    }

    @Test func anExpiredExemptionCoversNothingAndWarns() throws {
        let (status, object) = try json([Self.failing, "--exemptions", try file(Self.entry(expires: "2026-11-21"))])
        #expect(status == 1)
        let rules = (try firstDocument(object)["deviations"] as? [[String: Any]] ?? []).map { ($0["rule"] as? String ?? "", $0["severity"] as? String ?? "") }
        #expect(rules.contains { $0 == ("QAP-HOURS", "error") })
        #expect(rules.contains { $0 == ("EXEMPTION-EXPIRED", "warning") })
    }

    @Test func anExemptionThatCoveredNothingIsListedAsUnused() throws {
        let (status, object) = try json([Self.failing, "--exemptions", try file(Self.entry() + Self.entry(rule: "QAP-FEE"))])
        #expect(status == 0)
        let unused = try #require((object["summary"] as? [String: Any])?["unusedExemptions"] as? [[String: Any]])
        #expect(unused.map { $0["rule"] as? String } == ["QAP-FEE"])
        #expect((unused.first?["at"] as? String)?.hasPrefix("exemptions.yaml:") == true)
    }

    @Test func aPointerScopesTheExemptionToOnePlace() throws {
        #expect(try json([Self.failing, "--exemptions", try file(Self.entry(pointer: "/cases"))]).status == 0)
        #expect(try json([Self.failing, "--exemptions", try file(Self.entry(pointer: "/fee"))]).status == 1)
    }

    @Test func aStarCoversEveryDocumentAndAnotherIdNone() throws {
        #expect(try json([Self.failing, "--exemptions", try file(Self.entry(document: "'*'"))]).status == 0)
        #expect(try json([Self.failing, "--exemptions", try file(Self.entry(document: "APP-OTHER"))]).status == 1)
    }

    @Test(arguments: ["reason", "grantedBy", "grantedOn", "expires", "rule", "document"])
    func aMissingFieldIsExitThreeAtItsPlace(field: String) throws {
        let text = Self.entry().split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(field + ":") && !$0.hasPrefix("  - " + field + ":") }
        var lines = text.map(String.init)
        if field == "rule" { lines[0] = "  - document: APP-2026-0042"; lines.remove(at: 1) }
        let path = try file(lines.joined(separator: "\n") + "\n")
        let run = try CLI.validate([Self.failing, "--exemptions", path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("exemptions.yaml:2:5: an exemption needs '\(field)'"), "\(run.stderr)")
    }

    @Test func sarifSuppressesAndJUnitSkipsWhatIsExcused() throws {
        let path = try file(Self.entry())
        let sarif = try CLI.validate([Self.failing, "--exemptions", path, "--format", "sarif"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let result = try #require(((object["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let suppression = try #require((result["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["kind"] as? String == "external")
        #expect(suppression["justification"] as? String == "Appraisal Committee accepted the 2025 pilot hours")
        #expect((result["properties"] as? [String: Any])?["outcome"] as? String == "exempt")
        let junit = try CLI.validate([Self.failing, "--exemptions", path, "--format", "junit"]).stdout
        #expect(junit.contains("<testcase classname=\"Fixtures/rules/QAP-HOURS/fail-199.5.xml\" name=\"QAP-HOURS\">\n      <skipped message=\"exempt: Appraisal Committee"))
        #expect(junit.contains("failures=\"0\""))
        let text = try CLI.validate([Self.failing, "--exemptions", path]).stdout
        #expect(text.contains(": note: QAP-HOURS ") && text.contains("exempt: Appraisal Committee accepted"))
    }

    @Test func rulesCheckNamesAnExemptionWhoseRuleDoesNotExist() throws {
        let path = try file(Self.entry() + Self.entry(rule: "QAP-HOURZ"))
        let run = try CLI.run(["rules", "check", "--exemptions", path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("exemptions.yaml:8:5: an exemption for 'QAP-HOURZ', which the rule set imi-cpr does not have"), "\(run.stderr)")
        let good = try CLI.run(["rules", "check", "--exemptions", try file(Self.entry())])
        #expect(good.status == 0 && good.stdout.contains("1 exemption, every rule known"))
    }
}
