import Foundation
import Testing
@testable import QAPCheckKit

/// The report model reads back what the JSON and jsonl reports write: every fixture's result
/// decodes to a value equal to the one the run produced.
@Suite("The report model")
struct ReportModelTests {
    static let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!)

    /// Every fixture's result, straight from a run into memory.
    static func fixtureResults() throws -> (RunInfo, [DocumentResult], ReportSummary) {
        let run = try ValidationRun(ValidationRequest(paths: [Repo.fixtures.path], ruleSetPath: Repo.rules.path, context: context, jobs: 2))
        let sink = CollectedResults()
        let summary = try run.execute(into: [sink])
        #expect(sink.summary == summary)
        return (run.info, sink.results, summary)
    }

    @Test func theJSONReportDecodesToTheResultsOfTheRun() throws {
        let (info, results, summary) = try Self.fixtureResults()
        #expect(results.count > 100)
        #expect(results.contains { $0.error != nil } && results.contains { !$0.deviations.isEmpty } && results.contains { !$0.skipped.isEmpty })
        let text = ReportFormat.json.renderer().render(results, header: info)
        let report = try JSONDecoder().decode(Report.self, from: Data(text.utf8))
        #expect(report == Report(info: info, summary: summary, documents: results))
        for (decoded, original) in zip(report.documents, results) where decoded != original {
            Issue.record("\(original.file) does not read back equal")
        }
    }

    @Test func everyJSONLinesDocumentDecodesToItsResult() throws {
        let (info, results, summary) = try Self.fixtureResults()
        let lines = ReportFormat.jsonl.renderer().render(results, header: info).split(separator: "\n")
        #expect(lines.count == results.count + 1)
        let decoder = JSONDecoder()
        for (line, original) in zip(lines, results) {
            #expect(try decoder.decode(DocumentResult.self, from: Data(line.utf8)) == original)
        }
        struct Tail: Decodable { let asOf: CivilDate; let summary: ReportSummary }
        let tail = try decoder.decode(Tail.self, from: Data(lines.last!.utf8))
        #expect(tail.asOf == info.asOf)
        #expect(tail.summary.documents == summary.documents && tail.summary.deviations == summary.deviations)
    }

    /// The hand-written JSON and the model's own `Encodable` agree, so neither drifts from the other.
    @Test func theModelsEncodingAgreesWithTheReport() throws {
        let (_, results, _) = try Self.fixtureResults()
        let decoder = JSONDecoder()
        for result in results {
            let encoded = try JSONEncoder().encode(result)
            #expect(try decoder.decode(DocumentResult.self, from: encoded) == result)
            var w = JSONWriter()
            DocumentJSON.write(result, into: &w)
            let written = try JSONSerialization.jsonObject(with: Data(w.text.utf8)) as? NSDictionary
            let synthesized = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
            #expect(written == synthesized, "\(result.file)")
        }
    }

    @Test func aPointerIsTypedAndWrittenAsText() throws {
        let pointer = JSONPointer.root.appending(key: "cases").appending(index: 3).appending(key: "a/b~c")
        let data = try JSONEncoder().encode([pointer])
        #expect(String(decoding: data, as: UTF8.self) == #"["\/cases\/3\/a~1b~0c"]"# || String(decoding: data, as: UTF8.self) == #"["/cases/3/a~1b~0c"]"#)
        #expect(try JSONDecoder().decode([JSONPointer].self, from: data) == [pointer])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([JSONPointer].self, from: Data(#"["cases"]"#.utf8)) }
    }

    @Test func aReportWithABadDateOrVerdictIsRefused() throws {
        let bad = #"{"file":"a.json","kind":null,"id":null,"verdict":"maybe","deviations":[],"passed":[],"skipped":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DocumentResult.self, from: Data(bad.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CivilDate.self, from: Data(#""2026-02-30""#.utf8)) }
        // Outcomes are read as text and named back: one that is no outcome is refused, and
        // none (absent or null) is no outcome at all.
        let head = #"{"file":"a.json","kind":null,"id":null,"verdict":"pass","deviations":[],"passed":["B"],"skipped":[]"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DocumentResult.self, from: Data((head + #","outcomes":{"B":"passed"}}"#).utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DocumentResult.self, from: Data((head + #","outcomes":{"B":1}}"#).utf8)) }
        for none in ["}", #","outcomes":null}"#] { #expect(try JSONDecoder().decode(DocumentResult.self, from: Data((head + none).utf8)).outcomes.isEmpty) }
        let read = try JSONDecoder().decode(DocumentResult.self, from: Data((head + #","outcomes":{"C":"not-applicable","B":"pass"}}"#).utf8))
        #expect(read.outcomes.map(\.rule) == [RuleID("B"), RuleID("C")] && read.outcomes.map(\.outcome) == [.pass, .notApplicable])
        #expect(read.passed == [RuleID("B")])
    }
}
