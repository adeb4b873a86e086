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
}

/// The report formats, by the name `--format` and `--report` take.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, junit, sarif, markdown, html, csv, github

    /// The renderer; `color` and `brief` (no note lines) shape the text format only.
    public func renderer(color: Bool = false, brief: Bool = false) -> ReportRenderer {
        switch self {
        case .text: return TextRenderer(color: color, brief: brief)
        case .github: return GitHubRenderer()
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
}
