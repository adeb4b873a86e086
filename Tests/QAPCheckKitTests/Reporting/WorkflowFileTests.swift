import Foundation
import Testing
import Yams

/// The ready GitHub Actions workflow in docs/: it parses, and its steps are wired to each other
/// (the validate step writes annotations and the SARIF file the upload step sends).
@Suite struct WorkflowFileTests {
    @Test func theWorkflowValidatesChangedDossiersAndUploadsItsSARIF() throws {
        let text = try String(contentsOf: Repo.root.appendingPathComponent("docs/github-workflow.yml"), encoding: .utf8)
        let workflow = try #require(try Yams.load(yaml: text) as? [String: Any])
        let job = try #require((workflow["jobs"] as? [String: Any])?["validate"] as? [String: Any])
        let steps = try #require(job["steps"] as? [[String: Any]])
        let validate = try #require(steps.first { ($0["name"] as? String) == "Validate" }?["run"] as? String)
        #expect(validate.contains("qapcheck validate --files-from changed.txt"))
        #expect(validate.contains("--format github"))
        let sarif = try #require(validate.range(of: #"sarif=(\S+)"#, options: .regularExpression).map { String(validate[$0].dropFirst(6)) })
        let upload = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("github/codeql-action/upload-sarif") == true })
        #expect((upload["with"] as? [String: Any])?["sarif_file"] as? String == sarif)
        #expect(upload["if"] as? String == "always()", "the SARIF goes up even when validation fails the job")
        let permissions = try #require(workflow["permissions"] as? [String: Any])
        #expect(permissions["security-events"] as? String == "write")
        let changed = try #require(steps.first { ($0["name"] as? String)?.contains("changed") == true }?["run"] as? String)
        #expect(changed.contains("> changed.txt"))
    }
}
