/// `--format github`: GitHub Actions workflow commands, one per deviation
/// (`::error file=F,line=L,col=C,title=RULE-ID::message`), which the runner turns into
/// annotations on the changed files; a warning is `::warning`, an unreadable dossier an `::error`
/// at the place it could not be read. The message carries expected and found and the quoted
/// clause on lines of their own. With `outcomes`, every rule's outcome per document as a plain log
/// line. Then the summary and the outcome counts, as plain log lines.
struct GitHubRenderer: ReportRenderer {
    /// With a log line per rule and document giving its outcome (`--outcomes`).
    var outcomes = false
    var needsSummaryFirst: Bool { false }
    var flushesEachDocument: Bool { true }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String { "" }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        if let e = r.error {
            var properties = ["file=\(Self.property(r.file))"]
            if let place = e.location { properties += ["line=\(place.line)", "col=\(place.column)"] }
            properties.append("title=\(Self.property("could not read the dossier"))")
            return "::error \(properties.joined(separator: ","))::\(Self.data(e.message))\n"
        }
        var out = ""
        for d in TextRenderer.errorsFirst(r.deviations) {
            let command = d.causedBy != nil || d.exemption != nil || d.severity == .notice ? "notice" : d.severity == .error ? "error" : "warning"
            let properties = ["file=\(Self.property(r.file))", "line=\(d.location.line)", "col=\(d.location.column)", "title=\(Self.property(d.rule.rawValue))"]
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.data(d.message + "\n" + TextRenderer.note(d)))\n"
        }
        if outcomes { out += TextRenderer.outcomeLines(r, header: header).map { "\(PlainText.oneLine(r.file)): \($0)\n" }.joined() }
        return out
    }

    func tail(_ h: RunInfo, summary s: ReportSummary) -> String {
        "qapcheck: \(s.countsLine) [\(h.ruleSet.name) \(h.ruleSet.version), as of \(h.asOf), \(h.phase.rawValue) phase]\n"
            + (s.byRule.isEmpty ? "" : "qapcheck: rule outcomes: \(s.outcomeLine)\n")
    }

    /// A command's message: `%`, CR and LF escaped, as the runner unescapes them.
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value (file, title): also `:` and `,`, which would end it.
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
