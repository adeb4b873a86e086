/// One run as the history holds it: when, judged how (tool, rule set, as-of, phase, exemptions,
/// shard), and its counts. The history module reads it from SQLite; reports of runs use it.
public struct RecordedRun: Sendable, Equatable, Codable {
    public let id: Int64
    public let startedAt: String
    public let finishedAt: String
    public let toolVersion: String
    public let ruleSetName: String
    public let ruleSetVersion: String
    public let ruleSetDigest: String
    public let asOf: String
    public let phase: String
    public let failOn: String
    public let exemptionsDigest: String?
    public let shard: String?
    public let documents: Int
    public let pass: Int
    public let fail: Int
    public let error: Int
    public let deviations: Int
    public let errors: Int
    public let warnings: Int
    public let indeterminate: Int
    public let notices: Int
}

