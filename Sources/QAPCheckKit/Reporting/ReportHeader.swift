/// What every report states before its documents: the tool, the rule set that decided (with
/// its digest), the as-of date and the phase.
public struct ReportHeader: Sendable {
    public let toolName: String
    public let toolVersion: String
    public let asOf: CivilDate
    public let phase: EvaluationContext.RunPhase
    public let failOnWarn: Bool
    public let ruleSetName: String
    public let ruleSetVersion: String
    public let ruleSetDigest: String
    /// The rules, for formats that describe them (SARIF) or name them (strengths).
    public let rules: [Rule]

    public init(ruleSet: RuleSet, context: EvaluationContext) {
        toolName = "qapcheck"
        toolVersion = QAPCheckKit.version
        asOf = context.asOf
        phase = context.phase
        failOnWarn = context.failOnWarn
        ruleSetName = ruleSet.name
        ruleSetVersion = ruleSet.version
        ruleSetDigest = ruleSet.digest
        var seen = Set<String>()
        rules = ruleSet.rules.filter { seen.insert($0.id).inserted }
    }

    /// The title of a rule, by id.
    public func title(of id: String) -> String { rules.first { $0.id == id }?.title ?? id }
}

/// Counts over all documents of a run; accumulated as results stream past.
public struct ReportSummary: Sendable, Equatable {
    public var documents = 0
    public var pass = 0
    public var fail = 0
    public var error = 0
    public var deviations = 0
    public var errors = 0
    public var warnings = 0
    /// The files that could not be read, with why; few in any real batch, and SARIF lists them.
    public var unreadable: [Unreadable] = []

    public struct Unreadable: Sendable, Equatable {
        public let file: String
        public let error: DocumentError
    }

    public init() {}

    public mutating func add(_ r: DocumentResult) {
        documents += 1
        switch r.verdict {
        case .pass: pass += 1
        case .fail: fail += 1
        case .error:
            error += 1
            if let e = r.error { unreadable.append(Unreadable(file: r.file, error: e)) }
        }
        deviations += r.deviations.count
        errors += r.errorCount
        warnings += r.warningCount
    }

    /// The exit status cli.md specifies: 0 all passed, 1 some failed and none unreadable,
    /// 2 some unreadable.
    public var exitStatus: Int32 { error > 0 ? 2 : (fail > 0 ? 1 : 0) }
}
