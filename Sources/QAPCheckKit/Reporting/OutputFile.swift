import CFileSystem
import Foundation

/// A buffered POSIX file for reports: plain `write(2)` calls on 64 KiB buffers.
///
/// A report that will be synced before it is renamed into place has its bytes handed to the disk
/// a mebibyte at a time as they are written (`wrote`), and synced on another thread every few
/// mebibytes, so the sync at the end waits for the last of them only, not for the whole report.
/// Handing bytes over is not enough: the sync also has the disk write back its cache, which on a
/// virtual disk took as long as writing the bytes (12 MB written and handed over half a second
/// before: 18 ms to sync; synced every 4 MB on the way: 0.2 ms).
final class OutputFile {
    private let descriptor: Int32
    /// The temporary file's path, for a report that is renamed into place when complete.
    private let temporaryPath: String?
    /// What messages call this output.
    private let name: String
    private var buffer: [UInt8] = []
    private var closed = false
    /// Bytes written to the descriptor, and how many of them have been handed to the disk.
    private var position: Int64 = 0
    private var handedToDisk: Int64 = 0
    /// How many written bytes make one hand-over to the disk.
    static let writebackStep: Int64 = 1 << 20
    /// How many bytes handed over make one sync on another thread.
    static let syncStep: Int64 = 4 << 20
    /// Bytes as far as the last sync on another thread was begun.
    private var syncedTo: Int64 = 0
    /// The sync on another thread, while it runs: one at a time, and waited for before the file
    /// is synced, closed or removed (its descriptor must not be closed under it).
    private let syncing = DispatchGroup()
    /// How many syncs on another thread were begun (for the tests: none is seen from outside).
    private(set) var syncsBegun = 0

    private init(descriptor: Int32, temporaryPath: String?, name: String) {
        self.descriptor = descriptor
        self.temporaryPath = temporaryPath
        self.name = name
        buffer.reserveCapacity(1 << 16)
    }

