import Foundation

/// `qapcheck diff` in text, JSON, Markdown or HTML. The text is for the morning's cron mail; the
/// JSON for alerting and scripts (the keys cli.md names); Markdown and HTML to pass on. Documents
/// still failing are counted in the text, Markdown and HTML (they are yesterday's news) and
/// listed in the JSON.
public enum ComparisonFormat: String, Sendable, CaseIterable {
    case text, json, markdown, html

    public func render(_ c: RunComparison) -> String {
        switch self {
        case .text: return ComparisonText.render(c)
        case .json: return ComparisonJSON.render(c)
        case .markdown: return ComparisonMarkdown.render(c)
        case .html: return ComparisonHTML.render(c)
        }
    }
}

/// Words shared by the formats.
enum ComparisonWords {
    static func run(_ r: RecordedRun) -> String {
        "run \(r.id) (\(r.startedAt), as of \(r.asOf), \(r.ruleSetName) \(r.ruleSetVersion))"
    }

    static func name(_ d: RunComparison.DocumentChange) -> String { d.id.map { "\(d.path) (\($0))" } ?? d.path }

    static func verdicts(_ d: RunComparison.DocumentChange) -> String {
        "\(d.fromVerdict?.rawValue ?? "absent") → \(d.toVerdict?.rawValue ?? "absent")"
    }

