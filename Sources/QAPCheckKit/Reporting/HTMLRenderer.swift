/// `--format html`: the appraiser's deviation report as one self-contained page (no external
/// assets) that reads on screen and prints cleanly: a table of contents of the documents that
/// need attention, those documents in full, then the documents without deviations folded away.
/// Its print stylesheet drops colour backgrounds and keeps each deviation, not each document, on
/// one page, so no page is left half empty.
struct HTMLRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { true }

    static let style = """
    :root { --ink: #1d232a; --muted: #5b6673; --line: #d9dee4; --fail: #b3261e; --warn: #8a5a00; --pass: #1e6b35; }
    * { box-sizing: border-box; }
    body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem; }
    h1 { font-size: 1.6rem; margin: 0 0 1rem; }
    h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
    h3 { font-size: 1.05rem; margin: 0; word-break: break-all; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
    th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-weight: 600; color: var(--muted); }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .meta td:first-child { color: var(--muted); width: 9rem; }
    .doc { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; }
    details.doc { padding: .5rem 1.25rem; }
    details.doc summary { cursor: pointer; display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
    nav.toc ol { padding-left: 1.5rem; margin: .25rem 0; }
    nav.toc li { margin: .1rem 0; word-break: break-all; }
    nav.toc .verdict { font-size: .75em; margin-left: .4rem; }
    .run { color: var(--muted); margin: -.5rem 0 1rem; }
    footer { color: var(--muted); font-size: .85em; margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; word-break: break-all; }
    .doc header { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
    .verdict { font-weight: 700; text-transform: uppercase; letter-spacing: .04em; padding: .1rem .5rem; border-radius: 4px; color: #fff; white-space: nowrap; }
    .verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); } .verdict.error { background: var(--warn); }
    .facts { color: var(--muted); margin: .25rem 0 .75rem; }
    .deviation { border-left: 4px solid var(--fail); padding: .4rem .9rem; margin: .75rem 0; background: #fbf4f3; break-inside: avoid; }
    .deviation.warning { border-color: var(--warn); background: #fcf7ec; }
    .deviation.notice { border-color: var(--muted); background: #f3f5f7; }
    .deviation p { margin: .2rem 0; }
    .rule { font-weight: 700; }
    blockquote { margin: .4rem 0 .2rem; padding: .3rem .8rem; border-left: 3px solid var(--line); color: #333; font-style: italic; }
    .where, .source { color: var(--muted); font-size: .92em; }
    ul.strengths { columns: 2; padding-left: 1.2rem; margin: .25rem 0; }
    .matrix table { font-size: .9em; } tr.fail td:nth-child(2), tr.indeterminate td:nth-child(2) { color: var(--fail); font-weight: 600; }
    tr.not-applicable { color: var(--muted); }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      .doc { break-inside: auto; border-color: #999; }
      h2, h3, .doc header { break-after: avoid; }
      .deviation, .deviation.warning { background: none; }
      .verdict { color: #000; background: none !important; border: 1px solid #000; }
      a { color: inherit; text-decoration: none; }
    }
    """

    private static func e(_ s: String) -> String { XMLText.escape(s) }

    /// A page's opening, up to its heading and the line that names the run: the same for the
    /// report and for the index of `--per-document`.
    static func opening(title: String, heading: String, _ h: RunInfo, _ summary: ReportSummary?) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)): \(e(h.ruleSet.name)) \(e(h.ruleSet.version)), as of \(h.asOf)</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <h1>\(e(heading))</h1>
        \(RunRecord(h, summary).map { "<p class=\"run\">Run from <time>\($0.startedText)</time> to <time>\($0.finishedText)</time> (\($0.durationText) s).</p>" } ?? "")

        """
    }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String {
        let s = summary ?? ReportSummary()
        return Self.opening(title: "Deviation report", heading: "Deviation report", h, summary) + """
        <table class="meta">
        <tr><td>Rule set</td><td>\(Self.e(h.ruleSet.name)) \(Self.e(h.ruleSet.version))</td></tr>
        <tr><td>As of</td><td>\(h.asOf)</td></tr>
        <tr><td>Phase</td><td>\(h.phase.rawValue)</td></tr>
        <tr><td>Produced by</td><td>\(h.tool.name) \(h.tool.version)</td></tr>\(h.exemptions.file.isEmpty ? "" : "\n<tr><td>Exemptions</td><td>\(Self.e(h.exemptions.file)), <code>\(Self.e(h.exemptions.digest))</code></td></tr>")
        </table>
        <h2>Summary</h2>
        <table class="summary">
        <tr><th class="n">Documents</th><th class="n">Pass</th><th class="n">Fail</th><th class="n">Error</th><th class="n">Deviations</th><th class="n">Errors</th><th class="n">Warnings</th></tr>
        <tr><td class="n">\(s.documents)</td><td class="n">\(s.pass)</td><td class="n">\(s.fail)</td><td class="n">\(s.error)</td><td class="n">\(s.deviations)</td><td class="n">\(s.errors)</td><td class="n">\(s.warnings)</td></tr>
        </table>


        """
    }

    // Sections: the contents, the documents that need attention in full, the others folded.
    var sectionCount: Int { 3 }

    func sectionHead(_ section: Int, header h: RunInfo, summary s: ReportSummary) -> String {
        let attention = s.documents - s.clean
        switch section {
        case 0 where attention > 0: return "<nav class=\"toc\">\n<h2>Contents</h2>\n<p>The documents that need attention, in file order:</p>\n<ol>\n"
        case 1 where attention > 0: return "<h2>Documents that need attention</h2>\n"
        case 2 where s.clean > 0: return "<h2>Documents without deviations</h2>\n"
        default: return ""
        }
    }

    func sectionTail(_ section: Int, header h: RunInfo, summary s: ReportSummary) -> String {
        section == 0 && s.documents > s.clean ? "</ol>\n</nav>\n" : ""
    }

    func parts(_ r: DocumentResult, header h: RunInfo) -> [ReportPart] {
        let anchor = ReportAnchor.id(for: r.file)
        guard MarkdownRenderer.needsAttention(r) else {
            var out = "<details class=\"doc\" id=\"\(anchor)\">\n<summary><span>\(Self.e(r.file))</span><span class=\"verdict \(r.verdict.rawValue)\">\(r.verdict.rawValue)</span></summary>\n"
            out += "<p class=\"facts\">\(Self.e(r.kind ?? "unknown kind")) · \(Self.e(r.id ?? "no id")) · no deviations</p>\n"
            out += strengths(r, h) + skipped(r) + matrix(r, h)
            return [ReportPart(section: 2, text: out + "</details>\n")]
        }
        let counts = r.error != nil ? "could not be read" : "\(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s")"
        let entry = "<li><a href=\"#\(anchor)\">\(Self.e(r.file))</a><span class=\"verdict \(r.verdict.rawValue)\">\(r.verdict.rawValue)</span> \(counts)</li>\n"
        return [ReportPart(section: 0, text: entry), ReportPart(section: 1, text: document(r, header: h))]
    }

    private func strengths(_ r: DocumentResult, _ h: RunInfo) -> String {
        let strengths = h.strengths(of: r)
        guard !strengths.isEmpty else { return "" }
        return "<p><strong>Strengths</strong></p>\n<ul class=\"strengths\">\n"
            + strengths.map { "<li><strong>\(Self.e($0.rawValue))</strong>: \(Self.e(h.title(of: $0)))</li>\n" }.joined() + "</ul>\n"
    }

    /// The checklist an appraiser signs: every rule, its outcome, the clause, expected and found.
    private func matrix(_ r: DocumentResult, _ h: RunInfo) -> String {
        guard !r.outcomes.isEmpty else { return "" }
        var out = "<div class=\"matrix\"><p><strong>Clause by clause</strong></p>\n<table>\n<tr><th>Rule</th><th>Outcome</th><th>Clause</th><th>Expected</th><th>Found</th></tr>\n"
        for o in r.outcomes {
            let finding = r.deviations.first { $0.rule == o.rule }
            let clause = h.rule(o.rule, version: o.version).map { "“\(Self.e($0.citation.text))”" + (o.version == .always ? "" : " (\(Self.e(o.version.versionWords)))") } ?? ""
            out += "<tr class=\"\(o.outcome.rawValue)\"><td>\(Self.e(o.rule.rawValue))</td><td>\(o.outcome.rawValue)</td><td>\(clause)</td>"
                + "<td>\(Self.e(finding?.expected ?? ""))</td><td>\(Self.e(finding?.actual ?? ""))</td></tr>\n"
        }
        return out + "</table>\n</div>\n"
    }

    private func skipped(_ r: DocumentResult) -> String {
        r.skipped.isEmpty ? "" : "<p class=\"where\">Not checked in this phase: \(r.skipped.map { Self.e($0.rawValue) }.joined(separator: ", "))</p>\n"
    }

    func document(_ r: DocumentResult, header h: RunInfo) -> String {
        var out = "<section class=\"doc\" id=\"\(ReportAnchor.id(for: r.file))\">\n<header><h3>\(Self.e(r.file))</h3><span class=\"verdict \(r.verdict.rawValue)\">\(r.verdict.rawValue)</span></header>\n"
        if let err = r.error {
            let place = err.location.map { " (line \($0.line), column \($0.column))" } ?? ""
            return out + "<p class=\"facts\">The file could not be read\(place): \(Self.e(err.message)).</p>\n</section>\n"
        }
        out += "<p class=\"facts\">\(Self.e(r.kind ?? "unknown kind")) · \(Self.e(r.id ?? "no id")) · \(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s")"
            + (r.rulesOn.map { " · rules in force on \(Self.e($0.words))" } ?? "") + "</p>\n"
        for d in TextRenderer.errorsFirst(r.deviations) {
            out += "<div class=\"deviation \(d.severity.rawValue)\">\n"
            out += "<p><span class=\"rule\">\(Self.e(d.rule.rawValue))</span> (\(d.severity.rawValue)): \(Self.e(d.message))</p>\n"
            out += "<p class=\"where\">Line \(d.location.line), column \(d.location.column), at <code>\(Self.e(d.location.pointer.depth == 0 ? "/" : d.location.pointer.description))</code>"
            if d.expected != nil || d.actual != nil {
                out += " · expected \(Self.e(d.expected ?? "-")); found \(Self.e(d.actual ?? "-"))"
            }
            out += "</p>\n<blockquote>“\(Self.e(d.citation.text))”</blockquote>\n"
            out += "<p class=\"source\">\(Self.e(d.citation.source)), section “\(Self.e(d.citation.section))”, \(Self.e(d.version.versionWords))</p>\n"
            if let e = d.exemption { out += "<p class=\"where\"><strong>Exempt</strong>: \(Self.e(e.reason)) (granted by \(Self.e(e.grantedBy)) on \(e.grantedOn), until \(e.expires))</p>\n" }
            out += "</div>\n"
        }
        return out + strengths(r, h) + skipped(r) + matrix(r, h) + "</section>\n"
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String {
        (summary.documents == 0 ? "<p>No documents were given.</p>\n" : "")
            + "<footer>Rule set \(Self.e(h.ruleSet.name)) \(Self.e(h.ruleSet.version)), digest <code>\(Self.e(h.ruleSet.digest))</code></footer>\n</body>\n</html>\n"
    }
}
