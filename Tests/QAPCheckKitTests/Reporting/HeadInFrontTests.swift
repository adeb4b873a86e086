import CFileSystem
import Foundation
import Testing
@testable import QAPCheckKit

@Suite("Report files: the head put in front of the documents")
struct HeadInFrontTests {
    static let header: RunInfo = {
        let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)
        return RunInfo(ruleSet: ruleSet, context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
    }()

    /// Enough results for a report of several file-system blocks and several writeback steps.
    static func results(_ count: Int) -> [DocumentResult] {
        (0..<count).map { .unreadable(String(format: "dossiers/%06d-with-a-longer-name-for-bulk.json", $0), DocumentError(.empty, "the file is empty")) }
    }

    /// Whether the file system of `folder` inserts room at the start of a file, asked of it
    /// directly: a file of three blocks, given one more in front.
    static func insertsRoom(in folder: URL) throws -> Bool {
        let path = folder.appendingPathComponent("probe").path
        try Data(repeating: 0x61, count: 3 * 4096).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDWR)
        defer { close(fd); unlink(path) }
        return qapcheck_insert_room(fd, 4096) == 0
    }

    /// `putInFront`: the head, stretched to whole blocks, then every byte that was there, then
    /// what is written after; where the file system cannot, the file as it was.
    @Test func aHeadPutInFrontLeavesEveryByteBehindIt() throws {
        let dir = Repo.scratch()
        let inPlace = try Self.insertsRoom(in: dir)
        if !inPlace { print("note: \(dir.path) cannot insert room at a file's start; only the refusal is checked") }
        let target = dir.appendingPathComponent("report.txt").path
        let body = OutputFileTests.pattern(2 * Int(OutputFile.writebackStep) + 4097)
        let output = try OutputFile.open(.file(target))
        try output.write(String(decoding: body, as: UTF8.self))
        let put = try output.putInFront(length: 5, padded: { "head\n" + String(repeating: "-", count: $0) })
        #expect(put == inPlace)
        try output.write("tail")
        try output.flush()
        try output.commit(to: .file(target))
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: target)))
        let head = put ? Array("head\n".utf8) + Array(repeating: UInt8(ascii: "-"), count: 4096 - 5) : []
        let expected = head + body + Array("tail".utf8)
        #expect(written.count == expected.count)
        #expect((0..<min(written.count, expected.count)).first { written[$0] != expected[$0] } == nil)
        // A head the padding cannot stretch to the room: refused, the file unchanged.
        let other = try OutputFile.open(.file(target))
        try other.write("x")
        #expect(try !other.putInFront(length: 5, padded: { _ in "head\n" }))
        other.discard()
    }

    /// Writes `results` as a report to `path` through a stream, as a run does.
    static func write(_ results: [DocumentResult], renderer: ReportRenderer, to path: String) throws -> ReportStream {
        let stream = try ReportStream(renderer: renderer, header: header, destination: .file(path))
        for r in results { try stream.add(r) }
        try stream.finish(ReportSummary(results))
        try stream.commit()
        return stream
    }

    /// The report is the one the spooled stream writes, but for spaces at the end of the line
    /// that opens the documents; where the file system can, the head went in front in place.
    @Test(arguments: [0, 1, 40_000])
    func aJSONReportToAFileIsTheSpooledOneWithItsHeadInFront(count: Int) throws {
        let dir = Repo.scratch()
        let inPlace = try Self.insertsRoom(in: dir)
        if !inPlace { print("note: \(dir.path) cannot insert room at a file's start; the copy behind the head is checked instead") }
        let results = Self.results(count)
        let renderer = ReportFormat.json.renderer()
        let path = dir.appendingPathComponent("report.json").path
        try "the old report".write(toFile: path, atomically: false, encoding: .utf8)
        let stream = try Self.write(results, renderer: renderer, to: path)
        #expect(stream.headPutInPlace == (inPlace && count > 0))

        let written = try String(contentsOfFile: path, encoding: .utf8)
        let expected = try ReportStream.render(results, renderer: renderer, header: Self.header)
        let opening = try #require(written.range(of: "\"documents\": ["))
        let padding = written[opening.upperBound...].prefix { $0 == " " }
        if stream.headPutInPlace {
            // The head ends where the first document begins: at a block's edge.
            let first = try #require(written.range(of: "\n    {", range: padding.endIndex..<written.endIndex))
            #expect(written.utf8.distance(from: written.startIndex, to: first.upperBound) % 4096 == 1)
            #expect(first.lowerBound == padding.endIndex)
        } else {
            #expect(padding.isEmpty)
        }
        var unpadded = written
        unpadded.removeSubrange(padding.startIndex..<padding.endIndex)
        #expect(unpadded.utf8.count == expected.utf8.count)
        #expect(unpadded == expected)
        let parsed = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any]
        #expect((parsed?["documents"] as? [Any])?.count == count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
    }

    /// A format that offers padding but cannot fill the room asked: the documents are copied
    /// behind the head into a new temporary file, and the report is the spooled one exactly.
    @Test func aHeadThatCannotFillTheRoomHasTheDocumentsCopiedBehindIt() throws {
        let dir = Repo.scratch()
        let results = Self.results(5_000)
        let path = dir.appendingPathComponent("report.json").path
        try "the old report".write(toFile: path, atomically: false, encoding: .utf8)
        let stream = try Self.write(results, renderer: UnpaddableJSON(), to: path)
        #expect(!stream.headPutInPlace)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == (try ReportStream.render(results, renderer: UnpaddableJSON(), header: Self.header)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
    }

    /// A report of some megabytes is synced on another thread on the way, once `syncStep` bytes
    /// are handed to the disk (one sync at a time); a shorter one only when it is put in place.
    @Test(arguments: [Int(OutputFile.syncStep) - 1, Int(OutputFile.syncStep) * 2 + Int(OutputFile.writebackStep) + 99])
    func aLongReportIsSyncedOnTheWay(length: Int) throws {
        let target = Repo.scratch().appendingPathComponent("long.txt").path
        let body = OutputFileTests.pattern(length)
        let output = try OutputFile.open(.file(target))
        try output.write(String(decoding: body, as: UTF8.self))
        try output.flush()
        #expect((output.syncsBegun > 0) == (length >= OutputFile.syncStep))
        try output.commit(to: .file(target))
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: target))) == body)
        // A spool is never synced: it is not a report.
        let spool = try OutputFile.anonymous()
        try spool.write(String(decoding: body, as: UTF8.self))
        try spool.flush()
        #expect(spool.syncsBegun == 0)
        spool.close()
    }
}

/// The JSON format, but for a head that offers padding and then always gives one byte too many.
private struct UnpaddableJSON: ReportRenderer {
    let json = ReportFormat.json.renderer()
    var needsSummaryFirst: Bool { true }
    func head(_ h: RunInfo, summary: ReportSummary?) -> String { json.head(h, summary: summary) }
    func document(_ r: DocumentResult, header: RunInfo) -> String { json.document(r, header: header) }
    var separator: String { json.separator }
    func tail(_ h: RunInfo, summary: ReportSummary) -> String { json.tail(h, summary: summary) }
    func paddedHead(_ h: RunInfo, summary: ReportSummary, extra: Int) -> String? {
        json.paddedHead(h, summary: summary, extra: extra).map { $0 + " " }
    }
}
