import Foundation
import Testing
@testable import QAPCheckKit

@Suite("Report files: spools copied a step at a time")
struct OutputFileTests {
    /// Printable bytes that differ from step to step, so a step copied twice or left out shows.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(0x20 + ($0 &* 2_654_435_761 >> 13) % 95) }
    }

    /// A spool of several writeback steps is copied behind a head into a report that is synced
    /// and renamed into place: whole, or cut at a limit on either side of a step's edge.
    @Test(arguments: [Int.max, 0, 1, Int(OutputFile.writebackStep) - 1, Int(OutputFile.writebackStep), Int(OutputFile.writebackStep) + 1, 2 * Int(OutputFile.writebackStep) + 12_345])
    func aSpoolCopiedInStepsArrivesWhole(limit: Int) throws {
        let body = Self.pattern(3 * Int(OutputFile.writebackStep) + 777)
        let spool = try OutputFile.anonymous()
        // Written in uneven pieces, as documents arrive.
        var at = 0
        while at < body.count {
            let piece = min(body.count - at, 1 + (at * 7) % 200_000)
            try spool.write(String(decoding: body[at..<(at + piece)], as: UTF8.self))
            at += piece
        }
        let target = Repo.scratch().appendingPathComponent("report.json").path
        try "the old report".write(toFile: target, atomically: false, encoding: .utf8)
        let output = try OutputFile.open(.file(target))
        try output.write("head\n")
        try spool.copy(to: output, limit: limit)
        try output.write("tail\n")
        try output.flush()
        try output.commit(to: .file(target))
        spool.close()

        let expected = Array("head\n".utf8) + body.prefix(limit) + Array("tail\n".utf8)
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: target)))
        // Where they first differ, not the arrays: a failure message of megabytes takes minutes.
        #expect(written.count == expected.count)
        #expect((0..<min(written.count, expected.count)).first { written[$0] != expected[$0] } == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (target as NSString).deletingLastPathComponent)
        #expect(leftovers == ["report.json"])
    }
}
