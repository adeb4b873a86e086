import Foundation
import Testing
@testable import QAPCheckKit

@Suite("validate: exit codes, inputs and outputs")
struct ValidateCommandTests {
    @Test func exitZeroWhenEveryDocumentPasses() throws {
        let run = try CLI.validate(["Fixtures/rules/QAP-FEE/pass-exactly-360.xml", "Fixtures/rules/IMI-EQUAL-ACCESS/pass.xml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 documents: 2 pass, 0 fail, 0 error; 0 deviations (0 errors, 0 warnings) [imi-cpr 2, as of 2026-11-22, application phase]\n"))
        // Then every rule's outcome on both documents, counted: the five add up to two per rule.
        let outcomes = try #require(run.stdout.split(separator: "\n").last)
        #expect(outcomes.hasPrefix("rule outcomes: ") && outcomes.hasSuffix(" exempt"), "\(outcomes)")
        let counts = outcomes.split(separator: " ").compactMap { Int($0) }
        let rules = Set(try RuleSetLoader.load(path: Repo.rules.path).rules.map(\.id)).count
        #expect(counts.count == 5 && counts.reduce(0, +) == 2 * rules, "\(outcomes)")
    }

    @Test func exitOneWhenSomeDocumentFails() throws {
        let run = try CLI.validate(["Fixtures/rules/QAP-FEE"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Fixtures/rules/QAP-FEE/fail-359.99.json"))
    }

    @Test func warningsFailOnlyWithFailOnWarning() throws {
        let path = "Fixtures/rules/IMI-LISTING-GRACE/warn-in-grace.xml"
        #expect(try CLI.validate([path]).status == 0)
        #expect(try CLI.validate([path, "--fail-on-warn"]).status == 1)
        #expect(try CLI.validate([path, "--fail-on", "warning"]).status == 1)
        #expect(try CLI.validate([path, "--fail-on", "error"]).status == 0)
        let junit = try CLI.validate([path, "--fail-on", "warning", "--format", "junit"])
        #expect(junit.stdout.contains("<failure type=\"warning\""), "the JUnit report agrees with the exit status")
    }

    @Test func failOnNeverReportsWithoutFailing() throws {
        let failing = "Fixtures/rules/QAP-FEE/fail-359.99.json"
        let run = try CLI.validate([failing, "--fail-on", "never", "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("QAP-FEE"), "the deviation is still reported")
        #expect(run.stdout.contains("\"verdict\":\"pass\""))
        let both = try CLI.validate([failing, "--fail-on", "never", "--fail-on-warn"])
        #expect(both.status == 3)
        #expect(both.stderr.contains("--fail-on-warn is --fail-on warning"))
        #expect(try CLI.validate([failing, "--fail-on", "sometimes"]).status == 3)
    }

    @Test func exitTwoWhenSomeDocumentIsUnreadableAndEveryFileIsReported() throws {
        let run = try CLI.validate(["Fixtures/bad", "Fixtures/rules/QAP-FEE", "no/such/file.json", "--format", "csv"])
        #expect(run.status == 2)
        let rows = run.stdout.split(separator: "\r\n").dropFirst()
        let files = rows.map { String($0.split(separator: ",").first!) }
        let expected = InputFiles.collect(["Fixtures/bad", "Fixtures/rules/QAP-FEE"].map { Repo.root.appendingPathComponent($0).path })
        #expect(files.count == expected.count + 1)
        #expect(Array(InputFiles.collect(["Fixtures/rules/QAP-FEE", "Fixtures/rules/QAP-FEE/fail-359.99.json"])).count == 4, "a file named twice is read once")
        #expect(Set(files).count == files.count, "every file appears exactly once")
        #expect(files.contains("no/such/file.json"))
        #expect(files == InputFiles.sorted(files), "documents are ordered by file")
    }

    @Test(arguments: [
        (["--format", "yaml", "Fixtures/forms"], "yaml"),
        (["--as-of", "2026-13-01", "Fixtures/forms"], "--as-of"),
        (["--jobs", "0", "Fixtures/forms"], "--jobs"),
        (["--phase", "review", "Fixtures/forms"], "review"),
        ([] as [String], "name the dossiers"),
        (["--report", "pdf=out.pdf", "Fixtures/forms"], "pdf"),
        (["--output", "/no/such/folder/report.json", "Fixtures/forms"], "does not exist"),
        (["--max-depth", "1000000", "Fixtures/forms"], "--max-depth must be at most"),
        (["--max-cost", "0", "Fixtures/forms"], "--max-cost"),
    ])
    func exitThreeOnABadOptionAndNothingIsEvaluated(arguments: [String], mentions: String) throws {
        let run = try CLI.run(["validate"] + arguments)
        #expect(run.status == 3, "\(arguments)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(mentions), "\(run.stderr)")
    }

    @Test func exitThreeOnABadRuleSetNamingFileLineAndColumn() throws {
        let dir = Repo.scratch()
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt}]\nrules:\n  - id: R\n    kinds: [mediator-profile]\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    assert: doc.id ==\n    message: m\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.validate(["--rules", dir.path, "Fixtures/forms"])
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("rules.yaml:10:"))
        #expect(run.stderr.contains("expected a value"))
        for command in [["rules", "check"], ["rules", "list"], ["rules", "test"]] {
            #expect(try CLI.run(command + ["--rules", dir.path]).status == 3)
        }
    }

    @Test func filesFromStandardInput() throws {
        let run = try CLI.run(["validate", "--as-of", "2026-11-22", "--files-from", "-", "--format", "csv"],
                              stdin: "Fixtures/rules/QAP-FEE/fail-359.99.json\n\nFixtures/rules/QAP-FEE/pass-exactly-360.xml\n")
        #expect(run.status == 1)
        #expect(run.stdout.split(separator: "\r\n").count == 3)
    }

    @Test func jsonReportIsByteIdenticalAcrossRunsAndJobsButForTheRunsTimes() throws {
        let args = ["Fixtures", "--format", "json"]
        let one = try CLI.validate(args + ["--jobs", "1"])
        let four = try CLI.validate(args + ["--jobs", "4"])
        let again = try CLI.validate(args + ["--jobs", "3"])
        #expect(one.status == 2)
        let timeless = GoldenReportTests.withoutTimes
        #expect(timeless(one.stdout) == timeless(four.stdout))
        #expect(timeless(one.stdout) == timeless(again.stdout))
        // Only the run record differs: its three lines.
        let differing = zip(one.stdout.split(separator: "\n"), four.stdout.split(separator: "\n")).filter { $0 != $1 }
        #expect(differing.allSatisfy { $0.0.contains("startedAt") || $0.0.contains("finishedAt") || $0.0.contains("durationSeconds") }, "\(differing)")
        #expect(one.stdout.count > 10_000)
    }

    @Test func reportsAreWrittenAtomicallyAndSeveralFromOneRun() throws {
        let dir = Repo.scratch()
        let json = dir.appendingPathComponent("report.json").path
        let sarif = dir.appendingPathComponent("report.sarif").path
        try "old report".write(toFile: json, atomically: true, encoding: .utf8)
        // A run that cannot start leaves the old report in place.
        let bad = try CLI.validate(["Fixtures/forms", "--rules", "/no/rules", "--format", "json", "--output", json])
        #expect(bad.status == 3)
        #expect(try String(contentsOfFile: json, encoding: .utf8) == "old report")
        let run = try CLI.validate(["Fixtures/rules/QAP-FEE", "--format", "json", "--output", json, "--report", "sarif=\(sarif)", "--report", "csv=\(dir.path)/r.csv"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(try String(contentsOfFile: json, encoding: .utf8).hasPrefix("{\n  \"tool\""))
        #expect(FileManager.default.fileExists(atPath: sarif))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func anAbandonedStreamKeepsTheOldReport() throws {
        let dir = Repo.scratch()
        let path = dir.appendingPathComponent("r.json").path
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        let header = RunInfo(ruleSet: ruleSet, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
        let stream = try ReportStream(renderer: ReportFormat.json.renderer(), header: header, destination: .file(path))
        try stream.add(.unreadable("x.json", DocumentError(.empty, "the file is empty")))
        stream.abandon()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.json"])
    }

    @Test func textIsPlainWhenNotATerminal() throws {
        let run = try CLI.validate(["Fixtures/rules/QAP-FEE/fail-359.99.json"])
        #expect(!run.stdout.contains("\u{1B}["))
        let line = try #require(run.stdout.split(separator: "\n").first)
        let fee = try #require(try Repo.loader().load(file: Repo.fixture("rules/QAP-FEE/fail-359.99.json")).root["fee"])
        #expect(line == "Fixtures/rules/QAP-FEE/fail-359.99.json:\(fee.location.line):\(fee.location.column): error: QAP-FEE The fee is 359.99 USD, paid; 360 USD, paid, is required.")
    }
}

@Suite("The progress bar")
struct ProgressBarTests {
    static let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// Runs validate on a pseudo-terminal (through script(1)), where standard error is a terminal.
    func onTerminal(_ extra: String) throws -> String {
        let command = "\(CLI.binary.path) validate Fixtures/rules --as-of 2026-11-22 --format csv --output /dev/null \(extra)"
        return try CLI.runTool("/usr/bin/script", ["-qec", command, "/dev/null"]).stdout
    }

    @Test(.enabled(if: hasScript)) func showsDoneTotalRateAndTimeLeftOnATerminal() throws {
        let screen = try onTerminal("")
        #expect(screen.contains("/\(Repo.dossiers(in: "Fixtures/rules"))"))
        #expect(screen.contains("docs/s"))
        #expect(screen.contains("left"))
    }

    @Test(.enabled(if: hasScript)) func quietMeansNoBar() throws {
        #expect(!(try onTerminal("--quiet")).contains("docs/s"))
    }

    /// The lines a terminal shows for `raw`: a carriage return goes back to the start of the line,
    /// ESC [ K erases from the cursor to its end, other text overwrites what is under the cursor.
    static func screenLines(_ raw: String) -> [String] {
        raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var cells: [Character] = []
            var cursor = 0
            var rest = Substring(line)
            while let c = rest.first {
                if rest.hasPrefix("\u{1B}[K") {
                    cells.removeSubrange(min(cursor, cells.count)...)
                    rest = rest.dropFirst(3)
                    continue
                }
                rest = rest.dropFirst()
                if c == "\r" { cursor = 0; continue }
                if c == "\u{1B}" { rest = rest.drop { !$0.isLetter }.dropFirst(); continue }  // colour codes
                if cursor < cells.count { cells[cursor] = c } else { cells.append(c) }
                cursor += 1
            }
            return String(cells)
        }
    }

    @Test(.enabled(if: hasScript)) func theBarAndReportLinesNeverShareALine() throws {
        let command = "\(CLI.binary.path) validate Fixtures/rules --as-of 2026-11-22 --format text"
        let screen = try CLI.runTool("/usr/bin/script", ["-qec", command, "/dev/null"]).stdout
        #expect(screen.contains("docs/s"), "the bar was drawn")
        let reportLines = Self.screenLines(screen).filter { $0.contains(": error: ") || $0.contains(": warning: ") }
        #expect(reportLines.count > 50)
        for line in reportLines {
            #expect(!line.contains("░") && !line.contains("█") && !line.contains("docs/s"), "\(line)")
            #expect(line.hasPrefix("Fixtures/"), "\(line)")
        }
    }

    @Test func noBarButOneSummaryLineForCronWhenStandardErrorIsNotATerminal() throws {
        let report = Repo.scratch().appendingPathComponent("r.json").path
        let run = try CLI.run(["validate", "Fixtures/rules", "--as-of", "2026-11-22", "--format", "csv", "--report", "json=\(report)"])
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(lines.first?.range(of: #"^qapcheck: \#(Repo.dossiers(in: "Fixtures/rules")) documents: \d+ pass, \d+ fail, 0 error; \d+ deviations? \(\d+ errors?, \d+ warnings?(, \d+ not decided)?\)(; \d+ due soon)? in \d+\.\d{3} s; reports: standard output, "#,
                                   options: .regularExpression) != nil, "\(run.stderr)")
        #expect(run.stderr.hasSuffix("r.json\n"))
        let quiet = try CLI.run(["validate", "Fixtures/rules", "--as-of", "2026-11-22", "--format", "csv", "--quiet"])
        #expect(quiet.stderr.isEmpty)
    }
}