    static func cause(_ d: RunComparison.DocumentChange) -> String {
        d.cause.isEmpty ? "nothing recorded differs" : d.cause.map(\.words).joined(separator: ", ")
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The sections listed document by document, with their headings.
    static func documentSections(_ c: RunComparison) -> [(String, [RunComparison.DocumentChange])] {
        [("Newly failing", c.newlyFailing), ("Newly passing", c.newlyPassing), ("Added documents", c.addedDocuments),
         ("Removed documents", c.removedDocuments), ("Changed content", c.changedContent)]
    }

    static func findingSections(_ c: RunComparison) -> [(String, [RunComparison.FindingChange])] {
        [("New findings", c.newFindings), ("Resolved findings", c.resolvedFindings)]
    }

    /// Each section's count, as the Markdown and HTML summaries give them.
    static func counts(_ c: RunComparison) -> [(title: String, count: Int)] {
        [("Newly failing", c.newlyFailing.count), ("Newly passing", c.newlyPassing.count), ("Still failing", c.stillFailing.count),
         ("New findings", c.newFindings.count), ("Resolved findings", c.resolvedFindings.count), ("Added", c.addedDocuments.count),
         ("Removed", c.removedDocuments.count), ("Changed content", c.changedContent.count)]
    }

    /// A section listed in full, as a table of plain cells that each format escapes its own way;
    /// a document row knows whether it now fails (the HTML colours it).
    struct Table {
        let title: String
        let columns: [String]
        let rows: [(cells: [String], failing: Bool?)]
    }

    /// The sections that list something, documents first, then findings.
    static func tables(_ c: RunComparison) -> [Table] {
        documentSections(c).filter { !$0.1.isEmpty }.map { title, items in
            Table(title: title, columns: ["Document", "Id", "Verdict", "Why"],
                  rows: items.map { d in ([d.path, d.id ?? "", verdicts(d), cause(d)], d.toVerdict?.isFailing == true) })
        } + findingSections(c).filter { !$0.1.isEmpty }.map { title, items in
            Table(title: title, columns: ["Document", "Rule", "Where", "Severity", "Message"],
                  rows: items.map { f in ([f.path, f.rule, f.pointer.isEmpty ? "/" : f.pointer, f.severity, f.message], nil) })
        }
    }

    static func runChanges(_ c: RunComparison) -> String {
        c.runCauses.isEmpty ? "Between the runs: the same rule set, as-of date and exemptions."
            : "Between the runs: " + c.runCauses.map(\.words).joined(separator: ", ") + "."
    }
}

enum ComparisonText {
    static func render(_ c: RunComparison) -> String {
        var out = "qapcheck diff: \(ComparisonWords.run(c.from)) → \(ComparisonWords.run(c.to))\n"
        out += ComparisonWords.runChanges(c) + "\n"
        out += "\(ComparisonWords.count(c.newlyFailing.count, "document")) newly failing, \(c.newlyPassing.count) newly passing, "
            + "\(c.stillFailing.count) still failing; \(ComparisonWords.count(c.newFindings.count, "new finding")), \(c.resolvedFindings.count) resolved; "
            + "\(c.addedDocuments.count) added, \(c.removedDocuments.count) removed, \(c.changedContent.count) changed\n"
        for (title, items) in ComparisonWords.documentSections(c) where !items.isEmpty {
            out += "\n\(title):\n"
            for d in items {
                out += "  \(PlainText.oneLine(ComparisonWords.name(d))): \(ComparisonWords.verdicts(d))"
                    + (d.fromVerdict != nil && d.toVerdict != nil && d.fromVerdict != d.toVerdict ? " (\(ComparisonWords.cause(d)))" : "") + "\n"
            }
        }
        for (title, items) in ComparisonWords.findingSections(c) where !items.isEmpty {
            out += "\n\(title):\n"
            for f in items {
                out += "  \(PlainText.oneLine(f.path)):\(PlainText.oneLine(f.pointer.isEmpty ? "/" : f.pointer)): \(f.severity): \(PlainText.oneLine(f.rule)) \(PlainText.oneLine(f.message))\n"
            }
        }
        return out
    }
}

enum ComparisonJSON {
    static func render(_ c: RunComparison) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(c) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

enum ComparisonMarkdown {
    static func render(_ c: RunComparison) -> String {
        let md = MarkdownRenderer.md
        var out = "# What changed\n\nFrom \(md(ComparisonWords.run(c.from))) to \(md(ComparisonWords.run(c.to))).\n\n\(md(ComparisonWords.runChanges(c)))\n\n"
        let counts = ComparisonWords.counts(c)
        out += "| " + counts.map(\.title).joined(separator: " | ") + " |\n|" + String(repeating: " ---: |", count: counts.count) + "\n"
        out += "| " + counts.map { String($0.count) }.joined(separator: " | ") + " |\n"
        for table in ComparisonWords.tables(c) {
            out += "\n## \(table.title)\n\n| " + table.columns.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: table.columns.count) + "\n"
            for row in table.rows { out += "| " + row.cells.map(md).joined(separator: " | ") + " |\n" }
        }
        return out
    }
}

enum ComparisonHTML {
    /// One table row of escaped cells; a document row is coloured by whether it now fails.
    static func row(_ cells: [String], tag: String, failing: Bool? = nil) -> String {
        let attribute = failing.map { " class=\"\($0 ? "fail" : "pass")\"" } ?? ""
        return "<tr\(attribute)>" + cells.map { "<\(tag)>\(XMLText.escape($0))</\(tag)>" }.joined() + "</tr>\n"
    }

    static func render(_ c: RunComparison) -> String {
        let e = XMLText.escape
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>What changed: run \(c.from.id) to run \(c.to.id)</title>
        <style>
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
        table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; } th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
        .fail { color: #a00; } .pass { color: #070; }
        </style>
        </head>
        <body>
        <h1>What changed</h1>
        <p>From \(e(ComparisonWords.run(c.from))) to \(e(ComparisonWords.run(c.to))).</p>
        <p>\(e(ComparisonWords.runChanges(c)))</p>

        """
        let counts = ComparisonWords.counts(c)
        out += "<table>" + row(counts.map(\.title), tag: "th") + row(counts.map { String($0.count) }, tag: "td") + "</table>\n\n"
        for table in ComparisonWords.tables(c) {
            out += "<h2>\(e(table.title))</h2>\n<table>\(row(table.columns, tag: "th"))"
            for r in table.rows { out += row(r.cells, tag: "td", failing: r.failing) }
            out += "</table>\n"
        }
        return out + "</body>\n</html>\n"
    }
}
