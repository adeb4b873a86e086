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
