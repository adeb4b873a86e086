/// `--format markdown`: the appraiser's deviation report. The rule set (name, version, digest),
/// the as-of date and the phase; a summary table; then per document its verdict, each deviation
/// with the clause it breaks and where, and its strengths (the rules it meets).
struct MarkdownRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { true }

    /// Text made safe inside Markdown: no table breaks, no accidental emphasis or HTML.
    static func md(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "|", "*", "_", "`", "<", ">", "[", "]", "\\", "#": out += "\\\(c)"
            case "\n", "\r": out += " "
            default: out += PlainText.needsEscape(c) ? PlainText.oneLine(String(c)) : String(c)
            }
        }
        return out
    }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String {
        let s = summary ?? ReportSummary()
        return """
        # Deviation report
        \(RunRecord(h, summary).map { "\nRun from \($0.startedText) to \($0.finishedText) (\($0.durationText) s).\n" } ?? "")
        | | |
        | --- | --- |
        | Rule set | \(Self.md(h.ruleSet.name)) \(Self.md(h.ruleSet.version)) |
        | As of | \(h.asOf) |
        | Phase | \(h.phase.rawValue) |
        | Produced by | \(h.tool.name) \(h.tool.version) |\(h.exemptions.file.isEmpty ? "" : "\n| Exemptions | \(Self.md(h.exemptions.file)), `\(h.exemptions.digest)` |")

        ## Summary

        | Documents | Pass | Fail | Error | Deviations | Errors | Warnings |
        | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        | \(s.documents) | \(s.pass) | \(s.fail) | \(s.error) | \(s.deviations) | \(s.errors) | \(s.warnings) |

        """
    }

    // Sections: the contents (documents that need attention), those documents in full, then the
    // documents with no deviation, one line each.
    var sectionCount: Int { 3 }

    /// Whether a document goes in full under "need attention": unreadable, or with a deviation.
    static func needsAttention(_ r: DocumentResult) -> Bool { r.error != nil || !r.deviations.isEmpty }

    func sectionHead(_ section: Int, header h: RunInfo, summary s: ReportSummary) -> String {
        let attention = s.documents - s.clean
        switch section {
        case 0 where attention > 0: return "\n## Contents\n\nThe documents that need attention, in file order:\n\n"
        case 1 where attention > 0: return "\n## Documents that need attention\n"
        case 2 where s.clean > 0:
            return "\n## Documents without deviations\n\n| Document | Kind | Id | Verdict | Strengths |\n| --- | --- | --- | --- | ---: |\n"
        default: return ""
        }
    }

    func parts(_ r: DocumentResult, header h: RunInfo) -> [ReportPart] {
        guard Self.needsAttention(r) else {
            let row = "| \(Self.md(r.file)) | \(Self.md(r.kind ?? "")) | \(Self.md(r.id ?? "")) | \(r.verdict.rawValue) | \(h.strengths(of: r).count) |\n"
            return [ReportPart(section: 2, text: row)]
        }
        let anchor = ReportAnchor.id(for: r.file)
        let counts = r.error != nil ? "could not be read" : "\(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s")"
        let entry = "- [\(Self.md(r.file))](#\(anchor)): \(r.verdict.rawValue.uppercased()), \(counts)\n"
        return [ReportPart(section: 0, text: entry), ReportPart(section: 1, text: document(r, header: h))]
    }

    func document(_ r: DocumentResult, header h: RunInfo) -> String {
        var out = "\n<a id=\"\(ReportAnchor.id(for: r.file))\"></a>\n\n### \(Self.md(r.file)): \(r.verdict.rawValue.uppercased())\n\n"
        if let e = r.error {
            let place = e.location.map { " (line \($0.line), column \($0.column))" } ?? ""
            return out + "The file could not be read\(place): \(Self.md(e.message)).\n"
        }
        out += "Kind: \(Self.md(r.kind ?? "unknown")) · Id: \(Self.md(r.id ?? "none")) · \(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s")"
            + (r.rulesOn.map { " · Rules in force on \(Self.md($0.words))" } ?? "") + "\n"
        if !r.deviations.isEmpty {
            out += "\n#### Deviations\n\n"
            for (i, d) in TextRenderer.errorsFirst(r.deviations).enumerated() {
                out += "\(i + 1). **\(d.rule)** (\(d.severity.rawValue)): \(Self.md(d.message))\n"
                out += "   - Where: line \(d.location.line), column \(d.location.column), at `\(d.location.pointer.depth == 0 ? "/" : d.location.pointer.description)`\n"
                if d.expected != nil || d.actual != nil {
                    out += "   - Expected: \(Self.md(d.expected ?? "-")); found: \(Self.md(d.actual ?? "-"))\n"
                }
                if let e = d.exemption { out += "   - \(Self.md(e.summary.prefix(1).uppercased() + e.summary.dropFirst()))\n" }
                out += "   - Breaks \(Self.md(d.citation.source)), section \"\(Self.md(d.citation.section))\", \(d.version.versionWords):\n\n"
                out += "     > \(Self.md(d.citation.text))\n\n"
            }
        }
        let strengths = h.strengths(of: r)
        if !strengths.isEmpty {
            out += "\n#### Strengths\n\n"
            for id in strengths { out += "- **\(id)**: \(Self.md(h.title(of: id)))\n" }
        }
        let skipped = r.skipped
        if !skipped.isEmpty {
            out += "\n#### Not checked in this phase\n\n" + skipped.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return out + matrix(r, h)
    }

    /// The checklist an appraiser signs: every rule, its outcome, the clause, expected and found.
    func matrix(_ r: DocumentResult, _ h: RunInfo) -> String {
        guard !r.outcomes.isEmpty else { return "" }
        var out = "\n#### Clause by clause\n\n| Rule | Outcome | Clause | Expected | Found |\n| --- | --- | --- | --- | --- |\n"
        for o in r.outcomes {
            let finding = r.deviations.first { $0.rule == o.rule }
            let clause = h.rule(o.rule, version: o.version).map { "“\(Self.md($0.citation.text))”" + (o.version == .always ? "" : " (\(o.version.versionWords))") } ?? ""
            out += "| \(o.rule) | \(o.outcome.rawValue) | \(clause) | \(Self.md(finding?.expected ?? "")) | \(Self.md(finding?.actual ?? "")) |\n"
        }
        return out
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String {
        (summary.documents == 0 ? "\nNo documents were given.\n" : "")
            + "\n---\n\nRule set \(Self.md(h.ruleSet.name)) \(Self.md(h.ruleSet.version)), digest `\(h.ruleSet.digest)`.\n"
    }
}
