import CFileSystem
import Foundation

/// A buffered POSIX file for reports: plain `write(2)` calls on 64 KiB buffers.
///
/// A report that will be synced before it is renamed into place has its bytes handed to the disk
/// a mebibyte at a time as they are written (`wrote`), so the sync at the end waits for the last
/// of them only, not for the whole report: a JSON report of 10,000 documents is 27 MB, and its
/// sync took 12 to 17 ms at the end of the run, with the other core idle.
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
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportWriteError(path: name, reason: SystemError.describe(errno))
            }
            offset += n
            wrote(n)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Counts `n` bytes written to the descriptor and, for a report to be synced, hands each
    /// whole step of them to the disk. Only a hint: where the call fails, the sync does it all.
    private func wrote(_ n: Int) {
        position += Int64(n)
        guard temporaryPath != nil, position - handedToDisk >= Self.writebackStep else { return }
        _ = qapcheck_start_writeback(descriptor, handedToDisk, position - handedToDisk)
        handedToDisk = position
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

    /// Puts a finished report in place: a temporary file is synced and renamed over its target;
    /// standard output, a FIFO or a device has had everything already.
    func commit(to destination: ReportDestination) throws(ReportWriteError) {
        guard case .file(let target) = destination, let temporaryPath else {
            close()
            return
        }
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
        closed = true
        return descriptor
    }

    /// Closes and, for a temporary file, removes it: the report it was to replace stays.
    func discard() {
        close()
        if let temporaryPath { TemporaryFiles.shared.remove(temporaryPath) }
    }
}
