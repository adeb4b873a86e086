import Foundation

/// Writes one report as results arrive, in file order, and puts it in place atomically.
///
/// A report to a regular file is written to a temporary file beside it and renamed over the target
/// only when complete, so a killed run never leaves half a report where the last good one was; a
/// FIFO or a device is written straight through (see `ReportDestination`). Formats
/// whose head needs the summary spool their documents to an unlinked temporary file, so memory
/// stays flat however many documents pass; to a file, a format of one section (JSON) writes them
/// to the report itself and puts its head in front of them at the end (`OutputFile.putInFront`).
public final class ReportStream: ResultSink {
    private let renderer: ReportRenderer
    private let header: RunInfo
    private let destination: ReportDestination
    private var output: OutputFile
    /// One spool per section, for formats whose head needs the summary; none when streaming, or
    /// when the documents go to the report and the head is put in front of them (`headInFront`).
    private var spools: [OutputFile] = []
    /// Whether the documents go to the report itself and the head is put in front of them at the
    /// end: a format of one section whose head needs the summary, to a temporary report beside
    /// its target (not standard output, a FIFO or a device).
    private var headInFront = false
    /// Whether the head was put in front of the documents in place, without copying them.
    private(set) var headPutInPlace = false
    private var started: [Bool]
    /// Per section, for a report with an item limit: bytes and items so far, and the part
    /// boundaries (items, bytes) while the items are within the limit, to cut at one of them.
    private var written: [(bytes: Int, items: Int)]
    private var boundaries: [[(items: Int, bytes: Int)]]

    public convenience init(renderer: ReportRenderer, header: RunInfo, destination: ReportDestination) throws {
        try self.init(renderer: renderer, header: header, destination: destination, output: try OutputFile.open(destination))
    }

    init(renderer: ReportRenderer, header: RunInfo, destination: ReportDestination, output: OutputFile) throws {
        self.renderer = renderer
        self.header = header
        self.destination = destination
        self.output = output
        let sections = renderer.needsSummaryFirst ? max(1, renderer.sectionCount) : 1
        started = Array(repeating: false, count: sections)
        written = Array(repeating: (0, 0), count: sections)
        boundaries = Array(repeating: [(0, 0)], count: sections)
        if renderer.needsSummaryFirst {
            headInFront = sections == 1 && renderer.itemLimit == nil && output.isTemporary
                && renderer.paddedHead(header, summary: ReportSummary(), extra: 0) != nil
            if !headInFront { spools = try (0..<sections).map { _ in try OutputFile.anonymous() } }
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
            // The separator and the text written one after the other, not joined first: joining
            // copied every document's text once more on the delivering thread.
            let separator = started[i] ? renderer.separator : ""
            started[i] = true
            try sink.write(separator)
            try sink.write(part.text)
            if spools.isEmpty, renderer.flushesEachDocument { try sink.flush() }
            if let limit = renderer.itemLimit {
                written[i].bytes += separator.utf8.count + part.text.utf8.count
                written[i].items += part.count
                if written[i].items <= limit { boundaries[i].append((written[i].items, written[i].bytes)) }
            }
        }
    }

    /// Writes the rest.
    public func finish(_ summary: ReportSummary) throws {
        var summary = summary
        if headInFront {
            try putHead(summary)
            try output.write(renderer.sectionTail(0, header: header, summary: summary))
        } else if !spools.isEmpty {
            // Within the item limit, whole parts in section order; the rest is left out.
            var room = renderer.itemLimit ?? .max
            var cuts: [Int] = []
            for i in spools.indices {
                guard renderer.itemLimit != nil else { cuts.append(.max); continue }
                let kept = boundaries[i].last { $0.items <= room } ?? (0, 0)
                cuts.append(kept.items == written[i].items ? .max : kept.bytes)
                summary.itemsLeftOut += written[i].items - kept.items
                room -= kept.items
            }
            try output.write(renderer.head(header, summary: summary))
            var anything = false
            for (i, spool) in spools.enumerated() {
                try output.write(renderer.sectionHead(i, header: header, summary: summary))
                // A section cut to nothing adds nothing; one after earlier content needs the separator
                // its first part was written without.
                if cuts[i] > 0 && started[i] {
                    if anything { try output.write(renderer.separator) }
                    anything = true
                }
                try spool.copy(to: output, limit: cuts[i])
                try output.write(renderer.sectionTail(i, header: header, summary: summary))
            }
        }
        try output.write(renderer.tail(header, summary: summary))
        try output.flush()
    }

    /// Puts the head in front of the documents the report holds already: in place where the file
    /// system can, else by copying them behind it into a new temporary file.
    private func putHead(_ summary: ReportSummary) throws {
        let head = renderer.head(header, summary: summary) + renderer.sectionHead(0, header: header, summary: summary)
        guard started[0] else { return try output.write(head) }
        headPutInPlace = try output.putInFront(length: head.utf8.count, padded: { renderer.paddedHead(header, summary: summary, extra: $0) })
        if headPutInPlace { return }
        let moved = try OutputFile.open(destination)
        try moved.write(head)
        try output.copy(to: moved)
        output.discard()
        output = moved
    }

    /// The whole report for these results, rendered through a stream into a spool file and read
    /// back: a report of one document, and the tests' way to see exactly what a run writes.
    static func render(_ results: [DocumentResult], renderer: ReportRenderer, header: RunInfo) throws -> String {
        let spool = try OutputFile.anonymous()
        let stream = try ReportStream(renderer: renderer, header: header, destination: .standardOutput, output: spool)
        for result in results { try stream.add(result) }
        try stream.finish(ReportSummary(results))
        defer { spool.close() }
        return try spool.contents()
    }

    /// For a file, renames the finished report into place.
    public func commit() throws {
        try output.commit(to: destination)
        // Only now: a spool's last close frees its pages (milliseconds for megabytes), which the
        // report's sync and rename wait for when they come after it.
        spools.forEach { $0.closeInBackground() }
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
