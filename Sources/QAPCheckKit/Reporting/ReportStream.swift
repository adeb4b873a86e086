import Foundation

/// Writes one report as results arrive, in file order, and puts it in place atomically.
///
/// A report to a regular file is written to a temporary file beside it and renamed over the target
/// only when complete, so a killed run never leaves half a report where the last good one was; a
/// FIFO or a device is written straight through (see `ReportDestination`). Formats
/// whose head needs the summary spool their documents to an unlinked temporary file, so memory
/// stays flat however many documents pass.
public final class ReportStream: ResultSink {
    private let renderer: ReportRenderer
    private let header: RunInfo
    private let destination: ReportDestination
    private let output: OutputFile
    private var spool: OutputFile?
    private var first = true

    public init(renderer: ReportRenderer, header: RunInfo, destination: ReportDestination) throws {
        self.renderer = renderer
        self.header = header
        self.destination = destination
        output = try OutputFile.open(destination)
        if renderer.needsSummaryFirst {
            spool = try OutputFile.anonymous()
        } else {
            try output.write(renderer.head(header, summary: nil))
        }
    }

    public func add(_ result: DocumentResult) throws {
        try add(rendered: renderer.document(result, header: header))
    }

    /// Renders each document's text on the worker that made it.
    public var preparer: @Sendable (DocumentResult) -> any Sendable {
        let renderer = self.renderer, header = self.header
        return { renderer.document($0, header: header) }
    }

    public func accept(_ result: DocumentResult, prepared: any Sendable) throws {
        try add(rendered: prepared as? String ?? renderer.document(result, header: header))
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

    /// Writes the rest.
    public func finish(_ summary: ReportSummary) throws {
        if let spool {
            try output.write(renderer.head(header, summary: summary))
            try spool.copy(to: output)
            spool.close()
        }
        try output.write(renderer.tail(header, summary: summary))
        try output.flush()
    }

    /// For a file, renames the finished report into place.
    public func commit() throws {
        try output.commit(to: destination)
    }

    /// Drops an unfinished report: the temporary file goes, the old report stays.
    public func abandon() {
        spool?.close()
        output.discard()
    }
}

/// A report that could not be written.
public struct ReportWriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write the report \(path): \(reason)" }
}
