/// A whole JSON report read back: what decided the run, the counts, and every document in file
/// order. This is what merging shards or comparing two runs starts from.
public struct Report: Sendable, Equatable, Codable {
    public let tool: RunInfo.Tool
    public let asOf: CivilDate
    public let phase: EvaluationContext.RunPhase
    public let ruleSet: RunInfo.RuleSetInfo
    public var summary: ReportSummary
    public let documents: [DocumentResult]

    public init(info: RunInfo, summary: ReportSummary, documents: [DocumentResult]) {
        tool = info.tool
        asOf = info.asOf
        phase = info.phase
        ruleSet = info.ruleSet
        self.summary = summary
        self.documents = documents
    }

    private enum CodingKeys: String, CodingKey {
        case tool, asOf, phase, ruleSet, summary, documents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tool = try c.decode(RunInfo.Tool.self, forKey: .tool)
        asOf = try c.decode(CivilDate.self, forKey: .asOf)
        phase = try c.decode(EvaluationContext.RunPhase.self, forKey: .phase)
        ruleSet = try c.decode(RunInfo.RuleSetInfo.self, forKey: .ruleSet)
        summary = try c.decode(ReportSummary.self, forKey: .summary)
        documents = try c.decode([DocumentResult].self, forKey: .documents)
        // The unreadable files are not written with the counts; the documents hold them.
        summary.unreadable = documents.compactMap { d in d.error.map { ReportSummary.Unreadable(file: d.file, error: $0) } }
    }
}
