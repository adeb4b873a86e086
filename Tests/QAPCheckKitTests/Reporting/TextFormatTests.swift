import Foundation
import Testing
@testable import QAPCheckKit

/// The text and GitHub formats: the compiler convention (a deviation line, then a note line with
/// expected, found and the quoted clause), errors before warnings, and `--brief`.
@Suite struct TextFormatTests {
    static let info = ReportInjectionTests.info

    static func deviation(_ rule: RuleID, _ severity: Severity, line: Int, expected: String? = nil, actual: String? = nil) -> Deviation {
        Deviation(rule: rule, severity: severity, message: "\(rule) message", citation: Citation(source: "Publisher, \"Title\"", section: "Section", text: "the quoted words"),
                  location: FindingLocation(pointer: .root, line: line, column: 3), expected: expected, actual: actual)
    }

    static let result = DocumentResult(
        file: "d.json", kind: "mediator-application", id: "D", verdict: .fail,
        deviations: [deviation("W-EARLY", .warning, line: 2), deviation("E-LATE", .error, line: 9, expected: ">= 200", actual: "187.5")],
        passed: [], skipped: [], error: nil)

    @Test func eachDeviationHasANoteWithExpectedFoundAndTheQuotedClause() {
        let lines = ReportFormat.text.renderer().render([Self.result], header: Self.info).split(separator: "\n").map(String.init)
        #expect(lines[0] == "d.json:9:3: error: E-LATE E-LATE message")
        #expect(lines[1] == "d.json:9:3: note: expected >= 200, found 187.5; enforces “the quoted words” (Publisher, \"Title\", Section)")
        #expect(lines[2] == "d.json:2:3: warning: W-EARLY W-EARLY message", "errors before warnings, though the warning is earlier in the file")
        #expect(lines[3] == "d.json:2:3: note: enforces “the quoted words” (Publisher, \"Title\", Section)", "no expected/found when the rule gives none")
        #expect(lines.count == 5)
    }

    @Test func briefDropsTheNotes() {
        let text = ReportFormat.text.renderer(brief: true).render([Self.result], header: Self.info)
        #expect(!text.contains(": note:"))
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func theBriefFlagReachesTheReport() throws {
        let full = try CLI.validate(["Fixtures/rules/QAP-HOURS/fail-199.5.xml"])
        let brief = try CLI.validate(["Fixtures/rules/QAP-HOURS/fail-199.5.xml", "--brief"])
        #expect(full.stdout.contains(": note: expected >= 200, found 199.5; enforces “200 hours of mediation experience”"), "\(full.stdout)")
        #expect(!brief.stdout.contains(": note:") && brief.stdout.contains("error: QAP-HOURS"))
    }

    @Test func gitHubAnnotationsAreOnePerDeviationErrorsFirst() {
        let text = ReportFormat.github.renderer().render([Self.result], header: Self.info)
        let commands = text.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == 2)
        #expect(commands[0] == "::error file=d.json,line=9,col=3,title=E-LATE::E-LATE message%0Aexpected >= 200, found 187.5; enforces “the quoted words” (Publisher, \"Title\", Section)")
        #expect(commands[1].hasPrefix("::warning file=d.json,line=2,col=3,title=W-EARLY::"))
        let unreadable = DocumentResult.unreadable("bad.json", DocumentError(.notWellFormed, "expected ','", at: SourceLocation(line: 7, column: 12)))
        #expect(ReportFormat.github.renderer().render([unreadable], header: Self.info).hasPrefix("::error file=bad.json,line=7,col=12,title=could not read the dossier::expected '%2C'") == false)
        #expect(ReportFormat.github.renderer().render([unreadable], header: Self.info).hasPrefix("::error file=bad.json,line=7,col=12,title=could not read the dossier::expected ','"))
    }
}
