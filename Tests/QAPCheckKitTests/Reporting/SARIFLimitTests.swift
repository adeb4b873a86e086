import Foundation
import Testing
@testable import QAPCheckKit

/// Over code scanning's limit of results in one run, SARIF keeps errors first (wherever they are
/// in file order), then warnings, whole documents at a time, and says how many it left out.
@Suite struct SARIFLimitTests {
    static func deviation(_ rule: RuleID, _ severity: Severity, _ line: Int) -> Deviation {
        Deviation(rule: rule, severity: severity, message: "m\(line)", citation: Citation(source: "s", section: "t", text: "u"),
                  location: FindingLocation(pointer: .root, line: line, column: 1), expected: nil, actual: nil)
    }

    static func result(_ file: String, errors: Int, warnings: Int) -> DocumentResult {
        let deviations = (0..<warnings).map { deviation("QAP-REFERENCE-VALID", .warning, $0 + 1) } + (0..<errors).map { deviation("QAP-HOURS", .error, 1000 + $0) }
        return DocumentResult(file: file, kind: "mediator-application", id: file, verdict: errors > 0 ? .fail : .pass,
                              deviations: deviations, passed: [], skipped: [], error: nil)
    }

    func results(_ text: String) throws -> (levels: [String], files: [String], notes: [String]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let files = results.map { ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String ?? "" }
        let notes = ((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]] ?? [])
            .compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        return (results.map { $0["level"] as? String ?? "" }, files, notes)
    }

    @Test func overTheLimitErrorsComeFirstAndTheRestIsCounted() throws {
        let docs = [Self.result("a.json", errors: 1, warnings: 3), Self.result("b.json", errors: 0, warnings: 2), Self.result("c.json", errors: 2, warnings: 1)]
        let text = SARIFRenderer(resultLimit: 5).render(docs, header: ReportInjectionTests.info)
        let (levels, files, notes) = try results(text)
        #expect(levels == ["error", "error", "error"], "the errors of a.json and c.json, first: \(levels) \(files)")
        #expect(files == ["a.json", "c.json", "c.json"])
        // Then warnings in file order, whole documents at a time: a.json's three would make six.
        #expect(notes.contains { $0.hasPrefix("6 results were left out to keep within 5 results") }, "\(notes)")
        let roomy = try results(SARIFRenderer(resultLimit: 6).render(docs, header: ReportInjectionTests.info))
        #expect(roomy.files == ["a.json", "c.json", "c.json", "a.json", "a.json", "a.json"], "\(roomy.files)")
        #expect(roomy.notes.contains { $0.hasPrefix("3 results were left out") })
    }

    @Test func withinTheLimitNothingIsLeftOutAndErrorsStillComeFirst() throws {
        let docs = [Self.result("a.json", errors: 0, warnings: 2), Self.result("b.json", errors: 1, warnings: 0)]
        let (levels, files, notes) = try results(SARIFRenderer().render(docs, header: ReportInjectionTests.info))
        #expect(levels == ["error", "warning", "warning"])
        #expect(files == ["b.json", "a.json", "a.json"])
        #expect(!notes.contains { $0.contains("left out") })
    }
}
