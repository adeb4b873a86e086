import Foundation
import Testing
@testable import QAPCheckKit

/// Every kind of bad file gives an error for that file alone, with a message and, where there is
/// one, a place.
@Suite("Bad input gives a clear error per file")
struct BadInputTests {
    @Test func unreadableFile() {
        do {
            _ = try Repo.loader().load(file: "/no/such/dossier.json")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.reason == .unreadable)
            #expect(error.message == "cannot open the file: no such file")
        }
    }

    @Test func folderIsNotAFile() {
        do {
            _ = try Repo.loader().load(file: Repo.scratch().path)
            Issue.record("a folder loaded")
        } catch {
            #expect(error.reason == .unreadable)
            #expect(error.message == "it is a folder, not a file")
        }
    }

    @Test(arguments: ["empty.json", "empty.xml"])
    func emptyFile(name: String) {
        #expect(Repo.error("", as: name)?.reason == .empty)
        #expect(Repo.error(" \n\t\n", as: name)?.reason == .empty)
        #expect(Repo.error("", as: name)?.message == "the file is empty")
    }

    @Test func binaryFile() {
        let error = Repo.error(bytes: [0x7B, 0x0A, 0x00, 0x01, 0x02], as: "blob.json")
        #expect(error?.reason == .binary)
        #expect(error?.location == SourceLocation(line: 2, column: 1))
    }

    @Test func utf16IsReportedAsNotUTF8() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<mediator-profile/>".utf8).flatMap { [$0, 0] }
        #expect(Repo.error(bytes: utf16, as: "u16.xml")?.reason == .binary)
    }

    /// The check skips ASCII in runs of 32 and 8 bytes: a bad byte (or a good two-byte
    /// character) at every place of texts of every length up to 100 is found where it is.
    @Test func aBadByteIsFoundAtEveryPlaceWhateverTheRunsOfASCII() {
        for length in 1...100 {
            for place in 0..<length {
                var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                text[place] = 0xFF
                #expect(SourceText.firstInvalidUTF8(text) == place, "length \(length), place \(place)")
                if place + 1 < length {
                    text[place] = 0xC3
                    text[place + 1] = 0xA9
                    #expect(SourceText.firstInvalidUTF8(text) == nil, "é at \(place) of \(length)")
                    text[place + 1] = 0x28
                    #expect(SourceText.firstInvalidUTF8(text) == place, "a cut sequence at \(place) of \(length)")
                }
            }
        }
    }

    @Test(arguments: [
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D] as [UInt8], 7),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D] as [UInt8], 7),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D] as [UInt8], 7),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE2, 0x82] as [UInt8], 7),
    ])
    func invalidUTF8(bytes: [UInt8], column: Int) {
        let error = Repo.error(bytes: bytes, as: "bad.json")
        #expect(error?.reason == .invalidUTF8)
        #expect(error?.location == SourceLocation(line: 1, column: column))
        var xml = Array("<mediator-profile id=\"".utf8)
        xml += [0xFF]
        xml += Array("\"/>".utf8)
        #expect(Repo.error(bytes: xml, as: "bad.xml")?.reason == .invalidUTF8)
    }

    @Test func tooLargeIsRefusedBeforeReading() throws {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("big.json")
        try Data(repeating: 0x20, count: 2048).write(to: file)
        do {
            _ = try Repo.loader(limits: LoadLimits(maxBytes: 1024)).load(file: file.path)
            Issue.record("an oversized file loaded")
        } catch {
            #expect(error.reason == .tooLarge)
            #expect(error.message == "the file is 2048 bytes, over the limit of 1024")
        }
    }

    @Test func notWellFormedJSONAndXML() {
        #expect(Repo.error("{\"kind\": ", as: "a.json")?.reason == .notWellFormed)
        #expect(Repo.error("<mediator-profile>", as: "a.xml")?.reason == .notWellFormed)
        #expect(Repo.error("<mediator-profile>", as: "a.xml")?.location != nil)
    }

    @Test func unknownKindInEitherForm() {
        #expect(Repo.error("{\"kind\":\"x\"}", as: "a.json")?.reason == .unknownKind)
        #expect(Repo.error("<x/>", as: "a.xml")?.reason == .unknownKind)
    }

    @Test func formIsSniffedWhenTheNameSaysNothing() throws {
        #expect(try Repo.load("  <mediator-profile id=\"a\"/>", as: "dossier.txt").format == .xml)
        #expect(try Repo.load("{\"kind\":\"mediator-profile\"}", as: "dossier").format == .json)
    }
}

@Suite("Deep nesting")
struct DeepNestingTests {
    /// The deepest nesting a run may allow is loaded, checked and freed on a batch worker without
    /// exhausting its stack.
    @Test func theDeepestAllowedNestingIsValidatedOnWorkers() throws {
        let depth = LoadLimits.deepestAllowed - 2
        let text = "{\"kind\":\"mediator-profile\",\"schemaVersion\":\"1\",\"id\":\"P\",\"x\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let dir = Repo.scratch()
        for name in ["a.json", "b.json", "c.json"] { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let run = try CLI.validate([dir.path, "--jobs", "3", "--format", "csv", "--max-depth", String(LoadLimits.deepestAllowed)])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\r\n").count == 4)
        let refused = try CLI.validate([dir.appendingPathComponent("a.json").path, "--format", "csv"])
        #expect(refused.status == 2, "the default limit refuses it")
    }
}
