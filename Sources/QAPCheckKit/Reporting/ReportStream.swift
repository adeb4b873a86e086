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
    /// One spool per section, for formats whose head needs the summary; none when streaming.
    private var spools: [OutputFile] = []
    private var started: [Bool]

    public init(renderer: ReportRenderer, header: RunInfo, destination: ReportDestination) throws {
        self.renderer = renderer
        self.header = header
        self.destination = destination
        output = try OutputFile.open(destination)
        let sections = renderer.needsSummaryFirst ? max(1, renderer.sectionCount) : 1
        started = Array(repeating: false, count: sections)
        if renderer.needsSummaryFirst {
            spools = try (0..<sections).map { _ in try OutputFile.anonymous() }
        } else {
            try output.write(renderer.head(header, summary: nil))
        }
    }

    public func add(_ result: DocumentResult) throws {
        try add(parts: renderer.parts(result, header: header))
    }

    /// Renders each document's parts on the worker that made it.
    public var preparer: @Sendable (DocumentResult) -> any Sendable {
        let renderer = self.renderer, header = self.header
        return { renderer.parts($0, header: header) }
    }

    public func accept(_ result: DocumentResult, prepared: any Sendable) throws {
        try add(parts: prepared as? [ReportPart] ?? renderer.parts(result, header: header))
    }

    /// Adds a document's text, already rendered, in file order.
    public func add(rendered text: String) throws {
        try add(parts: [ReportPart(section: 0, text: text)])
    }

    /// Adds a document's parts (rendered perhaps on a worker thread), each to its section.
    public func add(parts: [ReportPart]) throws {
        for part in parts where !part.text.isEmpty {
            let i = min(max(0, part.section), started.count - 1)
            let sink = spools.isEmpty ? output : spools[i]
            if started[i] { try sink.write(renderer.separator) }
            started[i] = true
            try sink.write(part.text)
            if spools.isEmpty, renderer.flushesEachDocument { try sink.flush() }
        }
    }

    /// Writes the rest.
    public func finish(_ summary: ReportSummary) throws {
        if !spools.isEmpty {
            try output.write(renderer.head(header, summary: summary))
            for (i, spool) in spools.enumerated() {
                try output.write(renderer.sectionHead(i, header: header, summary: summary))
                try spool.copy(to: output)
                spool.close()
                try output.write(renderer.sectionTail(i, header: header, summary: summary))
            }
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
        spools.forEach { $0.close() }
        output.discard()
    }
}

/// A report that could not be written.
public struct ReportWriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write the report \(path): \(reason)" }
}
