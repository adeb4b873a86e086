/// The JSON object of one document, shared by the `json` and `jsonl` formats: the keys of
/// cli.md, in its order.
enum DocumentJSON {
    /// `digest`: with the file's SHA-256 (a shard's report, which a merge may record in the history).
    static func write(_ r: DocumentResult, into w: inout JSONWriter, digest: Bool = false) {
        w.open()
        w.string("file", r.file)
        if digest, let sha = r.contentSHA256 { w.string("sha256", sha) }
        if let error = r.error {
            w.string("verdict", r.verdict.rawValue)
            w.open("error")
            w.string("message", error.message)
            if let l = error.location {
                w.int("line", l.line)
                w.int("column", l.column)
            }
            w.string("reason", error.reason.rawValue)
            w.close()
            w.close()
            return
        }
        w.optionalString("kind", r.kind)
        w.optionalString("id", r.id)
        w.string("verdict", r.verdict.rawValue)
        if let on = r.rulesOn {
            w.open("rulesOn")
            w.string("date", on.date.description)
            w.string("source", on.source)
            if let note = on.note { w.string("note", note) }
            w.close()
        }
        w.open("deviations", array: true)
        for d in r.deviations {
            w.open()
            w.string("rule", d.rule.rawValue)
            w.string("severity", d.severity.rawValue)
            w.string("message", d.message)
            w.citation(d.citation)
            w.period("version", d.version)
            w.open("location")
            w.string("pointer", d.location.pointer.description)
            w.int("line", d.location.line)
            w.int("column", d.location.column)
            w.close()
            w.optionalString("expected", d.expected)
            w.optionalString("actual", d.actual)
            if d.outcome != .fail { w.string("outcome", d.outcome.rawValue) }
            if let cause = d.causedBy { w.string("causedBy", cause.rawValue) }
            if let e = d.exemption { w.exemption(e) }
            w.close()
        }
        w.close(array: true)
        w.strings("passed", r.passed)
        w.strings("skipped", r.skipped)
        // Read where they lie: a loop over the outcomes copied each, a retain and a release of
        // its id and period, twice per rule of every document. Their names are written from
        // pieces made once per thread (`OutcomeMembers`).
        r.outcomes.withUnsafeBufferPointer { outcomes in
            w.open("outcomes")
            w.outcomes(outcomes)
            w.close()
            if outcomes.contains(where: { $0.version != .always }) {
                w.open("versions")
                for i in outcomes.indices where outcomes[i].version != .always { w.period(outcomes[i].rule.rawValue, outcomes[i].version) }
                w.close()
            }
        }
        w.close()
    }

    static func summary(_ s: ReportSummary, header h: RunInfo, into w: inout JSONWriter, key: String? = "summary") {
        w.open(key)
        w.int("documents", s.documents)
        w.int("pass", s.pass)
        w.int("fail", s.fail)
        w.int("error", s.error)
        w.int("deviations", s.deviations)
        w.int("errors", s.errors)
        w.int("warnings", s.warnings)
        w.int("indeterminate", s.indeterminate)
        w.int("notices", s.notices)
        if !h.exemptions.file.isEmpty {
            w.int("exempt", s.exempt)
            w.open("unusedExemptions", array: true)
            for e in h.exemptions.exemptions where !s.usedExemptions.contains(e.place) { w.exemption(e, key: nil) }
            w.close(array: true)
        }
        w.open("byRule")
        for (rule, counts) in s.byRule {
            w.open(rule.rawValue)
            for outcome in Outcome.allCases { w.int(outcome.rawValue, counts[outcome] ?? 0) }
            w.close()
        }
        w.close()
        w.close()
    }
}

/// `--format json`: one JSON object with the run's header, summary and every document, ordered
/// by file.
struct JSONRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { true }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String {
        head(h, summary: summary, extra: 0)
    }

    /// Spaces after the documents' `[`, at the end of its line, where a reader sees none.
    func paddedHead(_ h: RunInfo, summary: ReportSummary, extra: Int) -> String? {
        head(h, summary: summary, extra: extra)
    }

    private func head(_ h: RunInfo, summary: ReportSummary?, extra: Int) -> String {
        var w = JSONWriter()
        w.open()
        w.open("tool")
        w.string("name", h.tool.name)
        w.string("version", h.tool.version)
        w.close()
        w.runContext(h)
        w.runRecord(RunRecord(h, summary))
        DocumentJSON.summary(summary ?? ReportSummary(), header: h, into: &w)
        // Leave the object open: the documents follow.
        return w.text + ",\n  \"documents\": [" + String(repeating: " ", count: extra) + (summary?.documents ?? 0 > 0 ? "\n    " : "")
    }

    var separator: String { ",\n    " }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        var w = JSONWriter(indent: 2)
        DocumentJSON.write(r, into: &w, digest: header.shard != nil)
        return w.text
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String {
        summary.documents == 0 ? "]\n}\n" : "\n  ]\n}\n"
    }
}

/// `--format jsonl`: one line per document, the same object as in `documents` of the JSON report,
/// written as each is ready; a last line holds the summary.
struct JSONLinesRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { false }
    var flushesEachDocument: Bool { true }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String { "" }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        var w = JSONWriter(pretty: false)
        DocumentJSON.write(r, into: &w, digest: header.shard != nil)
        return w.text + "\n"
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String {
        var w = JSONWriter(pretty: false)
        w.open()
        w.open("tool")
        w.string("name", h.tool.name)
        w.string("version", h.tool.version)
        w.close()
        w.runContext(h)
        w.runRecord(RunRecord(h, summary))
        DocumentJSON.summary(summary, header: h, into: &w)
        w.close()
        return w.text + "\n"
    }
}
