/// `--format csv`: one row per document (file, kind, id, verdict, errors, warnings, then how many
/// rules had each of the five outcomes) for a spreadsheet, quoted as RFC 4180 says. An unreadable
/// document's outcome cells are empty: no rule ran. A cell that a spreadsheet would take for a formula
/// (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading
/// apostrophe, so that opening the report never runs anything a dossier's author wrote.
struct CSVRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { false }

    static func field(_ raw: String) -> String {
        let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
        let s = raw.unicodeScalars.first.map(formulaStarts.contains) == true ? "'" + raw : raw
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String { "file,kind,id,verdict,errors,warnings," + Outcome.allCases.map(\.rawValue).joined(separator: ",") + "\r\n" }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        let counts = Dictionary(grouping: r.outcomes, by: \.outcome).mapValues(\.count)
        let outcomeCells = Outcome.allCases.map { r.error == nil ? String(counts[$0] ?? 0) : "" }
        return ([r.file, r.kind ?? "", r.id ?? "", r.verdict.rawValue, String(r.errorCount), String(r.warningCount)] + outcomeCells)
            .map(Self.field).joined(separator: ",") + "\r\n"
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String { "" }
}
