/// Everything a report says about one input file. Small and self-contained, so a batch can
/// stream results in file order without keeping any document tree alive.
public struct DocumentResult: Sendable {
    public let file: String
    public let kind: String?
    public let id: String?
    public let verdict: Verdict
    /// Sorted by place in the file, then rule id.
    public let deviations: [Deviation]
    /// Every rule evaluated for this document, in rule set order.
    public let outcomes: [RuleOutcome]
    public let error: DocumentError?

    public init(file: String, kind: String?, id: String?, verdict: Verdict, deviations: [Deviation], outcomes: [RuleOutcome], error: DocumentError?) {
        self.file = file
        self.kind = kind
        self.id = id
        self.verdict = verdict
        self.deviations = deviations
        self.outcomes = outcomes
        self.error = error
    }

    /// The result for a file that could not be read.
    public static func unreadable(_ file: String, _ error: DocumentError) -> DocumentResult {
        DocumentResult(file: file, kind: nil, id: nil, verdict: .error, deviations: [], outcomes: [], error: error)
    }

    public var passedRules: [String] { outcomes.filter { $0.status == .passed }.map(\.rule) }
    public var failedRules: [String] { outcomes.filter { $0.status == .failed }.map(\.rule) }
    public var skippedRules: [String] {
        outcomes.compactMap { if case .skipped = $0.status { return $0.rule } else { return nil } }
    }
    public var errorCount: Int { deviations.filter { $0.severity == .error }.count }
    public var warningCount: Int { deviations.filter { $0.severity == .warning }.count }
}