    /// The output for a destination: standard output, a FIFO or device opened as it is, or a
    /// temporary file beside a regular file.
    static func open(_ destination: ReportDestination) throws(ReportWriteError) -> OutputFile {
        switch destination {
        case .standardOutput:
            return OutputFile(descriptor: 1, temporaryPath: nil, name: "standard output")
        case .stream(let path):
            let fd = Foundation.open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ReportWriteError(path: path, reason: SystemError.describe(errno)) }
            return OutputFile(descriptor: fd, temporaryPath: nil, name: path)
        case .file(let path):
            return try temporary(for: path, in: destination.folder ?? ".")
        }
    }

    /// Whether this is a temporary file beside a report, renamed over it when complete.
    var isTemporary: Bool { temporaryPath != nil }

    deinit { close() }

    /// A new file in the target's folder, with a short name of its own (so a target name near
    /// the file system's limit still fits) and the target's permissions when it exists.
    private static func temporary(for target: String, in folder: String) throws(ReportWriteError) -> OutputFile {
        var fd: Int32 = -1
        var path = ""
        for _ in 0..<16 {
            path = "\(folder)/.qapcheck-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36)).tmp"
            fd = TemporaryFiles.shared.create(path)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw ReportWriteError(path: target, reason: SystemError.describe(errno)) }
        var existing = stat()
        if stat(target, &existing) == 0 {
            fchmod(fd, existing.st_mode & 0o7777)
            if geteuid() == 0 { _ = fchown(fd, existing.st_uid, existing.st_gid) }
        }
        return OutputFile(descriptor: fd, temporaryPath: path, name: target)
    }

    /// A temporary file with no name, gone when closed.
    static func anonymous() throws(ReportWriteError) -> OutputFile {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/qapcheck-spool-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw ReportWriteError(path: folder, reason: "cannot make a spool file for the report: \(SystemError.describe(errno))")
        }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        return OutputFile(descriptor: fd, temporaryPath: nil, name: "the spool file in \(folder)")
    }

    func write(_ text: String) throws(ReportWriteError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws(ReportWriteError) {
        try writeAll(buffer, at: nil)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` to the descriptor: where it stands (counting them, see `wrote`), or
    /// at `offset` (`pwrite`, over bytes already counted). Retried when a signal interrupts.
    private func writeAll(_ bytes: [UInt8], at offset: Int?) throws(ReportWriteError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { all in
                let rest = UnsafeRawBufferPointer(rebasing: all[done...])
                return offset.map { pwrite(descriptor, rest.baseAddress!, rest.count, off_t($0 + done)) } ?? Foundation.write(descriptor, rest.baseAddress!, rest.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportWriteError(path: name, reason: SystemError.describe(errno))
            }
            done += n
            if offset == nil { wrote(n) }
        }
    }

    /// Counts `n` bytes written to the descriptor and, for a report to be synced, hands each
    /// whole step of them to the disk. Only a hint: where the call fails, the sync does it all.
    private func wrote(_ n: Int) {
        position += Int64(n)
        guard temporaryPath != nil, position - handedToDisk >= Self.writebackStep else { return }
        _ = qapcheck_start_writeback(descriptor, handedToDisk, position - handedToDisk)
        handedToDisk = position
        guard handedToDisk - syncedTo >= Self.syncStep, syncing.wait(timeout: .now()) == .success else { return }
        syncedTo = handedToDisk
        syncsBegun += 1
        let descriptor = self.descriptor
        DispatchQueue.global(qos: .utility).async(group: syncing) { _ = fdatasync(descriptor) }
    }

    /// This (spool) file's whole content, as text.
    func contents() throws(ReportWriteError) -> String {
        try flush()
        lseek(descriptor, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportWriteError(path: name, reason: SystemError.describe(errno))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Copies this (spool) file's content, or its first `limit` bytes, to another output.
    func copy(to other: OutputFile, limit: Int = .max) throws(ReportWriteError) {
        try flush()
        lseek(descriptor, 0, SEEK_SET)
        var left = limit
        // In the kernel first: the spool's bytes go to the report without passing through this
        // process (a JSON report of 100,000 documents is some 130 MB, read into a buffer and
        // written out again otherwise). Where the kernel cannot (an output it does not take), the
        // rest goes through a buffer from where the spool stands.
        try other.flush()
        // A step at a time, so a report to be synced goes to the disk while the rest is copied.
        while left > 0 {
            let n = sendfile(other.descriptor, descriptor, nil, min(left, Int(Self.writebackStep)))
            if n > 0 {
                left -= n
                other.wrote(n)
                continue
            }
            if n == 0 { return }
            if errno == EINTR { continue }
            if errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP || errno == EAGAIN { break }
            throw ReportWriteError(path: other.name, reason: SystemError.describe(errno))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while left > 0 {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, min($0.count, left)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportWriteError(path: name, reason: SystemError.describe(errno))
            }
            if n == 0 { break }
            left -= n
            try other.flush()
            other.buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Puts a head of `length` bytes in front of what this temporary report holds, without moving
    /// a byte of it: room of whole file-system blocks is inserted at the start of the file and
    /// the head, made as long as the room by `padded` (given how many bytes to add), is written
    /// there. The documents were written to this file as the run went, and handed to the disk a
    /// step at a time; copied behind their head at the end instead, every byte was written again
    /// and synced while the other core stood idle (a JSON report of 5,000 documents, 12 MB: 10 ms
    /// to copy, 20 to 28 ms to sync).
    ///
    /// False, the file unchanged, where this cannot be done: not a temporary report, nothing in
    /// it yet, a file system that cannot insert room (only ext4 and XFS can, on Linux), or a head
    /// `padded` cannot stretch to the room.
    func putInFront(length: Int, padded: (Int) -> String?) throws(ReportWriteError) -> Bool {
        try flush()
        guard temporaryPath != nil, position > 0 else { return false }
        var status = stat()
        // Blocks of at most 64 KiB: a file system that asks for more pads the head with more.
        guard fstat(descriptor, &status) == 0, status.st_blksize > 0, status.st_blksize <= 1 << 16 else { return false }
        let block = Int(status.st_blksize)
        let room = (length + block - 1) / block * block
        guard room > 0, let text = padded(room - length) else { return false }
        let bytes = Array(text.utf8)
        guard bytes.count == room, qapcheck_insert_room(descriptor, Int64(room)) == 0 else { return false }
        try writeAll(bytes, at: 0)
        position += Int64(room)
        handedToDisk = position
        lseek(descriptor, 0, SEEK_END)
        return true
    }

    /// Puts a finished report in place: a temporary file is synced and renamed over its target;
    /// standard output, a FIFO or a device has had everything already.
    func commit(to destination: ReportDestination) throws(ReportWriteError) {
        guard case .file(let target) = destination, let temporaryPath else {
            close()
            return
        }
        syncing.wait()
        fsync(descriptor)
        close()
        guard rename(temporaryPath, target) == 0 else {
            let reason = SystemError.describe(errno)
            discard()
            throw ReportWriteError(path: target, reason: reason)
        }
        TemporaryFiles.shared.forget(temporaryPath)
    }

    func close() {
        if let descriptor = release() { Foundation.close(descriptor) }
    }

    /// Closes on another thread: the last close of a spool of some megabytes frees every page
    /// of it (milliseconds), which the report's sync and rename need not wait for.
    func closeInBackground() {
        guard let descriptor = release() else { return }
        DispatchQueue.global().async { _ = Foundation.close(descriptor) }
    }

    /// The descriptor to close, once; nil when it is closed already or is a standard stream.
    private func release() -> Int32? {
        guard !closed, descriptor > 2 else { return nil }
        syncing.wait()
        closed = true
        return descriptor
    }

    /// Closes and, for a temporary file, removes it: the report it was to replace stays.
    func discard() {
        close()
        if let temporaryPath { TemporaryFiles.shared.remove(temporaryPath) }
    }
}
