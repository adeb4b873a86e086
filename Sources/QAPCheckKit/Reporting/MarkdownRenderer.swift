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
        | Digest | `\(h.ruleSet.digest)` |
        | As of | \(h.asOf) |
        | Phase | \(h.phase.rawValue) |
        | Produced by | \(h.tool.name) \(h.tool.version) |

        ## Summary

        | Documents | Pass | Fail | Error | Deviations | Errors | Warnings |
        | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        | \(s.documents) | \(s.pass) | \(s.fail) | \(s.error) | \(s.deviations) | \(s.errors) | \(s.warnings) |

        ## Documents

        """
    }

    func document(_ r: DocumentResult, header h: RunInfo) -> String {
        var out = "\n### \(Self.md(r.file)): \(r.verdict.rawValue.uppercased())\n\n"
        if let e = r.error {
            let place = e.location.map { " (line \($0.line), column \($0.column))" } ?? ""
            return out + "The file could not be read\(place): \(Self.md(e.message)).\n"
        }
        out += "Kind: \(Self.md(r.kind ?? "unknown")) · Id: \(Self.md(r.id ?? "none")) · \(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s")\n"
        if !r.deviations.isEmpty {
            out += "\n#### Deviations\n\n"
            for (i, d) in r.deviations.enumerated() {
                out += "\(i + 1). **\(d.rule)** (\(d.severity.rawValue)): \(Self.md(d.message))\n"
                out += "   - Where: line \(d.location.line), column \(d.location.column), at `\(d.location.pointer.depth == 0 ? "/" : d.location.pointer.description)`\n"
                if d.expected != nil || d.actual != nil {
                    out += "   - Expected: \(Self.md(d.expected ?? "-")); found: \(Self.md(d.actual ?? "-"))\n"
                }
                out += "   - Breaks \(Self.md(d.citation.source)), section \"\(Self.md(d.citation.section))\":\n\n"
                out += "     > \(Self.md(d.citation.text))\n\n"
            }
        }
        let strengths = r.passed
        if !strengths.isEmpty {
            out += "\n#### Strengths\n\n"
            for id in strengths { out += "- **\(id)**: \(Self.md(h.title(of: id)))\n" }
        }
        let skipped = r.skipped
        if !skipped.isEmpty {
            out += "\n#### Not checked in this phase\n\n" + skipped.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String {
        summary.documents == 0 ? "\nNo documents were given.\n" : ""
    }
}
