import CFileSystem
import Foundation
import Testing
@testable import QAPCheckKit

/// Files put out of memory on purpose: written, flushed, and dropped from the page cache. Where
/// the system keeps them anyway (a memory file system) or cannot tell what is in memory, the
/// tests that need a file on the disk are not run.
enum OutOfMemory {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Writes `bytes` to `url` and drops the file's pages from memory but its first `kept`;
    /// whether the system then holds exactly those. Written a page at a time, the file is held in
    /// pages of its own: written at once it may be held in larger blocks, which a drop from a page
    /// inside one leaves whole.
    @discardableResult
    static func write(_ bytes: [UInt8], to url: URL, keepingFirst kept: Int = 0) throws -> Bool {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = min(pageSize, bytes.count - offset)
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, n) }
            guard written == n else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += n
        }
        return drop(url, from: kept * pageSize) && (kept == 0 || pages(url)?.prefix(kept).allSatisfy { $0 } == true)
    }

    /// Drops the file's pages from `offset` on; whether they are then out of memory. A page the
    /// system holds a moment longer (in another core's batch, or being looked at) is asked for again,
    /// a few times.
    @discardableResult
    static func drop(_ url: URL, from offset: Int = 0) -> Bool {
        for _ in 0..<20 {
            let fd = open(url.path, O_RDONLY)
            guard fd >= 0 else { return false }
            fsync(fd)
            _ = posix_fadvise(fd, off_t(offset), 0, POSIX_FADV_DONTNEED)
            close(fd)
            if pages(url)?.dropFirst(offset / pageSize).allSatisfy({ !$0 }) == true { return true }
            usleep(5_000)
        }
        return false
    }

    /// Which of the file's pages are in memory; nil where the system cannot say. Asked with
    /// `mincore`, which starts no reading.
    static func pages(_ url: URL) -> [Bool]? {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0,
              let map = mmap(nil, Int(info.st_size), PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else { return nil }
        defer { munmap(map, Int(info.st_size)) }
        var pages = [UInt8](repeating: 0, count: (Int(info.st_size) + pageSize - 1) / pageSize)
        guard mincore(map, Int(info.st_size), &pages) == 0 else { return nil }
        return pages.map { $0 & 1 != 0 }
    }

    /// Whether every page of the file is in memory (`true`), none is (`false`), or some are (nil).
    static func inMemory(_ url: URL) -> Bool? {
        guard let pages = pages(url) else { return nil }
        return pages.allSatisfy { $0 } ? true : pages.contains(true) ? nil : false
    }

    /// Whether this system lets a test put a file out of memory and tell that it is.
    static let works: Bool = {
        let url = Repo.scratch().appendingPathComponent("probe.bin")
        guard (try? write([UInt8](repeating: 7, count: 8192), to: url)) == true else { return false }
        var probe = [UInt8](repeating: 0, count: 8192)
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        return probe.withUnsafeMutableBytes { qapcheck_read_if_in_memory(fd, $0.baseAddress!, 8192) } < 0 && errno == EAGAIN
    }()
}

