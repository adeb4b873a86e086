/// Counts over all documents of a run; accumulated as results stream past.
public struct ReportSummary: Sendable, Equatable, Codable {
    public var documents = 0
    public var pass = 0
    public var fail = 0
    public var error = 0
    public var deviations = 0
    public var errors = 0
    public var warnings = 0
    /// The files that could not be read, with why; few in any real batch, and SARIF lists them.
    /// Not written with the counts: a report's documents already hold them.
    public var unreadable: [Unreadable] = []

    public struct Unreadable: Sendable, Equatable {
        public let file: String
        public let error: DocumentError
    }

    private enum CodingKeys: String, CodingKey {
        case documents, pass, fail, error, deviations, errors, warnings
    }

    public init() {}

    /// The summary of these results, as a run that delivered them would have counted it.
    public init<Results: Sequence>(_ results: Results) where Results.Element == DocumentResult {
        for r in results { add(r) }
    }

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
