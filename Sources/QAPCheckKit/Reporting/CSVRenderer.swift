/// `--format csv`: one row per document (file, kind, id, verdict, errors, warnings) for a
/// spreadsheet, quoted as RFC 4180 says.
struct CSVRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { false }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String { "file,kind,id,verdict,errors,warnings\r\n" }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        [r.file, r.kind ?? "", r.id ?? "", r.verdict.rawValue, String(r.errorCount), String(r.warningCount)]
            .map(Self.field).joined(separator: ",") + "\r\n"
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String { "" }
}
