/// One report format. A renderer turns the header, each document's result and the summary into
/// text; `ReportStream` decides where the text goes. Rendering one document at a time is what
/// lets a batch of millions of files stream its report with flat memory.
public protocol ReportRenderer: Sendable {
    /// Whether `head` needs the summary (a summary table at the top); the stream then spools the
    /// documents and writes the head last.
    var needsSummaryFirst: Bool { get }
    func head(_ header: RunInfo, summary: ReportSummary?) -> String
    /// One document's text. It depends on nothing but the document, so batch workers render it
    /// in parallel; the stream puts `separator` between documents that produced text.
    func document(_ result: DocumentResult, header: RunInfo) -> String
    /// What goes between two documents' texts (a comma, for JSON arrays).
    var separator: String { get }
    /// Whether each document's text is written out at once (streaming formats), rather than
    /// gathered in 64 KiB writes.
    var flushesEachDocument: Bool { get }
    func tail(_ header: RunInfo, summary: ReportSummary) -> String
    /// How many sections the documents' parts go into (formats whose head needs the summary
    /// only); one means file order. Sections come out in order, each after its own head.
    var sectionCount: Int { get }
    /// A document's text, cut into the sections it belongs in (a contents entry, its body).
    func parts(_ result: DocumentResult, header: RunInfo) -> [ReportPart]
    func sectionHead(_ section: Int, header: RunInfo, summary: ReportSummary) -> String
    func sectionTail(_ section: Int, header: RunInfo, summary: ReportSummary) -> String
    /// At most this many items (parts' `count`s) in the report, kept in section order, whole
    /// parts at a time; what is left out is counted in the summary's `itemsLeftOut`. nil: no cap.
    var itemLimit: Int? { get }
    /// The head (`head` with the summary, then the first section's head) made `extra` bytes
    /// longer with white space that changes nothing the report says, for a format of one
    /// section whose head needs the summary; nil where the format has no place for it. A report
    /// to a file then has its head put in front of its documents without copying them (see
    /// `ReportStream`).
    func paddedHead(_ header: RunInfo, summary: ReportSummary, extra: Int) -> String?
}

/// A piece of a document's text and the section of the report it goes in: so a report can list
/// its failing documents first, or begin with a table of contents, and still stream.
public struct ReportPart: Sendable, Equatable {
    public let section: Int
    public let text: String
    /// The items it holds, for a report with an item limit (SARIF results).
    public let count: Int

    public init(section: Int, text: String, count: Int = 1) {
        self.section = section
        self.text = text
        self.count = count
    }
}

/// The report formats, by the name `--format` and `--report` take.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, junit, sarif, markdown, html, csv, github

    /// The renderer; `color` and `brief` (no note lines) shape the text format only, `outcomes`
    /// (a line per rule and document) the text and GitHub formats.
    public func renderer(color: Bool = false, brief: Bool = false, outcomes: Bool = false) -> ReportRenderer {
        switch self {
        case .text: return TextRenderer(color: color, brief: brief, outcomes: outcomes)
        case .github: return GitHubRenderer(outcomes: outcomes)
        case .json: return JSONRenderer()
        case .jsonl: return JSONLinesRenderer()
        case .junit: return JUnitRenderer()
        case .sarif: return SARIFRenderer()
        case .markdown: return MarkdownRenderer()
        case .html: return HTMLRenderer()
        case .csv: return CSVRenderer()
        }
    }
}

extension ReportRenderer {
    public var separator: String { "" }
    public var flushesEachDocument: Bool { false }
    public var sectionCount: Int { 1 }
    public var itemLimit: Int? { nil }
    public func paddedHead(_ header: RunInfo, summary: ReportSummary, extra: Int) -> String? { nil }

    public func parts(_ result: DocumentResult, header: RunInfo) -> [ReportPart] {
        [ReportPart(section: 0, text: document(result, header: header))]
    }

    public func sectionHead(_ section: Int, header: RunInfo, summary: ReportSummary) -> String { "" }
    public func sectionTail(_ section: Int, header: RunInfo, summary: ReportSummary) -> String { "" }

    /// The whole report at once, exactly as a run's stream writes it (for a report of one
    /// document, and for tests). Empty if a spool file cannot be made.
    public func render(_ results: [DocumentResult], header: RunInfo) -> String {
        (try? ReportStream.render(results, renderer: self, header: header)) ?? ""
    }
}
