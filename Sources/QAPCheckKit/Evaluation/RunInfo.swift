import Foundation

/// What decided a run, as every report states it before its documents: the tool, the rule set
/// (with its digest), the as-of date, the phase and the rules' metadata.
public struct RunInfo: Sendable, Equatable, Codable {
    public struct Tool: Sendable, Equatable, Codable {
        public let name: String
        public let version: String
    }

    public struct RuleSetInfo: Sendable, Equatable, Codable {
        public let name: String
        public let version: String
        public let digest: String
    }

    public let tool: Tool
    public let asOf: CivilDate
    public let phase: EvaluationContext.RunPhase
    public let failOn: FailOn
    public let ruleSet: RuleSetInfo
    /// One entry per rule id, in rule set order, for formats that describe the rules (SARIF) or
    /// name them (strengths, JUnit test cases).
    public let rules: [RuleInfo]
    /// Every version of every rule, for a document judged by a version other than the as-of's.
    public var versions: [RuleInfo] = []
    /// The folder report paths are relative to (`--path-base`), absolute; SARIF records it.
    public var pathBase: String?
    /// The rules that are the kind schema check: meeting them is no strength worth naming.
    public var schemaRules: [RuleID] = []
    /// The exemptions in force (`--exemptions`): the file's digest goes in every report's header.
    public var exemptions: ExemptionSet = .empty
    /// The share of the batch this run evaluated (`--shard`), if only a share.
    public var shard: Shard?
    /// When the run started: before the first document was read.
    public var startedAt: Date?

    public init(ruleSet: RuleSet, context: EvaluationContext) {
        tool = Tool(name: "qapcheck", version: QAPCheckKit.version)
        asOf = context.asOf
        phase = context.phase
        failOn = context.failOn
        exemptions = context.exemptions
        self.ruleSet = RuleSetInfo(name: ruleSet.name, version: ruleSet.version, digest: ruleSet.digest)
        // One entry per rule: the version in force on the as-of date, or the first one written.
        rules = ruleSet.ids.compactMap { (ruleSet.rule($0, on: context.asOf) ?? ruleSet.rule($0))?.info }
        versions = ruleSet.rules.map(\.info)
        schemaRules = ruleSet.rules.filter(\.isSchemaCheck).map(\.id)
    }

    /// The rule with this id.
    public func rule(_ id: RuleID) -> RuleInfo? { rules.first { $0.id == id } }

    /// The version of a rule a document was judged by.
    public func rule(_ id: RuleID, version: EffectivePeriod) -> RuleInfo? {
        versions.first { $0.id == id && $0.effective == version } ?? rule(id)
    }

    /// The rules a document met that are worth naming as its strengths: all but the schema check.
    public func strengths(of result: DocumentResult) -> [RuleID] { result.passed.filter { !schemaRules.contains($0) } }

    /// The title of a rule, by id.
    public func title(of id: RuleID) -> String { rule(id)?.title ?? id.rawValue }
}
