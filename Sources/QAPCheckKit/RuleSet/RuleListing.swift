import Foundation

/// Human-readable descriptions of a rule set, for `rules list` and `explain`.
public enum RuleListing {
    /// The ways `rules list` can print the rules.
    public enum Format: String, Sendable, CaseIterable {
        case text, json, markdown
    }

    public static func list(_ ruleSet: RuleSet, as format: Format) -> String {
        switch format {
        case .text: return table(ruleSet)
        case .json: return json(ruleSet)
        case .markdown: return markdown(ruleSet)
        }
    }

    /// One line per rule: id, severity, kinds, phase, title, cited source.
    public static func table(_ ruleSet: RuleSet) -> String {
        let rows = [["ID", "SEVERITY", "KINDS", "PHASE", "TITLE", "CITES"]] + ruleSet.rules.map {
            [$0.id.rawValue, $0.severity.rawValue, $0.kinds.names.joined(separator: ","), $0.phase.rawValue, $0.title, "\($0.citation.source) § \($0.citation.section)"]
        }
        let widths = (0..<6).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == 5 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The rules as reports describe them (`RuleInfo`), one JSON array, for programs.
    static func json(_ ruleSet: RuleSet) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(ruleSet.rules.map(\.info))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A Markdown table, for a project's documentation.
    static func markdown(_ ruleSet: RuleSet) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["| Rule | Severity | Kinds | Phase | Title | Enforces |", "| --- | --- | --- | --- | --- | --- |"]
        for rule in ruleSet.rules {
            lines.append("| `\(rule.id)` | \(rule.severity.rawValue) | \(cell(rule.kinds.names.joined(separator: ", "))) | \(rule.phase) | \(cell(rule.title)) | "
                         + "\(cell(rule.citation.source)), \(cell(rule.citation.section)): “\(cell(rule.citation.text))” |")
        }
        return lines.joined(separator: "\n")
    }

    /// A rule in full: what it checks, the parameters it reads, and the clause it enforces.
    public static func explain(_ rule: Rule, in ruleSet: RuleSet) -> String {
        var lines = ["\(rule.id): \(rule.title)",
                     "  severity: \(rule.severity.rawValue)    kinds: \(rule.kinds.names.joined(separator: ", "))    phase: \(rule.phase)",
                     "  defined in: \(rule.file):\(rule.line)"]
        if rule.effective != .always {
            lines.append("  effective: \(rule.effective.from?.description ?? "always") until \(rule.effective.until?.description ?? "further notice")")
        }
        if !rule.description.isEmpty {
            lines.append("")
            lines.append(contentsOf: wrap(rule.description, width: 94).map { "  " + $0 })
        }
        lines.append("")
        lines.append("Enforces \(rule.citation.source), section \"\(rule.citation.section)\":")
        lines.append("  “\(rule.citation.text)”")
        lines.append("")
        switch rule.check {
        case .schema:
            lines.append("Check: every value has its kind schema's type and enumerated value; kind, schemaVersion and id are present.")
        case .expression(let check):
            for l in check.lets { lines.append("let \(l.name) = \(l.program.source.trimmed)") }
            if let forEach = check.forEach { lines.append("for each item of: \(forEach.source.trimmed)") }
            if let when = check.when { lines.append("  when: \(when.source.trimmed)") }
            lines.append("assert: \(check.source.trimmed)")
            if let due = check.due { lines.append("due: \(due.source.trimmed)  (a notice when this date is near)") }
        }
        let used = ruleSet.parameters.filter { p in rule.mentions(parameter: p.name) }
        if !used.isEmpty {
            lines.append("")
            lines.append("Parameters:")
            for p in used { lines.append("  \(p.name) = \(CELFormat.plain(p.value))\(p.description.isEmpty ? "" : "  (\(p.description))")") }
        }
        lines.append("")
        lines.append("Message: \(rule.message.source.trimmed)")
        return lines.joined(separator: "\n")
    }
}

/// Words of `text` in lines of at most `width` characters (a longer word gets a line of its own).
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(whereSeparator: \.isWhitespace) {
        if !line.isEmpty && line.count + 1 + word.count > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

extension Rule {
    /// Whether any expression of the rule reads `params.<name>`.
    func mentions(parameter name: String) -> Bool {
        var texts = [message.source, expected?.source ?? "", actual?.source ?? ""]
        if case .expression(let check) = check {
            texts += check.lets.map(\.program.source) + [check.source, check.forEach?.source ?? "", check.when?.source ?? "", check.locate?.source ?? ""]
        }
        // `params.fee` must not count as a mention of `params.feeCurrency`'s parameter `fee`.
        let pattern = "params\\.\(name)(?![A-Za-z0-9_])"
        return texts.contains { $0.range(of: pattern, options: .regularExpression) != nil }
    }
}

extension String {
    var trimmed: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
