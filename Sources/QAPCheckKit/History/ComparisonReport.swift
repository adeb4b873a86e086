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
        out += "| Newly failing | Newly passing | Still failing | New findings | Resolved findings | Added | Removed | Changed content |\n"
        out += "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        out += "| \(c.newlyFailing.count) | \(c.newlyPassing.count) | \(c.stillFailing.count) | \(c.newFindings.count) | \(c.resolvedFindings.count) "
            + "| \(c.addedDocuments.count) | \(c.removedDocuments.count) | \(c.changedContent.count) |\n"
        for (title, items) in ComparisonWords.documentSections(c) where !items.isEmpty {
            out += "\n## \(title)\n\n| Document | Id | Verdict | Why |\n| --- | --- | --- | --- |\n"
            for d in items {
                out += "| \(md(d.path)) | \(md(d.id ?? "")) | \(md(ComparisonWords.verdicts(d))) | \(md(ComparisonWords.cause(d))) |\n"
            }
        }
        for (title, items) in ComparisonWords.findingSections(c) where !items.isEmpty {
            out += "\n## \(title)\n\n| Document | Rule | Where | Severity | Message |\n| --- | --- | --- | --- | --- |\n"
            for f in items {
                out += "| \(md(f.path)) | \(md(f.rule)) | \(md(f.pointer.isEmpty ? "/" : f.pointer)) | \(md(f.severity)) | \(md(f.message)) |\n"
            }
        }
        return out
    }
}

enum ComparisonHTML {
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
        <table><tr><th>Newly failing</th><th>Newly passing</th><th>Still failing</th><th>New findings</th><th>Resolved findings</th><th>Added</th><th>Removed</th><th>Changed content</th></tr>
        <tr><td>\(c.newlyFailing.count)</td><td>\(c.newlyPassing.count)</td><td>\(c.stillFailing.count)</td><td>\(c.newFindings.count)</td><td>\(c.resolvedFindings.count)</td><td>\(c.addedDocuments.count)</td><td>\(c.removedDocuments.count)</td><td>\(c.changedContent.count)</td></tr></table>

        """
        for (title, items) in ComparisonWords.documentSections(c) where !items.isEmpty {
            out += "<h2>\(e(title))</h2>\n<table><tr><th>Document</th><th>Id</th><th>Verdict</th><th>Why</th></tr>\n"
            for d in items {
                out += "<tr class=\"\(d.toVerdict?.isFailing == true ? "fail" : "pass")\"><td>\(e(d.path))</td><td>\(e(d.id ?? ""))</td><td>\(e(ComparisonWords.verdicts(d)))</td><td>\(e(ComparisonWords.cause(d)))</td></tr>\n"
            }
            out += "</table>\n"
        }
        for (title, items) in ComparisonWords.findingSections(c) where !items.isEmpty {
            out += "<h2>\(e(title))</h2>\n<table><tr><th>Document</th><th>Rule</th><th>Where</th><th>Severity</th><th>Message</th></tr>\n"
            for f in items {
                out += "<tr><td>\(e(f.path))</td><td>\(e(f.rule))</td><td>\(e(f.pointer.isEmpty ? "/" : f.pointer))</td><td>\(e(f.severity))</td><td>\(e(f.message))</td></tr>\n"
            }
            out += "</table>\n"
        }
        return out + "</body>\n</html>\n"
    }
}
