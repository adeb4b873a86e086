/// `--format text`: `file:line:column: severity: RULE-ID message`, one line per deviation, then a
/// summary line. Colour only when asked (the command asks on a terminal without NO_COLOR).
struct TextRenderer: ReportRenderer {
    let color: Bool
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
        for d in r.deviations {
            let severity = d.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            out += "\(file):\(d.location.line):\(d.location.column): \(severity): \(paint(PlainText.oneLine(d.rule.rawValue), "1")) \(PlainText.oneLine(d.message))\n"
        }
        return out
    }

    func tail(_ h: RunInfo, summary s: ReportSummary) -> String {
        let line = "\(s.documents) document\(s.documents == 1 ? "" : "s"): \(s.pass) pass, \(s.fail) fail, \(s.error) error; "
            + "\(s.deviations) deviation\(s.deviations == 1 ? "" : "s") (\(s.errors) error\(s.errors == 1 ? "" : "s"), \(s.warnings) warning\(s.warnings == 1 ? "" : "s"))"
            + " [\(h.ruleSet.name) \(h.ruleSet.version), as of \(h.asOf), \(h.phase.rawValue) phase]"
        return paint(line, s.error > 0 || s.fail > 0 ? "1" : "32") + "\n"
    }
}
