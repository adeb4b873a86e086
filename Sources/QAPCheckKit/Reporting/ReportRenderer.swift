/// One report format. A renderer turns the header, each document's result and the summary into
/// text; `ReportStream` decides where the text goes. Rendering one document at a time is what
/// lets a batch of millions of files stream its report with flat memory.
public protocol ReportRenderer: Sendable {
    /// Whether `head` needs the summary (a summary table at the top); the stream then spools the
    /// documents and writes the head last.
    var needsSummaryFirst: Bool { get }
    func head(_ header: ReportHeader, summary: ReportSummary?) -> String
    /// One document; `first` is true until a document has produced text, for separators.
    func document(_ result: DocumentResult, header: ReportHeader, first: Bool) -> String
    func tail(_ header: ReportHeader, summary: ReportSummary) -> String
}

/// The report formats, by the name `--format` and `--report` take.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, junit, sarif, markdown, html, csv

    public func renderer(color: Bool = false) -> ReportRenderer {
        switch self {
        case .text: return TextRenderer(color: color)
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
    /// The whole report at once, for tests and small runs.
    public func render(_ results: [DocumentResult], header: ReportHeader) -> String {
        var summary = ReportSummary()
        for r in results { summary.add(r) }
        var out = head(header, summary: needsSummaryFirst ? summary : nil)
        var first = true
        for r in results {
            let text = document(r, header: header, first: first)
            if !text.isEmpty { first = false }
            out += text
        }
        return out + tail(header, summary: summary)
    }
}
