/// `--format text`, as compilers report: for each deviation `file:line:column: severity: RULE-ID
/// message`, then (unless brief) a `file:line:column: note:` line with what was expected and found
/// and the clause the rule enforces, quoted, with its source; then a summary line. Within a
/// document, errors come before warnings. With `outcomes`, each document then lists every rule's
/// outcome (`file: pass: RULE-ID title`), after the date whose rules judged it, the checklist a
/// single dossier's run is read for. The
/// summary ends with the outcomes of every rule on every document, counted. Colour only when
/// asked (the command asks on a terminal without NO_COLOR).
struct TextRenderer: ReportRenderer {
    let color: Bool
    /// Without the note lines (`--brief`).
    var brief = false
    /// With a line per rule and document giving its outcome (`--outcomes`).
    var outcomes = false
    var needsSummaryFirst: Bool { false }
    var flushesEachDocument: Bool { true }

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String { "" }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        if let e = r.error {
            let place = e.location.map { "\($0.line):\($0.column):" } ?? ""
            return "\(PlainText.oneLine(r.file)):\(place) \(paint("error", "1;31")): could not read: \(PlainText.oneLine(e.message))\n"
        }
        var out = ""
        let file = PlainText.oneLine(r.file)
        for d in Self.errorsFirst(r.deviations) {
            let place = "\(file):\(d.location.line):\(d.location.column):"
            // A rule that could not be decided because the schema check flagged its value is a
            // note on that error, not a second one.
            let severity = d.causedBy != nil || d.exemption != nil || d.severity == .notice ? paint("note", "1;36") : d.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            out += "\(place) \(severity): \(paint(PlainText.oneLine(d.rule.rawValue), "1")) \(PlainText.oneLine(d.message))\n"
            if !brief { out += "\(place) \(paint("note", "1;36")): \(PlainText.oneLine(Self.note(d)))\n" }
        }
        if outcomes { out += Self.outcomeLines(r, header: header).map { "\(file): \($0)\n" }.joined() }
        return out
    }

    /// The date whose rules judged the document, then `outcome: RULE-ID title` for every rule of
    /// the set, in rule set order.
    static func outcomeLines(_ r: DocumentResult, header: RunInfo) -> [String] {
        let titles = Dictionary(header.rules.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return (r.rulesOn.map { ["rules in force on \(PlainText.oneLine($0.words))"] } ?? []) + r.outcomes.map { "\($0.outcome.words): \(PlainText.oneLine($0.rule.rawValue)) \(PlainText.oneLine(titles[$0.rule] ?? ""))" }
    }

    /// Errors, then warnings, then notes (a rule undecided because of a flagged value, an
    /// exempt deviation, a date due soon); each in the order found (by place in the file).
    static func errorsFirst(_ deviations: [Deviation]) -> [Deviation] {
        func rank(_ d: Deviation) -> Int {
            if d.causedBy != nil || d.exemption != nil || d.severity == .notice { return 2 }
            return d.severity == .error ? 0 : 1
        }
        return [0, 1, 2].flatMap { r in deviations.filter { rank($0) == r } }
    }

    /// What a reader needs beside the message: expected and found, and the clause with its source.
    static func note(_ d: Deviation) -> String {
        var parts: [String] = []
        if let e = d.exemption { parts.append(e.summary) }
        if let expected = d.expected, let actual = d.actual { parts.append("expected \(expected), found \(actual)") }
        parts.append("enforces “\(d.citation.text)” (\(d.citation.source), \(d.citation.section)\(d.version == .always ? "" : "; \(d.version.versionWords)"))")
        return parts.joined(separator: "; ")
    }

    func tail(_ h: RunInfo, summary s: ReportSummary) -> String {
        let line = s.countsLine
            + " [\(h.ruleSet.name) \(h.ruleSet.version), as of \(h.asOf), \(h.phase.rawValue) phase]"
        return paint(line, s.error > 0 || s.fail > 0 ? "1" : "32") + "\n" + (s.byRule.isEmpty ? "" : "rule outcomes: \(s.outcomeLine)\n")
    }
}
