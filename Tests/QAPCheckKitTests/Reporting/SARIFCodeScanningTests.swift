import Foundation
import Testing
@testable import QAPCheckKit

/// SARIF as GitHub code scanning takes it: fingerprints that survive line moves, URIs relative
/// to `--path-base` with the base recorded, unreadable dossiers as error results.
@Suite struct SARIFCodeScanningTests {
    func sarif(_ arguments: [String]) throws -> (run: [String: Any], results: [[String: Any]]) {
        let out = try CLI.validate(arguments + ["--format", "sarif"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        return (run, run["results"] as? [[String: Any]] ?? [])
    }

    func fingerprints(_ results: [[String: Any]]) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in results {
            let print = (r["partialFingerprints"] as? [String: String])?["qapcheckFinding/v1"] ?? ""
            let line = ((((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int) ?? 0
            out[print] = line
        }
        return out
    }

    @Test func fingerprintsAreOnEveryResultAndSurviveLineMoves() throws {
        let folder = Repo.scratch()
        let original = try String(contentsOfFile: Repo.fixture("rules/QAP-REFERENCES/fail-unknown-case.json"), encoding: .utf8)
        try original.write(to: folder.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        let moved = original.replacingOccurrences(of: "{", with: "{\n\n\n", options: [], range: original.range(of: "{"))
        try moved.write(to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        let before = fingerprints(try sarif([folder.appendingPathComponent("a.json").path]).results)
        let after = fingerprints(try sarif([folder.appendingPathComponent("b.json").path]).results)
        #expect(!before.isEmpty)
        #expect(before.keys.allSatisfy { $0.range(of: "^[0-9a-f]{64}$", options: .regularExpression) != nil })
        #expect(Set(before.keys) == Set(after.keys), "the same findings, though the file name and lines changed")
        for (print, line) in before { #expect(after[print] == line + 3, "moved three lines down") }
    }

    @Test func urisAreRelativeToThePathBaseWhichIsRecorded() throws {
        let (run, results) = try sarif(["Fixtures/rules/QAP-HOURS", "--path-base", "Fixtures"])
        let base = try #require(((run["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] as? [String: Any])?["uri"] as? String)
        #expect(base == "file://" + Repo.fixtures.standardizedFileURL.path + "/")
        for r in results {
            let artifact = try #require(((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
            #expect((artifact["uri"] as? String)?.hasPrefix("rules/QAP-HOURS/") == true, "\(artifact)")
            #expect(artifact["uriBaseId"] as? String == "SRCROOT")
        }
    }

    @Test func anUnreadableDossierIsAnErrorResultOfItsOwnRule() throws {
        let (run, results) = try sarif(["Fixtures/bad/broken.json"])
        let rules = try #require((run["tool"] as? [String: Any]).flatMap { ($0["driver"] as? [String: Any])?["rules"] as? [[String: Any]] })
        let result = try #require(results.first)
        #expect(result["ruleId"] as? String == "UNREADABLE")
        #expect(result["level"] as? String == "error")
        let index = try #require(result["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == "UNREADABLE")
        #expect(((result["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("could not read: ") == true)
        #expect(result["partialFingerprints"] != nil)
    }
}
