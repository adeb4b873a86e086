#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An unlinked temporary file, where the input list goes past its memory budget, so that a run
/// over millions of paths holds no more of them in memory than one over thousands.
///
/// The file loses its name the moment it is made: nothing is left behind however the run ends,
/// and another process cannot open it. Reads are positioned (`pread`), so worker threads share
/// one descriptor without sharing an offset.
final class SpillFile: Sendable {
    let descriptor: Int32

    /// Makes one in `folder`.
    init(in folder: String) throws(InputError) {
        var template = Array((folder + "/qapcheck-list-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw InputError(path: folder, message: "cannot make a temporary file for the input list: \(SystemError.describe(errno))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Reads `count` bytes at `offset` into `buffer` (which it resizes); fewer only at the end.
    func read(into buffer: inout [UInt8], count: Int, at offset: Int) throws(InputError) {
        buffer.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        var failure: Int32 = 0
        buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, filled in
            while filled < count {
                let n = pread(descriptor, raw.baseAddress! + filled, count - filled, off_t(offset + filled))
                if n < 0, errno == EINTR { continue }
                if n < 0 { failure = errno; break }
                if n == 0 { break }
                filled += n
            }
        }
        if failure != 0 { throw Self.failed("read", failure) }
    }

    /// Appends all of `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) throws(InputError) {
        var done = 0
        while done < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { throw Self.failed("write", n < 0 ? errno : ENOSPC) }
            done += n
        }
    }

    private static func failed(_ what: String, _ code: Int32) -> InputError {
        InputError(path: "the temporary input list", message: "cannot \(what) it: \(SystemError.describe(code))")
    }
}

/// When the input list goes to disk, and where: past `budget` bytes held in memory, into
/// unlinked files in `folder`. A folder where no file can be made keeps the list in memory (a
/// run is never refused for want of a temporary file); a write that fails once a file is made
/// (a full disk) stops the run with that error.
public struct SpillPolicy: Sendable {
    public let budget: Int
    public let folder: String

    public init(budget: Int = 1 << 20, folder: String = SpillPolicy.temporaryFolder) {
        self.budget = budget
        self.folder = folder
    }

    public static let standard = SpillPolicy()

    /// `TMPDIR`, or `/tmp`.
    public static var temporaryFolder: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// A new spill file, or nil where the folder takes none.
    func file() -> SpillFile? { try? SpillFile(in: folder) }
}

/// Appends to a `SpillFile` through a buffer, so a million short records cost a few hundred
/// writes, not a million.
struct SpillWriter {
    let file: SpillFile
    private var buffer: [UInt8] = []
    /// Bytes appended so far, buffered or written.
    private(set) var size = 0

    init(_ file: SpillFile) {
        self.file = file
        buffer.reserveCapacity(Self.blockSize)
    }

    static let blockSize = 1 << 16

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
        buffer.append(contentsOf: bytes)
        size += bytes.count
        if buffer.count >= Self.blockSize { try flush() }
    }

    mutating func append(littleEndian value: UInt64) throws(InputError) {
        try value.littleEndianBytes.withUnsafeBufferPointer { (raw) throws(InputError) in try append(raw) }
    }

    /// One string of a sorted run: its length (8 bytes), then its bytes.
    mutating func append(record: UnsafeBufferPointer<UInt8>) throws(InputError) {
        try append(littleEndian: UInt64(record.count))
        try append(record)
    }

    mutating func flush() throws(InputError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { (raw) throws(InputError) in try file.append(UnsafeRawBufferPointer(raw)) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a run front to back: a `SpillFile` in blocks, or the bytes of a run kept in memory
/// (when the folder took no more files).
struct SpillReader {
    private let file: SpillFile?
    let size: Int
    private var block: [UInt8] = []
    private var blockStart = 0
    private var position = 0

    init(_ file: SpillFile, size: Int) {
        self.file = file
        self.size = size
    }

    init(bytes: [UInt8]) {
        file = nil
        size = bytes.count
        block = bytes
    }

    var isAtEnd: Bool { position >= size }

    /// Smaller than a writer's: a merge holds one block per run.
    static let blockSize = 1 << 14

    /// The next `count` bytes.
    mutating func take(_ count: Int) throws(InputError) -> ArraySlice<UInt8> {
        if position + count > blockStart + block.count, let file {
            blockStart = position
            try file.read(into: &block, count: min(max(count, Self.blockSize), size - position), at: position)
        }
        guard position + count <= blockStart + block.count else { throw InputError(path: "the temporary input list", message: "it ended early") }
        let start = position - blockStart
        position += count
        return block[start..<start + count]
    }

    mutating func takeUInt64() throws(InputError) -> UInt64 {
        UInt64(littleEndianBytes: try take(8))
    }
}
