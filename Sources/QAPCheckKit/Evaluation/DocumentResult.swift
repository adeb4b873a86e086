/// Everything a report says about one input file. Small and self-contained, so a batch can
/// stream results in file order without keeping any document tree alive; `Codable` in the shape
/// of a document of the JSON report, so a report can be read back (to merge or compare runs).
public struct DocumentResult: Sendable, Equatable, Codable {
    public let file: String
    public let kind: String?
    public let id: String?
    public let verdict: Verdict
    /// Sorted by place in the file, then rule id.
    public let deviations: [Deviation]
    /// The rules evaluated that found nothing, in rule set order.
    public let passed: [RuleID]
    /// The rules not run because their phase does not run for this document, in rule set order.
    public let skipped: [RuleID]
    public let error: DocumentError?
    /// Every rule of the set, in rule set order, with what was decided for it; empty for a file
    /// that could not be read.
    public var outcomes: [RuleOutcome] = []
    /// The date whose rules judged it, and where that date came from; nil for an unreadable file.
    public var rulesOn: RulesInForce?
    /// The SHA-256 of the file's bytes (hex), when the run was asked for it (`--history`); the JSON
    /// report gives it as `sha256`. Not part of the result's identity.
    public var contentSHA256: String?
    /// How long reading and judging the file took, for the formats that report times (JUnit).
    /// Not part of the result's identity: two runs over one file are equal whatever it says.
    public var seconds: Double = 0

    public init(file: String, kind: String?, id: String?, verdict: Verdict, deviations: [Deviation], passed: [RuleID], skipped: [RuleID], error: DocumentError?) {
        self.file = file
        self.kind = kind
        self.id = id
        self.verdict = verdict
        self.deviations = deviations
        self.passed = passed
        self.skipped = skipped
        self.error = error
    }

    public static func == (a: DocumentResult, b: DocumentResult) -> Bool {
        a.file == b.file && a.kind == b.kind && a.id == b.id && a.verdict == b.verdict && a.deviations == b.deviations
            && a.passed == b.passed && a.skipped == b.skipped && a.error == b.error && a.rulesOn == b.rulesOn
            && a.versions == b.versions
            && Dictionary(a.outcomes.map { ($0.rule, $0.outcome) }, uniquingKeysWith: { x, _ in x })
                == Dictionary(b.outcomes.map { ($0.rule, $0.outcome) }, uniquingKeysWith: { x, _ in x })
    }

    /// The versions applied of the rules that have dated versions, by rule id.
    public var versions: [RuleID: EffectivePeriod] {
        Dictionary(outcomes.filter { $0.version != .always }.map { ($0.rule, $0.version) }, uniquingKeysWith: { x, _ in x })
    }

    /// The outcome of one rule.
    public func outcome(of rule: RuleID) -> Outcome? { outcomes.first { $0.rule == rule }?.outcome }

    /// The result for a file that could not be read.
    public static func unreadable(_ file: String, _ error: DocumentError) -> DocumentResult {
        DocumentResult(file: file, kind: nil, id: nil, verdict: .error, deviations: [], passed: [], skipped: [], error: error)
    }

    /// The rules with a deviation, each once, in the order they first deviate.
    public var failedRules: [RuleID] {
        var seen = Set<RuleID>()
        return deviations.map(\.rule).filter { seen.insert($0).inserted }
    }

    /// Deviations proper (outcome `fail`), by severity; the findings a rule could not decide are
    /// counted apart.
    public var errorCount: Int { deviations.filter { $0.severity == .error && $0.outcome == .fail }.count }
    public var warningCount: Int { deviations.filter { $0.severity == .warning && $0.outcome == .fail }.count }
    public var indeterminateCount: Int { deviations.filter(\.isIndeterminate).count }
    public var exemptCount: Int { deviations.filter { $0.outcome == .exempt }.count }
    public var noticeCount: Int { deviations.filter { $0.severity == .notice }.count }

    /// A rule's id as a key of `outcomes`.
    private struct RuleKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    private enum CodingKeys: String, CodingKey {
        case file, kind, id, verdict, rulesOn, deviations, passed, skipped, error, outcomes, versions
        case contentSHA256 = "sha256"
    }

    /// An unreadable file has only `file`, `verdict` and `error`; any other document has every
    /// key but `error`, with `null` for a kind or id it lacks.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        deviations = try c.decodeIfPresent([Deviation].self, forKey: .deviations) ?? []
        // Rule ids and outcomes are read as strings: decoded as their own types, through the
        // generic paths of arrays and dictionaries, they were most of what `merge` spends.
        passed = try c.decodeIfPresent([String].self, forKey: .passed)?.map(RuleID.init) ?? []
        skipped = try c.decodeIfPresent([String].self, forKey: .skipped)?.map(RuleID.init) ?? []
        error = try c.decodeIfPresent(DocumentError.self, forKey: .error)
        contentSHA256 = try c.decodeIfPresent(String.self, forKey: .contentSHA256)
        var decided: [(String, Outcome)] = []
        if c.contains(.outcomes), try !c.decodeNil(forKey: .outcomes) {
            let table = try c.nestedContainer(keyedBy: RuleKey.self, forKey: .outcomes)
            let keys = table.allKeys
            decided.reserveCapacity(keys.count)
            for key in keys {
                let text = try table.decode(String.self, forKey: key)
                guard let outcome = Outcome(rawValue: text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: table, debugDescription: "'\(text)' is not an outcome")
                }
                decided.append((key.stringValue, outcome))
            }
        }
        let versions = try c.decodeIfPresent([String: EffectivePeriod].self, forKey: .versions) ?? [:]
        outcomes = decided.sorted { $0.0 < $1.0 }.map { RuleOutcome(rule: RuleID($0.0), outcome: $0.1, version: versions[$0.0] ?? .always) }
        rulesOn = try c.decodeIfPresent(RulesInForce.self, forKey: .rulesOn)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encodeIfPresent(contentSHA256, forKey: .contentSHA256)
        if let error {
            try c.encode(verdict, forKey: .verdict)
            try c.encode(error, forKey: .error)
            return
        }
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(verdict, forKey: .verdict)
        try c.encodeIfPresent(rulesOn, forKey: .rulesOn)
        try c.encode(deviations, forKey: .deviations)
        try c.encode(passed, forKey: .passed)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(Dictionary(outcomes.map { ($0.rule.rawValue, $0.outcome) }, uniquingKeysWith: { x, _ in x }), forKey: .outcomes)
        let dated = versions
        if !dated.isEmpty { try c.encode(Dictionary(uniqueKeysWithValues: dated.map { ($0.key.rawValue, $0.value) }), forKey: .versions) }
    }
}
