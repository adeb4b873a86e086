import Foundation
import Testing
@testable import QAPCheckKit

/// `.qapcheck.yml`: found upward from the working folder (stopping at the project's root), its
/// settings used where the command line gives none, and every mistake named at its place.
@Suite("The configuration file")
struct ConfigurationTests {
    @Test func theFileIsFoundUpwardAndTheSearchStopsAtTheProjectRoot() throws {
        let root = Repo.scratch()
        let deep = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        #expect(RunConfiguration.find(from: deep.path) == nil || !RunConfiguration.find(from: deep.path)!.hasPrefix(root.path))
        try "phase: certification\n".write(to: root.appendingPathComponent("a/.qapcheck.yml"), atomically: true, encoding: .utf8)
        #expect(RunConfiguration.find(from: deep.path) == root.appendingPathComponent("a/.qapcheck.yml").path)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("a/b/.git"), withIntermediateDirectories: true)
        #expect(RunConfiguration.find(from: deep.path) == nil, "the search stops at the folder holding .git")
    }

    @Test func settingsApplyUnlessTheCommandLineGivesItsOwn() throws {
        let dir = Repo.scratch()
        let config = dir.appendingPathComponent("ci.yml")
        try """
        failOn: never
        exclude: ['*.xml']
        jobs: 1
        reports: [csv=out/report.csv]
        """.write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let run = try CLI.validate(["Fixtures/forms", "Fixtures/rules/QAP-FEE", "--config", config.path, "--format", "csv"])
        #expect(run.status == 0, "failOn: never: \(run.stderr)")
        let rows = run.stdout.split(whereSeparator: \.isNewline).dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasPrefix("Fixtures/") && $0.split(separator: ",")[0].hasSuffix(".json") }, "exclude: \(run.stdout)")
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.csv"), encoding: .utf8)
        #expect(report == run.stdout, "the report file is relative to the configuration file's folder")
        let strict = try CLI.validate(["Fixtures/rules/QAP-FEE", "--config", config.path, "--fail-on", "error", "--report", "json=\(dir.path)/cli.json"])
        #expect(strict.status == 1, "the command line wins")
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/cli.json"))
        let missing = try CLI.validate(["Fixtures/forms", "--config", "\(dir.path)/none.yml"])
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("error: \(dir.path)/none.yml: cannot read the configuration file"), "the file named once: \(missing.stderr)")
    }

    @Test(arguments: [
        ("colour: blue\n", 1, 1, "unknown key 'colour' in the configuration"),
        ("phase: certification\nfailOn: sometimes\n", 2, 9, "failOn must be one of error, warning, never, not 'sometimes'"),
        ("jobs: 0\n", 1, 7, "jobs must be a whole number, 1 or more"),
        ("reports:\n  - pdf=x.pdf\n", 2, 5, "unknown report format 'pdf'"),
        ("history: [runs.db]\n", 1, 10, "history"),
        ("phase: [a\n", 2, 1, ""),
    ])
    func aMistakeIsExitThreeAtItsPlace(text: String, line: Int, column: Int, message: String) throws {
        let file = Repo.scratch().appendingPathComponent(".qapcheck.yml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try CLI.validate(["Fixtures/forms", "--config", file.path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("\(file.path):\(line):\(column): \(message)"), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "nothing is evaluated")
    }
}
