import Foundation
import Testing
@testable import QAPCheckKit

/// The rule set built into the binary: a copy of the binary alone, in an empty folder, validates
/// with the same rules as the checkout, and `rules export` writes them back out.
@Suite struct BuiltInRulesTests {
    /// The binary copied into a folder of its own, and an empty folder to run it from.
    static func lonelyCopy() throws -> (binary: URL, folder: URL) {
        let scratch = Repo.scratch()
        let bin = scratch.appendingPathComponent("bin")
        let empty = scratch.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("qapcheck")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        return (copy, empty)
    }

    @Test func aCopyOfTheBinaryAloneHasTheShippedRules() throws {
        let (binary, folder) = try Self.lonelyCopy()
        let shipped = try RuleSetLoader.load(path: Repo.rules.path)
        let check = try CLI.runTool(binary.path, ["rules", "check"], in: folder)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains(shipped.digest), "the built-in set is byte for byte Rules/: \(check.stdout)")

        let tests = try CLI.runTool(binary.path, ["rules", "test"], in: folder)
        #expect(tests.status == 0, "\(tests.stdout)\(tests.stderr)")
        #expect(tests.stdout.contains("\(try RuleTestSuite.load(for: shipped).cases.count) passed, 0 failed"), "\(tests.stdout)")

        let failing = Repo.fixture("rules/QAP-HOURS/fail-199.5.xml")
        let run = try CLI.runTool(binary.path, ["validate", failing, "--as-of", "2026-11-22", "--quiet"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("QAP-HOURS"), "\(run.stdout)")
    }

    /// `validate` without `--rules` begins the built-in set while it parses its command line
    /// (`EarlyRuleSet`): its report is the one a run naming the built-in set gives, and a rule set
    /// named only in the configuration file is the one that runs, not the copy begun early.
    @Test func theCopyBegunEarlyJudgesAsANamedSetAndYieldsToTheConfiguredOne() throws {
        let dossier = Repo.fixture("rules/QAP-HOURS/fail-199.5.xml")
        let arguments = [dossier, Repo.fixture("rules/QAP-HOURS/pass-exactly-200.json"), "--as-of", "2026-11-22", "--format", "json", "--jobs", "2"]
        let timeless = { (text: String) in text.split(separator: "\n").filter { !$0.contains("At\"") && !$0.contains("Seconds") && !$0.contains("\"seconds\"") }.joined(separator: "\n") }
        let early = try CLI.run(["validate"] + arguments)
        let named = try CLI.run(["validate"] + arguments + ["--rules", RuleSetFiles.builtIn])
        #expect(early.status == 1 && named.status == 1, "\(early.stderr)\(named.stderr)")
        #expect(timeless(early.stdout) == timeless(named.stdout))
        #expect(early.stdout.contains(try RuleSetLoader.load(path: RuleSetFiles.builtIn).digest))

        let folder = Repo.scratch()
        let config = folder.appendingPathComponent(".qapcheck.yml")
        try "rules: \(Repo.fixture("rulesets/program-150"))\n".write(to: config, atomically: true, encoding: .utf8)
        let configured = try CLI.run(["validate"] + arguments + ["--config", config.path])
        let program = try RuleSetLoader.load(path: Repo.fixture("rulesets/program-150"))
        #expect(configured.stdout.contains(program.digest), "\(configured.stdout.prefix(600))\(configured.stderr)")
        #expect(configured.status == 0, "199.5 hours pass at 150: \(configured.stderr)")
    }

    @Test func exportWritesTheBuiltInSetAsItLiesInTheSourceAndNeverOverwrites() throws {
        let out = Repo.scratch().appendingPathComponent("mine")
        let first = try CLI.run(["rules", "export", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        for name in ["imi-cpr.yaml", "tests.yaml", "schemas/mediator-application.json"] {
            let exported = try Data(contentsOf: out.appendingPathComponent("Rules/\(name)"))
            #expect(exported == (try Data(contentsOf: Repo.rules.appendingPathComponent(name))), "\(name)")
        }
        let tests = try CLI.run(["rules", "test", "--rules", out.appendingPathComponent("Rules").path])
        #expect(tests.status == 0 && tests.stdout.contains(" 0 failed"), "the exported tests find their dossiers: \(tests.stdout)")

        try Data("changed".utf8).write(to: out.appendingPathComponent("Rules/tests.yaml"))
        let again = try CLI.run(["rules", "export", out.path])
        #expect(again.status == 3)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("Rules/tests.yaml"), encoding: .utf8) == "changed", "nothing overwritten")
    }

    @Test func aRuleSetOfOneselfExtendsTheBuiltInByName() throws {
        let folder = Repo.scratch()
        let file = folder.appendingPathComponent("mine.yaml")
        try """
            name: mine
            version: "1"
            extends: builtin:/Rules/imi-cpr.yaml
            remove: [QAP-HOURS]
            """.write(to: file, atomically: true, encoding: .utf8)
        let ruleSet = try RuleSetLoader.load(path: file.path)
        let shipped = try RuleSetLoader.load(path: RuleSetFiles.builtIn)
        #expect(ruleSet.rules.count == shipped.rules.count - 1)
        #expect(!ruleSet.rules.contains { $0.id == "QAP-HOURS" })
        #expect(ruleSet.schemas.kinds == shipped.schemas.kinds, "the schemas come from the built-in folder")
    }

    @Test func anErrorInTheWholeFileInventsNoPlace() throws {
        let missing = try CLI.run(["rules", "check", "--rules", "no/such/folder"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("error: no/such/folder: no rule set here"), "\(missing.stderr)")
        #expect(!missing.stderr.contains(":1:1"), "\(missing.stderr)")
        #expect(throws: RuleSetError(file: "builtin:/Rules/none.yaml", message: "no rule set here: the path does not exist")) {
            try RuleSetLoader.load(path: "builtin:/Rules/none.yaml")
        }
    }

    @Test func builtInPathsResolveLikeFolders() throws {
        #expect(RuleSetLoader.resolve("../Fixtures/rules/X/a.json", relativeTo: "builtin:/Rules") == "builtin:/Fixtures/rules/X/a.json")
        #expect(RuleSetLoader.resolve("builtin:/Rules/./imi-cpr.yaml", relativeTo: "/home/u") == "builtin:/Rules/imi-cpr.yaml")
        #expect(RuleSetLoader.resolve("schemas", relativeTo: "/home/u/rules") == "/home/u/rules/schemas")
        #expect(RuleSetFiles.entry(at: "builtin:/Rules/schemas") == .folder)
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Repo.rules.appendingPathComponent("schemas").path).sorted()
        #expect(RuleSetFiles.names(in: "builtin:/Rules/schemas") == onDisk)
    }
}