@Suite("Reading from the disk, and reading ahead")
struct ReadAheadTests {
    static func pattern(_ count: Int, seed: Int = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &+ seed) &* 131 &+ 17) }
    }

    @Test(.enabled(if: OutOfMemory.works, "the system keeps every file in memory or cannot tell"))
    func aFileOnTheDiskIsReadWholeAndCounted() throws {
        let url = Repo.scratch().appendingPathComponent("cold.json")
        let bytes = Self.pattern(3 * OutOfMemory.pageSize + 123)
        try #require(try OutOfMemory.write(bytes, to: url), "the system kept the file in memory")
        let before = FileReader.readsFromDisk.load(ordering: .relaxed)
        #expect(try FileReader.read(InputPath(url.path), maxBytes: 1 << 20) == bytes)
        #expect(FileReader.readsFromDisk.load(ordering: .relaxed) > before)
    }

    /// The read of what is in memory stops where memory does: the rest must still be read, not
    /// taken for the end of the file.
    @Test(.enabled(if: OutOfMemory.works, "the system keeps every file in memory or cannot tell"))
    func aFilePartlyInMemoryIsReadWhole() throws {
        let url = Repo.scratch().appendingPathComponent("part.json")
        let bytes = Self.pattern(6 * OutOfMemory.pageSize + 99, seed: 5)
        try #require(try OutOfMemory.write(bytes, to: url, keepingFirst: 1), "the system did not keep just the first page")
        let before = FileReader.readsFromDisk.load(ordering: .relaxed)
        #expect(try FileReader.read(InputPath(url.path), maxBytes: 1 << 20) == bytes)
        #expect(FileReader.readsFromDisk.load(ordering: .relaxed) > before)
    }

    @Test(.enabled(if: OutOfMemory.works, "the system keeps every file in memory or cannot tell"))
    func readingAheadAsksForTheNextFilesAndNoFurther() throws {
        let dir = Repo.scratch()
        let urls = (0..<300).map { dir.appendingPathComponent("f\($0).json") }
        for (i, url) in urls.enumerated() { try OutOfMemory.write(Self.pattern(5000, seed: i), to: url) }
        // The system may keep a few pages it was asked to drop: only files seen out of memory count.
        let out = Set(urls.indices.filter { OutOfMemory.inMemory(urls[$0]) == false })
        try #require(out.count >= 200, "only \(out.count) of 300 files left memory")
        let ahead = ReadAhead(urls.map { InputPath($0.path) }, depth: 64, stride: 8, trigger: 0)
        ahead.took(0)
        // The system reads them in its own time: wait for it, within reason.
        let asked = (1...64).filter(out.contains)
        let deadline = Date().addingTimeInterval(20)
        while ahead.filesAsked < asked.count || !asked.allSatisfy({ OutOfMemory.inMemory(urls[$0]) == true }) {
            guard Date() < deadline else { break }
            usleep(20_000)
        }
        ahead.stop()
        #expect(ahead.filesAsked == asked.count)
        #expect(asked.allSatisfy { OutOfMemory.inMemory(urls[$0]) == true })
        // Past the depth nothing was asked for.
        #expect((100..<300).filter(out.contains).allSatisfy { OutOfMemory.inMemory(urls[$0]) == false })
    }

    /// A warm batch's files are looked at, found in memory, and not asked for; then the reading
    /// ahead goes idle instead of looking at every file of the batch.
    @Test func filesInMemoryAreNotAskedForAndReadingAheadGoesIdle() throws {
        let dir = Repo.scratch()
        let urls = (0..<2000).map { dir.appendingPathComponent("w\($0).json") }
        for (i, url) in urls.enumerated() { try Data(Self.pattern(300, seed: i)).write(to: url) }
        for url in urls { _ = try FileReader.read(InputPath(url.path), maxBytes: 1 << 20) }
        // Reads from the disk are reported at the start (so it starts), then none.
        let reported = Counter()
        let ahead = ReadAhead(urls.map { InputPath($0.path) }, depth: 16, stride: 4, trigger: 1, readsFromDisk: { reported.next() })
        for i in urls.indices {
            ahead.took(i)
            if i % 64 == 0 { usleep(1000) }
        }
        // Its wake-ups are queued: let it take them before it is stopped, however busy the machine.
        let deadline = Date().addingTimeInterval(20)
        while ahead.filesLooked == 0, Date() < deadline { usleep(10_000) }
        ahead.stop()
        #expect(ahead.filesAsked == 0)
        #expect(ahead.filesLooked > 0)
        #expect(ahead.filesLooked < urls.count / 2, "kept looking at \(ahead.filesLooked) files in memory")
    }

    /// Counts up for its first few calls, then stays.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var calls = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            calls += 1
            return min(calls, 3) * 10
        }
    }

    @Test func onlyRegularFilesAreOpenedToReadAhead() throws {
        let dir = Repo.scratch()
        let fifo = dir.appendingPathComponent("pipe.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let empty = dir.appendingPathComponent("empty.json")
        try Data().write(to: empty)
        // A FIFO opened for reading with no writer would wait (or, opened not to wait, be read by
        // no one); it is looked up and left alone, as are folders and empty files.
        #expect(qapcheck_read_ahead(fifo) == 0)
        #expect(qapcheck_read_ahead(dir.path) == 0)
        #expect(qapcheck_read_ahead(empty.path) == 0)
        #expect(qapcheck_read_ahead(dir.appendingPathComponent("none.json").path) == -1)
    }

    /// A batch over files on the disk, read ahead, gives what the same batch gives from memory.
    @Test(.enabled(if: OutOfMemory.works, "the system keeps every file in memory or cannot tell"))
    func aBatchFromTheDiskReportsWhatOneFromMemoryDoes() throws {
        let dir = Repo.scratch()
        let sources = Array(InputFiles.collect([Repo.fixture("rules")])).filter { !$0.display.hasSuffix(".txt") }
        try #require(sources.count >= 8)
        var files: [InputPath] = []
        for round in 0..<(400 / sources.count + 1) {
            for (i, source) in sources.enumerated() {
                let name = "r\(round)-\(i)-" + URL(fileURLWithPath: source.display).lastPathComponent
                let url = dir.appendingPathComponent(name)
                try FileManager.default.copyItem(atPath: source.display, toPath: url.path)
                files.append(InputPath(url.path))
            }
        }
        let batch = Batch(ruleSet: BatchTests.ruleSet, context: BatchTests.context, jobs: 2)
        func run() throws -> [DocumentResult] {
            var out: [DocumentResult] = []
            try batch.run(files) { out.append($0) }
            return out
        }
        let fromMemory = try run()
        for file in files { OutOfMemory.drop(URL(fileURLWithPath: file.display)) }
        let fromDisk = try run()
        #expect(fromDisk.map(\.file) == fromMemory.map(\.file))
        #expect(fromDisk.map(\.verdict) == fromMemory.map(\.verdict))
        #expect(fromDisk.map(\.deviations) == fromMemory.map(\.deviations))
    }
}
