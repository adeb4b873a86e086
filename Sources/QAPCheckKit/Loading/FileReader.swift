import CFileSystem
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with plain POSIX calls: one open, one stat, one read per file, and the
/// size limit checked before any byte is read, so a huge file costs nothing.
enum FileReader {
    /// How many files, since the process started, were read (in part or whole) from the disk
    /// rather than from memory: what tells a batch that reading ahead will pay (`ReadAhead`).
    /// Where the system cannot tell, it stays 0.
    static let readsFromDisk = Atomic<Int>(0)

    static func read(_ path: InputPath, maxBytes: Int) throws(DocumentError) -> [UInt8] {
        // Non-blocking, so that a FIFO among the inputs is refused at once instead of waiting for
        // a writer that may never come; a regular file reads the same either way.
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard fd >= 0 else {
            let code = errno
            var info = stat()
            if path.withCString({ stat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                throw DocumentError(.unreadable, "cannot read the folder: \(SystemError.describe(code))")
            }
            throw DocumentError(.unreadable, "cannot open the file: \(SystemError.describe(code))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DocumentError(.unreadable, "cannot read the file: \(SystemError.describe(errno))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw DocumentError(.unreadable, folderProblem(path))
        case S_IFIFO: throw DocumentError(.unreadable, "it is a FIFO, not a file; only regular files are read")
        case S_IFCHR, S_IFBLK: throw DocumentError(.unreadable, "it is a device, not a file; only regular files are read")
        default: throw DocumentError(.unreadable, "it is not a regular file; only regular files are read")
        }
        let size = Int(info.st_size)
        if size > maxBytes {
            throw DocumentError(.tooLarge, "the file is \(size) bytes, over the limit of \(maxBytes)")
        }
        return try readToEnd(fd, expected: size, maxBytes: maxBytes, regular: true)
    }

    /// The dossier on standard input (`validate -`), read to its end within the size limit.
    static func readStandardInput(maxBytes: Int) throws(DocumentError) -> [UInt8] {
        try readStream(0, maxBytes: maxBytes)
    }

    /// A stream (a pipe, a terminal) read to its end within the size limit.
    static func readStream(_ fd: Int32, maxBytes: Int) throws(DocumentError) -> [UInt8] {
        try readToEnd(fd, expected: 0, maxBytes: maxBytes)
    }

    /// Reads to the end: `expected` bytes, or more if the input grew, never past the limit.
    /// A regular file (`regular`) is at its end when a read fills less than it asked for, so the
    /// usual file takes one read, not a second one that finds nothing.
    private static func readToEnd(_ fd: Int32, expected: Int, maxBytes: Int, regular: Bool = false) throws(DocumentError) -> [UInt8] {
        // One byte past the expected size, so that the read which finds the end needs no growth;
        // the first read fills the room as it is made, so no byte is zeroed first.
        var firstRead = 0
        // A regular file is first read only as far as it is in memory, which costs nothing more
        // and tells whether the batch is reading from the disk (see `readsFromDisk`).
        var fromMemory = false, fromDisk = false
        var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
            if regular {
                firstRead = qapcheck_read_if_in_memory(fd, buffer.baseAddress!, UInt(buffer.count))
                fromMemory = firstRead >= 0
                fromDisk = firstRead < 0 && errno == EAGAIN
            }
            if !fromMemory {
                repeat { firstRead = Glibc.read(fd, buffer.baseAddress!, buffer.count) } while firstRead < 0 && errno == EINTR
            }
            count = max(firstRead, 0)
        }
        // A read of what was in memory that stopped short of the size left the rest on the disk,
        // to be read below.
        let stoppedAtMemory = fromMemory && firstRead < expected
        if fromDisk || stoppedAtMemory { readsFromDisk.add(1, ordering: .relaxed) }
        // (Within the limit: the caller checked `expected` against it.) Otherwise a read that
        // filled less than it asked for found the end.
        if regular, firstRead >= 0, firstRead < expected + 1, !stoppedAtMemory { return bytes }
        var filled = bytes.count
        bytes += [UInt8](repeating: 0, count: expected + 1 - filled)
        while true {
            let capacity = bytes.count - filled
            if capacity == 0 {
                // The file grew since fstat (or is a stream): read on, within the limit.
                if bytes.count >= maxBytes + 1 { break }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, min(bytes.count, maxBytes + 1 - bytes.count))))
                continue
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + filled, capacity)
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    // A non-blocking pipe with nothing yet: wait for data, then read on.
                    var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    _ = poll(&request, 1, -1)
                    continue
                }
                throw DocumentError(.unreadable, "cannot read the file: \(SystemError.describe(errno))")
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        if bytes.count > maxBytes {
            throw DocumentError(.tooLarge, "the file is over the limit of \(maxBytes) bytes")
        }
        return bytes
    }


    /// Why a folder in the input list could not be searched: folders are searched, never read,
    /// so one that reaches the reader is one whose listing failed.
    private static func folderProblem(_ path: InputPath) -> String {
        guard let dir = path.withCString({ opendir($0) }) else { return "cannot read the folder: \(SystemError.describe(errno))" }
        closedir(dir)
        return "it is a folder, not a file"
    }
}
