import Foundation
import Testing
@testable import QAPCheckKit

/// Every report names its run: when it started and finished, and how long it took.
@Suite struct RunRecordTests {
    @Test func timesAreUTCISO8601ToTheMillisecond() {
        #expect(RunRecord.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RunRecord.iso(Date(timeIntervalSince1970: 1_700_000_000.5)) == "2023-11-14T22:13:20.500Z")
        #expect(RunRecord.iso(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(RunRecord.iso(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        let record = RunRecord(startedAt: Date(timeIntervalSince1970: 10), finishedAt: Date(timeIntervalSince1970: 12.25))
        #expect(record.durationText == "2.250")
    }

    @Test func everyFormatThatCarriesTheRecordHasIt() throws {
        let folder = Repo.scratch()
        let formats = ["json", "jsonl", "sarif", "junit", "markdown", "html"]
        let before = Date()
        let run = try CLI.validate(["Fixtures/forms", "--format", "csv"] + formats.flatMap { ["--report", "\($0)=\(folder.appendingPathComponent("r.\($0)").path)"] })
        #expect(run.status == 1, "\(run.stderr)")
        func text(_ format: String) throws -> String { try String(contentsOf: folder.appendingPathComponent("r.\(format)"), encoding: .utf8) }
        let stamp = #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"#

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try text("json").utf8)) as? [String: Any])
        let record = try #require(json["run"] as? [String: Any])
        let started = try #require(record["startedAt"] as? String)
        #expect(started.range(of: "^" + stamp + "$", options: .regularExpression) != nil)
        #expect(started >= RunRecord.iso(before).prefix(16) + "", "the run started after the test did")
        #expect((record["durationSeconds"] as? Double ?? -1) >= 0)
        #expect(try text("jsonl").split(separator: "\n").last?.contains("\"run\":{\"startedAt\":") == true)
        #expect(try text("sarif").range(of: #""startTimeUtc": ""# + stamp, options: .regularExpression) != nil)
        #expect(try text("sarif").range(of: #""endTimeUtc": ""# + stamp, options: .regularExpression) != nil)
        #expect(try text("junit").range(of: #"<testsuite [^>]*timestamp=""# + stamp, options: .regularExpression) != nil)
        #expect(try text("markdown").range(of: "\n\nRun from " + stamp + " to " + stamp, options: .regularExpression) != nil)
        #expect(try text("html").range(of: #"<p class="run">Run from <time>"# + stamp, options: .regularExpression) != nil)
    }
}
