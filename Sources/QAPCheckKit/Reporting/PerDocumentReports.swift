import Foundation

/// `--per-document DIR`: one report per dossier, named by its id (`APP-2026-0042.html`), and an
/// index page listing them, so an appraiser can send each applicant their own report.
///
/// Each page is a whole report of one document in the chosen format (HTML or Markdown), written
/// atomically as the document is delivered; the index comes last, with the run's summary.
public final class PerDocumentReports: ResultSink {
    /// The index's line for one document.
    struct Entry {
        let page: String
        let file: String
        let id: String?
        let verdict: Verdict
        let errors: Int
        let warnings: Int
    }

    private let folder: URL
    private let format: ReportFormat
    private let renderer: ReportRenderer
    private let header: RunInfo
    private var used: [String: Int] = [:]
    private var entries: [Entry] = []

    /// Only the appraiser's formats make sense one document at a time.
    public static let formats: [ReportFormat] = [.html, .markdown]

    public init(folder: String, format: ReportFormat, header: RunInfo) throws {
        guard Self.formats.contains(format) else {
            throw ReportWriteError(path: folder, reason: "--per-document writes html or markdown, not \(format.rawValue)")
        }
        self.folder = URL(fileURLWithPath: folder)
        self.format = format
        self.renderer = format.renderer()
        self.header = header
        do {
            try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError(path: folder, reason: error.localizedDescription)
        }
    }

    var fileExtension: String { format == .html ? "html" : "md" }

    /// A page's file name: the document's id (else its file name) with only safe characters,
    /// numbered when two documents share it.
    func pageName(for r: DocumentResult) -> String {
        let base = r.id ?? ((r.file as NSString).lastPathComponent as NSString).deletingPathExtension
        var safe = String(base.unicodeScalars.map { c -> Character in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "-_.".unicodeScalars.contains(c) ? Character(c) : "_"
        }).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if safe.isEmpty || safe == "index" { safe = "document" + (safe.isEmpty ? "" : "-index") }
        let n = (used[safe] ?? 0) + 1
        used[safe] = n
        return (n == 1 ? safe : "\(safe)-\(n)") + "." + fileExtension
    }

    public var preparer: @Sendable (DocumentResult) -> any Sendable {
        let renderer = self.renderer, header = self.header
        return { try? ReportStream.render([$0], renderer: renderer, header: header) }
    }

    public func accept(_ result: DocumentResult, prepared: any Sendable) throws {
        let page = pageName(for: result)
        let text: String
        do {
            text = try prepared as? String ?? ReportStream.render([result], renderer: renderer, header: header)
        } catch {
            throw ReportWriteError(path: folder.appendingPathComponent(page).path, reason: "\(error)")
        }
        try write(text, to: page)
        entries.append(Entry(page: page, file: result.file, id: result.id, verdict: result.verdict,
                             errors: result.errorCount, warnings: result.warningCount))
    }

    public func finish(_ summary: ReportSummary) throws {
        try write(format == .html ? htmlIndex(summary) : markdownIndex(summary), to: "index." + fileExtension)
    }

    public func abandon() {}

    private func write(_ text: String, to name: String) throws {
        let target = folder.appendingPathComponent(name)
        do {
            try Data(text.utf8).write(to: target, options: .atomic)
        } catch {
            throw ReportWriteError(path: target.path, reason: error.localizedDescription)
        }
    }

    private func markdownIndex(_ s: ReportSummary) -> String {
        let md = MarkdownRenderer.md
        var out = "# Deviation reports, one per document\n\n"
        if let record = RunRecord(header, s) { out += "Run from \(record.startedText) to \(record.finishedText) (\(record.durationText) s).\n\n" }
        out += "Rule set \(md(header.ruleSet.name)) \(md(header.ruleSet.version)), as of \(header.asOf), \(header.phase.rawValue) phase: "
            + "\(s.documents) documents, \(s.pass) pass, \(s.fail) fail, \(s.error) error.\n\n"
        out += "| Report | Document | Id | Verdict | Errors | Warnings |\n| --- | --- | --- | --- | ---: | ---: |\n"
        for e in entries {
            out += "| [\(md(e.page))](\(e.page)) | \(md(e.file)) | \(md(e.id ?? "")) | \(e.verdict.rawValue) | \(e.errors) | \(e.warnings) |\n"
        }
        return out
    }

    private func htmlIndex(_ s: ReportSummary) -> String {
        let e = XMLText.escape
        var rows = ""
        for entry in entries {
            rows += "<tr><td><a href=\"\(e(entry.page))\">\(e(entry.page))</a></td><td>\(e(entry.file))</td><td>\(e(entry.id ?? ""))</td>"
                + "<td><span class=\"verdict \(entry.verdict.rawValue)\">\(entry.verdict.rawValue)</span></td><td class=\"n\">\(entry.errors)</td><td class=\"n\">\(entry.warnings)</td></tr>\n"
        }
        return HTMLRenderer.opening(title: "Deviation reports", heading: "Deviation reports, one per document", header, s) + """
        <p>Rule set \(e(header.ruleSet.name)) \(e(header.ruleSet.version)), as of \(header.asOf), \(header.phase.rawValue) phase: \(s.documents) documents, \(s.pass) pass, \(s.fail) fail, \(s.error) error.</p>
        <table class="summary">
        <tr><th>Report</th><th>Document</th><th>Id</th><th>Verdict</th><th class="n">Errors</th><th class="n">Warnings</th></tr>
        \(rows)</table>
        </body>
        </html>

        """
    }
}
