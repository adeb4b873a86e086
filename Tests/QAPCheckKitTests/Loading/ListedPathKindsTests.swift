import Foundation
import Testing
@testable import QAPCheckKit

/// A long list's paths are told apart by reading their folders, not by a `stat` each: what the
/// reads find must be what a `stat` of each path finds, whatever the folder holds.
@Suite("Listed paths told by their folders")
struct ListedPathKindsTests {
    /// A folder of every kind of entry, named enough times to be read, and a big folder of which
    /// the list names a few (the read stops early and the rest are examined one by one).
    @Test func aFolderReadGivesWhatAStatOfEachPathGives() throws {
        let dir = Repo.scratch()
        let mixed = dir.appendingPathComponent("mixed")
        let big = dir.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: mixed.appendingPathComponent("sub.json"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: big, withIntermediateDirectories: true)
        for i in 0..<40 { try Data("{}".utf8).write(to: mixed.appendingPathComponent("d\(i).json")) }
        for i in 0..<600 { try Data().write(to: big.appendingPathComponent("b\(i).xml")) }
        #expect(symlink(mixed.appendingPathComponent("d1.json").path, mixed.appendingPathComponent("to-file.json").path) == 0)
        #expect(symlink(mixed.appendingPathComponent("sub.json").path, mixed.appendingPathComponent("to-folder.json").path) == 0)
        #expect(symlink(mixed.appendingPathComponent("nowhere").path, mixed.appendingPathComponent("dangling.json").path) == 0)
        #expect(mkfifo(mixed.appendingPathComponent("pipe.json").path, 0o600) == 0)

        var paths = (0..<40).map { mixed.path + "/d\($0).json" }
        paths += ["to-file.json", "to-folder.json", "dangling.json", "pipe.json", "sub.json", "gone.json", "."].map { mixed.path + "/" + $0 }
        paths += [mixed.path + "/sub.json/", mixed.path + "/..", dir.path + "/nowhere/x.json", "/"]
        paths += stride(from: 0, to: 600, by: 60).map { big.path + "/b\($0).xml" }
        paths += [big.path + "/b599.xml", big.path + "/b599.xml"]
        let skipped = paths.map { $0.hasSuffix("d7.json") }

        let kinds = ListedPathKinds.of(paths.map(InputPath.init), skipped: skipped)
        for (i, path) in paths.enumerated() {
            let expected: PathKind? = skipped[i] ? nil : PathKind.of(InputPath(path))
            #expect(kinds[i] == expected, "\(path)")
        }
        #expect(PathKind.of(InputPath(mixed.path + "/to-file.json")) == .fileLink)
        #expect(PathKind.of(InputPath(mixed.path + "/to-folder.json")) == .folderLink)
        #expect(PathKind.of(InputPath(mixed.path + "/dangling.json")) == .missing)
        #expect(PathKind.of(InputPath(mixed.path + "/pipe.json")) == .file)
        #expect(PathKind.of(InputPath(mixed.path + "/sub.json")) == .folder)
    }

    /// The read itself settles what an entry's type tells (files, folders, FIFOs), leaves links
    /// to a `stat`, and never settles a name the folder does not hold: were it to settle nothing,
    /// every path would still be right, through one `stat` each, and the read would be for nothing.
    @Test func aFolderReadSettlesWhatEntryTypesTell() throws {
        let dir = Repo.scratch()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for i in 0..<30 { try Data("{}".utf8).write(to: dir.appendingPathComponent("d\(i).json")) }
        #expect(mkfifo(dir.appendingPathComponent("pipe").path, 0o600) == 0)
        #expect(symlink(dir.appendingPathComponent("d1.json").path, dir.appendingPathComponent("link.json").path) == 0)
        let names = (0..<30).map { "d\($0).json" } + ["sub", "pipe", "link.json", "gone.json", "d3.json"]
        let sought = names.enumerated().map { (index: $0.offset, name: Array($0.element.utf8)[...]) }
        var settled: [String: PathKind] = [:]
        var times = 0
        ListedPathKinds.read(Array(dir.path.utf8), seeking: sought) { k, kind in
            settled[names[k]] = kind
            times += 1
        }
        #expect(times == 33, "thirty files (one of them sought twice), the folder and the FIFO")
        #expect((0..<30).allSatisfy { settled["d\($0).json"] == .file })
        #expect(settled["sub"] == .folder && settled["pipe"] == .file)
        #expect(settled["link.json"] == nil && settled["gone.json"] == nil)
    }

