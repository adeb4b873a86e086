import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QAPCheckKit

/// What a dossier or a file name holds can never forge a report line, repaint a terminal, run a
/// spreadsheet formula, or make a report unreadable: every format escapes or neutralises it.
@Suite("Report injection")
struct ReportInjectionTests {
    static let info = RunInfo(ruleSet: try! RuleSetLoader.load(path: Repo.rules.path), context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))

    static func result(file: String, id: String, message: String) -> DocumentResult {
        let deviation = Deviation(rule: "QAP-FEE", severity: .error, message: message,
                                  citation: Citation(source: "s", section: "t", text: "u"),
                                  location: FindingLocation(pointer: .root, line: 1, column: 1), expected: "e", actual: "a")
        return DocumentResult(file: file, kind: "mediator-application", id: id, verdict: .fail, deviations: [deviation],
                              passed: [], skipped: [], error: nil)
    }

    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func aCSVCellIsNeverAFormula(id: String) {
        let text = ReportFormat.csv.renderer().render([Self.result(file: "a.json", id: id, message: "m")], header: Self.info)
        let row = text.components(separatedBy: "\r\n")[1]
        let cell = row.split(separator: ",", omittingEmptySubsequences: false)[2]
        #expect(cell.hasPrefix("'") || cell.hasPrefix("\"'"), "\(row)")
    }

    @Test func aWorkflowCommandCannotBeForgedFromAFileNameOrMessage() {
        let forged = Self.result(file: "a,title=X::b.json", id: "X", message: "bad\n::error file=other.json::forged 100%")
        let text = ReportFormat.github.renderer().render([forged], header: Self.info)
        let commands = text.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == 1, "\(text)")
        #expect(commands[0].hasPrefix("::error file=a%2Ctitle=X%3A%3Ab.json,line=1,col=1,title=QAP-FEE::bad%0A::error file=other.json::forged 100%25%0A"), "\(commands[0])")
    }

    @Test func aLineBreakOrEscapeInAFileNameOrMessageForgesNoTextLine() {
        let forged = Self.result(file: "evil.json\nfake.json:1:1: error: QAP-HOURS forged", id: "X",
                                 message: "bad\r\n\u{1B}[2Jcleared \u{202E}reversed")
        let text = ReportFormat.text.renderer().render([forged], header: Self.info)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3, "one deviation line, its note and the summary: \(text)")
        #expect(!text.contains("\u{1B}") && !text.contains("\r") && !text.contains("\u{202E}"))
        #expect(lines[0].hasPrefix("evil.json\\nfake.json:1:1: error: QAP-HOURS forged:1:1: error: QAP-FEE bad\\r\\n\\u{1B}[2Jcleared"))
        let markdown = ReportFormat.markdown.renderer().render([forged], header: Self.info)
        #expect(!markdown.contains("\u{1B}") && !markdown.contains("\n### fake"))
    }

    @Test func junitAndHTMLAreWellFormedWhateverTheText() throws {
        let odd = Self.result(file: "f\u{FFFF}.json", id: "id\u{FFFE}\u{01}", message: "m\u{0B}<x>&\"")
        let junit = ReportFormat.junit.renderer().render([odd], header: Self.info)
        let parsed = try XMLDocument(data: Data(junit.utf8))
        #expect(parsed.rootElement()?.name == "testsuites")
        #expect(junit.contains("\u{FFFD}"))
        let html = ReportFormat.html.renderer().render([odd], header: Self.info)
        #expect(!html.contains("<x>") && html.contains("&lt;x&gt;"))
    }

    @Test func jsonCarriesEveryValueExactly() throws {
        let odd = Self.result(file: "a\n\u{1B}.json", id: "\u{0}\u{FFFF}", message: "\u{202E}")
        let text = ReportFormat.jsonl.renderer().render([odd], header: Self.info)
        let first = try #require(text.split(separator: "\n").first)
        #expect(try JSONDecoder().decode(DocumentResult.self, from: Data(first.utf8)) == odd)
    }
}

/// Personal data found where a rule reads a field (an e-mail address given as a relation or a
/// qualification, a name in an attachment path, text in a date field) never reaches a report:
/// only what the kind schema marks safe is copied, the rest is described.
@Suite("Personal data in messages")
struct PersonalDataTests {
    static func dossier() throws -> String {
        var text = try String(contentsOfFile: Repo.fixture("forms/application.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: #""relation": "counsel""#, with: #""relation": "lena.private@example.org""#)
        text = text.replacingOccurrences(of: #""paid": "2026-09-30""#, with: #""paid": "paid by Jane Roe""#)
        text = text.replacingOccurrences(of: #""rolePlayFeedback": true }"#, with: #""rolePlayFeedback": true, "syllabus": "/home/jane.roe/syllabus.pdf" }"#)
        text = text.replacingOccurrences(of: #""fee":"#, with: #""skillsAssessment": {"format": "mia@example.org", "minutes": 90, "assessor": {"name": "Q", "qualification": "bob.assessor@example.org", "evaluationExperience": false}}, "fee":"#)
        return text
    }

    @Test func noFormatCopiesAValueTheSchemaDoesNotMarkSafe() throws {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("private.json")
        try Self.dossier().write(to: file, atomically: true, encoding: .utf8)
        let secrets = ["lena.private@example.org", "Jane Roe", "jane.roe", "bob.assessor@example.org", "mia@example.org"]
        let json = try CLI.validate([file.path, "--format", "json", "--phase", "certification"])
        #expect(json.stdout.contains("QAP-REFERENCE-VALID") && json.stdout.contains("QAP-ATTACHMENT-PATH") && json.stdout.contains("QAP-ASSESSOR-QUALIFIED"),
                "the dossier trips the rules that read those fields: \(json.stdout)")
        #expect(json.stdout.contains("which SCHEMA found not valid"), "a rule reading a flagged value says so, and copies nothing")
        for format in ReportFormat.allCases {
            let run = try CLI.validate([file.path, "--format", format.rawValue, "--phase", "certification"])
            #expect(run.status == 1, "\(format.rawValue): \(run.stderr)")
            for secret in secrets { #expect(!run.stdout.contains(secret), "\(format.rawValue) report copies '\(secret)'") }
        }
    }

    @Test func aValueIsReplacedOnlyWhereItStandsAsAWord() {
        let schema = SchemaNode(type: .object, properties: ["name": SchemaNode(type: .string), "code": SchemaNode(type: .string, safe: true)])
        let root = try! Repo.load(#"{"kind": "mediator-profile", "name": "Li", "code": "Li2"}"#, as: "x.json").root
        let values = PersonalValues(root: root, schema: schema)
        #expect(values.redact("Quality by Li.") == "Quality by a value not shown (it may be personal data).")
        #expect(values.redact("Li2") == "Li2")
    }
}
