import Foundation

/// Writes one report as results arrive, in file order, and puts it in place atomically.
///
/// A report to a file is written to a temporary file beside it and renamed over the target only
/// when complete, so a killed run never leaves half a report where the last good one was. Formats
/// whose head needs the summary spool their documents to an unlinked temporary file, so memory
/// stays flat however many documents pass.
public final class ReportStream {
    public enum Destination: Sendable, Equatable {
        case standardOutput
        case file(String)
    }

    private let renderer: ReportRenderer
    private let header: ReportHeader
    private let destination: Destination
    private let output: OutputFile
    private var spool: OutputFile?
    private var first = true

    public init(renderer: ReportRenderer, header: ReportHeader, destination: Destination) throws {
        self.renderer = renderer
        self.header = header
        self.destination = destination
        switch destination {
        case .standardOutput: output = OutputFile(descriptor: 1, path: nil)
        case .file(let path): output = try OutputFile.temporary(beside: path)
        }
        if renderer.needsSummaryFirst {
            spool = try OutputFile.anonymous()
        } else {
            try output.write(renderer.head(header, summary: nil))
        }
    }

    public func add(_ result: DocumentResult) throws {
        try add(rendered: render(result))
    }

    /// The text of one document, for `add(rendered:)`; safe to call from any thread.
    public func render(_ result: DocumentResult) -> String {
        renderer.document(result, header: header)
    }

    /// `render` as a value a worker thread can hold.
    public var documentRenderer: @Sendable (DocumentResult) -> String {
        let renderer = self.renderer, header = self.header
        return { renderer.document($0, header: header) }
    }

    /// Adds a document's text, rendered by `render` (perhaps on a worker thread), in file order.
    public func add(rendered text: String) throws {
        guard !text.isEmpty else { return }
        let sink = spool ?? output
        if !first { try sink.write(renderer.separator) }
        first = false
        try sink.write(text)
        if spool == nil, renderer.flushesEachDocument { try sink.flush() }
    }

    /// Writes the rest and, for a file, renames it into place.
    public func finish(_ summary: ReportSummary) throws {
        if let spool {
            try output.write(renderer.head(header, summary: summary))
            try spool.copy(to: output)
            spool.close()
        }
        try output.write(renderer.tail(header, summary: summary))
        try output.flush()
        if case .file(let path) = destination {
            try output.commit(to: path)
        }
    }

    /// Drops an unfinished report: the temporary file goes, the old report stays.
    public func abandon() {
        spool?.close()
        output.discard()
    }
}

/// A buffered POSIX file for reports: plain `write(2)` calls on 64 KiB buffers.
final class OutputFile {
    private let descriptor: Int32
    private let path: String?
    private var buffer: [UInt8] = []
    private var closed = false

    init(descriptor: Int32, path: String?) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    /// A new file beside `target`, named so that it cannot clash with another run's.
    static func temporary(beside target: String) throws -> OutputFile {
        let url = URL(fileURLWithPath: target)
        let path = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportWriteError(path: target, reason: String(cString: strerror(errno))) }
        return OutputFile(descriptor: fd, path: path)
    }

    /// A temporary file with no name, gone when closed.
    static func anonymous() throws -> OutputFile {
        var template = Array((NSTemporaryDirectory() + "/qapcheck-spool-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ReportWriteError(path: NSTemporaryDirectory(), reason: String(cString: strerror(errno))) }
        unlink(String(cString: template))
        return OutputFile(descriptor: fd, path: nil)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportWriteError(path: path ?? "standard output", reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Copies this (spool) file's content to another output.
    func copy(to other: OutputFile) throws {
        try flush()
        lseek(descriptor, 0, SEEK_SET)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw ReportWriteError(path: "spool", reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            try other.flush()
            other.buffer.append(contentsOf: chunk[0..<n])
        }
    }

    func commit(to target: String) throws {
        fsync(descriptor)
        close()
        guard let path, rename(path, target) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw ReportWriteError(path: target, reason: reason)
        }
    }

    func close() {
        guard !closed, descriptor > 2 else { return }
        closed = true
        Foundation.close(descriptor)
    }

    func discard() {
        close()
        if let path { unlink(path) }
    }
}

/// A report that could not be written.
public struct ReportWriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write the report \(path): \(reason)" }
}
