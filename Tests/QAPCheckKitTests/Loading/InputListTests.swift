import Foundation
import Testing
@testable import QAPCheckKit

/// The input list past its memory budget: sorted on disk in runs and merged, read back by
/// position, and the same list, in the same order, as one held in memory.
@Suite("The input list on disk")
struct InputListTests {
    /// Byte strings with repeats, shared prefixes, bytes past ASCII and a NUL.
    static func strings(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var random = MutationTests.SplitMix(state: seed)
        let alphabet: [UInt8] = Array("ab/.-z".utf8) + [0x00, 0x7F, 0x80, 0xE9, 0xFF]
        var out: [[UInt8]] = []
        for _ in 0..<count {
            if !out.isEmpty, random.next() % 5 == 0 {
                // A repeat, or a string that the earlier one is a prefix of.
                var s = out[Int(random.next() % UInt64(out.count))]
                if random.next() % 2 == 0 { s.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
                out.append(s)
                continue
            }
            let length = 1 + Int(random.next() % 12)
            out.append((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        return out
    }

    static func sorted(_ strings: [[UInt8]], budget: Int) throws -> (out: [[UInt8]], spilled: Bool) {
        var sort = ExternalSort(SpillPolicy(budget: budget))
        for s in strings { try sort.add(s) }
        var out: [[UInt8]] = []
        try sort.forEach { out.append(Array($0)) }
        return (out, sort.spilled)
    }

    @Test(arguments: [1, 64, 1_000, 1 << 20])
    func anExternalSortGivesEachDistinctStringOnceInByteOrder(budget: Int) throws {
        let input = Self.strings(3_000, seed: UInt64(budget))
        let (out, spilled) = try Self.sorted(input, budget: budget)
        let expected = Set(input).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(out == expected)
        #expect(spilled == (budget < 1 << 20), "a budget the strings fit in never touches the disk")
    }

    /// A folder tree, a list naming some files again under other spellings, a link and a path
    /// that does not exist: the list built on disk (a budget of a few paths) is the list built in
    /// memory, path for path, and so is every shard of it.
    @Test func aListOnDiskIsTheListInMemory() throws {
        let dir = Repo.scratch()
        for folder in 0..<7 {
            let sub = dir.appendingPathComponent(String(format: "%02d", folder))
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for file in 0..<40 { try Data("{}".utf8).write(to: sub.appendingPathComponent("d\(file).\(file % 3 == 0 ? "xml" : "json")")) }
        }
        #expect(symlink(dir.appendingPathComponent("03/d4.json").path, dir.appendingPathComponent("link.json").path) == 0)
        let listed = [dir.path + "/00/d1.json", dir.path + "/./00/d1.json", dir.path + "//05/d9.xml", dir.path + "/gone.json", ""]
        let listing = Data((listed.joined(separator: "\r\n") + "\n").utf8)
        let paths = [dir.path, dir.path + "/06"]

        let inMemory = try InputFiles().collect(paths, listing: .bytes(listing))
        let onDisk = try InputFiles(spill: SpillPolicy(budget: 200)).collect(paths, listing: .bytes(listing))
        #expect(!inMemory.isSpilled && onDisk.isSpilled)
        #expect(inMemory.count == 7 * 40 + 1, "each file once, the link's target once, and the missing path kept")
        #expect(Array(onDisk) == Array(inMemory))
        #expect(Array(inMemory).map(\.display) == InputFiles.sorted(Array(inMemory).map(\.display)))
        #expect(Array(inMemory).contains(InputPath(dir.path + "/gone.json")))
        #expect(!Array(inMemory).contains(InputPath(dir.path + "/link.json")), "a link's target is listed under its own name, which sorts first")
        for k in 1...4 {
            var a = inMemory, b = onDisk
            let shard = try #require(Shard(index: k, count: 4))
            a.keep(shard)
            b.keep(shard)
            #expect(Array(a) == Array(b))
            #expect(a.count >= 70 && a.count <= 71)
        }
    }

    /// A listing is examined a lot at a time, on several cores; what it gives must be what the
    /// same paths give named one by one: over several lots, with files spelled several ways (the
    /// same file in different lots), folders to search, missing and excluded paths.
    @Test func aListExaminedInLotsIsTheListNamedPathByPath() throws {
        let dir = Repo.scratch()
        for folder in 0..<10 {
            let sub = dir.appendingPathComponent("f\(folder)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for file in 0..<30 { try Data("{}".utf8).write(to: sub.appendingPathComponent("d\(file)\(file % 5 == 0 ? "-skip" : "").json")) }
        }
        var lines: [String] = []
        for i in 0..<(InputFiles.lotSize * 2 + 1_000) {
            let file = "f\(i % 10)/d\(i % 30)\(i % 30 % 5 == 0 ? "-skip" : "").json"
            switch i % 9 {
            case 0: lines.append(dir.path + "/./" + file)
            case 1: lines.append(dir.path + "//" + file)
            case 2: lines.append(dir.path + "/gone\(i).json")
            case 3 where i % 1_000 == 3: lines.append(dir.path + "/f\(i % 10)")
            default: lines.append(dir.path + "/" + file)
            }
        }
        let files = InputFiles(exclude: ["*-skip.json"])
        let listed = try files.collect([], listing: .bytes(Data((lines.joined(separator: "\n") + "\n").utf8)))
        let named = try files.collect(lines, listing: nil)
        let (a, b) = (Array(listed), Array(named))
        let firstDifference = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(a == b, "listed \(a.count) paths, named \(b.count); first difference at \(String(describing: firstDifference))")
        #expect(listed.count > 240 && !Array(listed).contains { $0.display.hasSuffix("-skip.json") })
        #expect(Array(listed).contains(InputPath(dir.path + "/gone2.json")))
    }

    /// A folder that takes no temporary file keeps the list in memory, whole and in order, and
    /// one that stops taking them part way merges what is on disk with what is in memory.
    @Test func aListWithNowhereToSpillStaysInMemory() throws {
        let dir = Repo.scratch()
        for file in 0..<50 { try Data("{}".utf8).write(to: dir.appendingPathComponent("d\(file).json")) }
        let expected = try InputFiles().collect([dir.path], listing: nil)
        let nowhere = try InputFiles(spill: SpillPolicy(budget: 64, folder: dir.path + "/no-such-folder")).collect([dir.path], listing: nil)
        #expect(!nowhere.isSpilled)
        #expect(Array(nowhere) == Array(expected))

        let spill = Repo.scratch()
        var sort = ExternalSort(SpillPolicy(budget: 64, folder: spill.path))
        let input = Self.strings(600, seed: 3)
        for s in input.prefix(300) { try sort.add(s) }
        #expect(sort.spilled)
        try FileManager.default.removeItem(at: spill)
        for s in input.dropFirst(300) { try sort.add(s) }
        var out: [[UInt8]] = []
        try sort.forEach { out.append(Array($0)) }
        #expect(out == Set(input).sorted { $0.lexicographicallyPrecedes($1) })
    }

    /// Which stored position the k-th kept path is, with some positions dropped: checked against
    /// counting them one by one.
    @Test func keptPositionsSkipTheDroppedOnes() {
        var random = MutationTests.SplitMix(state: 7)
        for _ in 0..<200 {
            let total = Int(random.next() % 40)
            let dropped = (0..<total).filter { _ in random.next() % 3 == 0 }
            let kept = (0..<total).filter { !dropped.contains($0) }
            for (k, stored) in kept.enumerated() {
                #expect(PathList.storedPosition(of: k, skipping: dropped) == stored)
            }
        }
    }

    /// A list read from a file, in blocks: lines cut at a block's end, CRLF, blank lines and a
    /// last line without a line break read as the same list given as bytes.
    @Test func aListReadInBlocksIsTheListGivenWhole() throws {
        let dir = Repo.scratch()
        let long = String(repeating: "x", count: 3_000)
        var lines: [String] = []
        for i in 0..<80 { lines.append(i % 7 == 0 ? "" : "\(dir.path)/\(long)\(i).json" + (i % 2 == 0 ? "\r" : "")) }
        let text = lines.joined(separator: "\n")
        let file = dir.appendingPathComponent("list.txt")
        try Data(text.utf8).write(to: file)
        #expect(text.utf8.count > 3 << 16, "the list crosses several blocks")
        let fromFile = try InputFiles().collect([], listing: .file(file.path))
        let fromBytes = try InputFiles().collect([], listing: .bytes(Data(text.utf8)))
        #expect(Array(fromFile) == Array(fromBytes))
        #expect(fromFile.count == lines.filter { !$0.isEmpty }.count)
        #expect(Array(fromFile).allSatisfy { $0.bytes.last != 0x0D }, "no line keeps its carriage return")
    }

    @Test func aListThatCannotBeReadIsAnErrorNamingIt() {
        let missing = Repo.scratch().appendingPathComponent("no-list.txt").path
        #expect { try InputFiles().collect([], listing: .file(missing)) } throws: { error in
            let e = error as? InputError
            return e?.path == missing && e?.message.contains("cannot read the --files-from list: no such file") == true
        }
    }

    /// The command line reads the list as a file and stops, exit 3, on one it cannot open.
    @Test func theCommandLineReadsTheListAndRefusesAMissingOne() throws {
        let dir = Repo.scratch()
        let list = dir.appendingPathComponent("list.txt")
        try Data((Repo.fixture("forms/application.json") + "\n").utf8).write(to: list)
        let listed = try CLI.validate(["--files-from", list.path, "--format", "csv"])
        #expect(listed.stdout.contains("application.json,mediator-application"), "\(listed.stdout)\(listed.stderr)")
        let missing = try CLI.validate(["--files-from", dir.appendingPathComponent("gone.txt").path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot read --files-from"), "\(missing.stderr)")
    }
}
