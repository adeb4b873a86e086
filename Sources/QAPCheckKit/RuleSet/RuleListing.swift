import Foundation

/// Human-readable descriptions of a rule set, for `rules list` and `explain`.
public enum RuleListing {
    /// The ways `rules list` can print the rules.
    public enum Format: String, Sendable, CaseIterable {
        case text, json, markdown
    }

    /// Every version of every rule, or, given a date, the rules in force on it (one version each).
    public static func list(_ ruleSet: RuleSet, as format: Format, on date: CivilDate? = nil) -> String {
        let rules = date.map(ruleSet.rules(on:)) ?? ruleSet.rules
        // The period column only where a period can differ from "always".
        let dated = ruleSet.rules.contains { $0.effective != .always }
        switch format {
        case .text: return table(rules, dated: dated)
        case .json: return json(rules)
        case .markdown: return markdown(rules, dated: dated)
        }
    }

    /// One line per rule: id, severity, kinds, phase, when in force, title, cited source.
    static func table(_ rules: [Rule], dated: Bool) -> String {
        let rows = [["ID", "SEVERITY", "KINDS", "PHASE"] + (dated ? ["IN FORCE"] : []) + ["TITLE", "CITES"]] + rules.map {
            [$0.id.rawValue, $0.severity.rawValue, $0.kinds.names.joined(separator: ","), $0.phase.rawValue] + (dated ? [$0.effective.description] : [])
                + [$0.title, "\($0.citation.source) § \($0.citation.section)"]
        }
        let last = rows[0].count - 1
        let widths = (0...last).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == last ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The rules as reports describe them (`RuleInfo`, with each version's period), one JSON
    /// array, for programs.
    static func json(_ rules: [Rule]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(rules.map(\.info))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A Markdown table, for a project's documentation.
    static func markdown(_ rules: [Rule], dated: Bool) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["| Rule | Severity | Kinds | Phase |\(dated ? " In force |" : "") Title | Enforces |",
                     "| --- | --- | --- | --- |\(dated ? " --- |" : "") --- | --- |"]
        for rule in rules {
            lines.append("| `\(rule.id)` | \(rule.severity.rawValue) | \(cell(rule.kinds.names.joined(separator: ", "))) | \(rule.phase) |"
                         + (dated ? " \(rule.effective) |" : "") + " \(cell(rule.title)) | "
                         + "\(cell(rule.citation.source)), \(cell(rule.citation.section)): “\(cell(rule.citation.text))” |")
        }
        return lines.joined(separator: "\n")
    }

    /// A rule in full: what it checks, the parameters it reads, and the clause it enforces.
    public static func explain(_ rule: Rule, in ruleSet: RuleSet) -> String {
        var lines = ["\(rule.id): \(rule.title)",
                     "  severity: \(rule.severity.rawValue)    kinds: \(rule.kinds.names.joined(separator: ", "))    phase: \(rule.phase)",
                     "  defined in: \(rule.file):\(rule.line)"]
        let versions = ruleSet.versions(of: rule.id)
        if versions.count > 1 || rule.effective != .always {
            lines.append("  in force: \(rule.effective)" + (versions.count > 1 ? "  (one of \(versions.count) versions: \(versions.map(\.effective.description).joined(separator: "; ")))" : ""))
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
            for p in used { lines.append("  \(p.name) = \(p.words(throughout: rule.effective))\(p.description.isEmpty ? "" : "  (\(p.description))")") }
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
        let pattern = RuleVersions.readPattern(name)
        return texts.contains { $0.range(of: pattern, options: .regularExpression) != nil }
    }
}

extension String {
    var trimmed: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