    /// One entry under several spellings, through a linked folder or a link to the file, is one
    /// file, read once under its first name; hard links are entries of their own.
    @Test func oneEntryIsOneFileWhateverTheSpellingAndHardLinksAreEach() throws {
        let dir = Repo.scratch()
        let real = dir.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        for i in 0..<12 { try Data("{}".utf8).write(to: real.appendingPathComponent("d\(i).json")) }
        #expect(symlink(real.path, dir.appendingPathComponent("alias").path) == 0)
        #expect(symlink(real.appendingPathComponent("d3.json").path, dir.appendingPathComponent("link.json").path) == 0)
        #expect(link(real.appendingPathComponent("d5.json").path, real.appendingPathComponent("hard.json").path) == 0)

        var lines = (0..<12).map { real.path + "/d\($0).json" }
        lines += (0..<12).map { dir.path + "/alias/d\($0).json" }
        lines += (0..<12).map { real.path + "/./d\($0).json" }
        lines += [dir.path + "/link.json", real.path + "/hard.json", dir.path + "/alias/hard.json"]
        let listing = Data((lines.joined(separator: "\n") + "\n").utf8)
        let listed = Array(try InputFiles().collect([], listing: .bytes(listing))).map(\.display)
        #expect(listed.count == 13, "twelve files and the hard link: \(listed)")
        #expect(listed.allSatisfy { $0.hasPrefix(dir.path + "/alias/") }, "each file under its first name in byte order")
        #expect(listed.contains(dir.path + "/alias/hard.json"))
        #expect(!listed.contains(dir.path + "/link.json"), "the link's target is listed under a name that sorts first")
        #expect(Array(try InputFiles().collect(lines, listing: nil)).map(\.display) == listed, "named on the command line, the same list")
    }
}

/// Files are told apart by their entries only when a folder is named twice: the check that
/// decides it must see every second spelling, and bound its memory.
@Suite("Folders named twice")
struct FolderSpellingsTests {
    /// Bare names are in the working folder, whichever it is (the tests never change it).
    func twice(_ paths: [String], most: Int = 65_536) -> Bool {
        var spellings = FolderSpellings(most: most)
        for path in paths { spellings.note(InputPath(path)) }
        return spellings.twice
    }

    @Test func aSecondSpellingOfAFolderIsSeenWhereverItComes() throws {
        let dir = Repo.scratch()
        for sub in ["a", "b", "a/c"] { try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true) }
        #expect(symlink(dir.appendingPathComponent("a").path, dir.appendingPathComponent("link").path) == 0)
        let a = dir.path + "/a/"
        #expect(!twice([a + "x.json", a + "y.json", dir.path + "/b/x.json", a + "c/x.json", a + "z.json", "x.json", "y.json"]),
                "one spelling a folder, in any order, and the working folder as a bare name")
        #expect(twice([a + "x.json", dir.path + "/b/x.json", dir.path + "/./a/y.json"]))
        #expect(twice([a + "x.json", dir.path + "/a//y.json"]))
        #expect(twice([a + "x.json", dir.path + "/link/y.json"]), "a link to a folder is its second spelling")
        #expect(twice(["x.json", "./y.json"]), "a bare name's folder is the working folder, as ./ is")
        #expect(twice(["x.json", FileManager.default.currentDirectoryPath + "/y.json"]))
        #expect(!twice([dir.path + "/gone/x.json", dir.path + "/./gone/y.json"]), "a folder that is not there names no file")
        #expect(!twice([a + "1.json", dir.path + "/b/1.json"], most: 2))
        #expect(twice([a + "1.json", dir.path + "/b/1.json", a + "c/1.json"], most: 2), "past the most folders followed, the list is taken to name a file twice")
    }

    /// A list whose folders each have one spelling keeps every path, and one that spells a
    /// folder twice drops the second name of each file, in lists long enough to spill.
    @Test func aListIsTheSameWhetherOrNotItsFilesAreToldApart() throws {
        let dir = Repo.scratch()
        for f in 0..<3 {
            let sub = dir.appendingPathComponent("f\(f)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for i in 0..<50 { try Data("{}".utf8).write(to: sub.appendingPathComponent("d\(i).json")) }
        }
        let plain = (0..<3).flatMap { f in (0..<50).map { dir.path + "/f\(f)/d\($0).json" } }
        let listing = { (lines: [String]) in InputListing.bytes(Data((lines.joined(separator: "\n") + "\n").utf8)) }
        for budget in [200, 1 << 20] {
            let files = InputFiles(spill: SpillPolicy(budget: budget))
            #expect(Array(try files.collect([], listing: listing(plain.reversed()))).map(\.display) == plain.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            let respelled = plain + plain.map { $0.replacingOccurrences(of: "/f1/", with: "/./f1/") }
            let kept = Array(try files.collect([], listing: listing(respelled))).map(\.display)
            #expect(kept.count == 150, "each file once: \(kept.count)")
            #expect(kept.filter { $0.contains("/./f1/") }.count == 50, "the second spelling sorts first and is kept")
        }
    }
}
