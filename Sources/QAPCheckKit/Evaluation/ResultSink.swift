/// Where a run's results go: a report, a history database, a test's array.
///
/// A run calls `prepare` on the worker thread that made a result, in parallel with other
/// documents, for the costly part of taking it (rendering a report's text); then `accept` on one
/// thread, strictly in file order; then `finish` once with the summary, or `abandon` when the run
/// stops before the end. A sink never sees a half-finished run as finished.
public protocol ResultSink: AnyObject {
    /// The per-document work that may run on any thread, in parallel.
    var preparer: @Sendable (DocumentResult) -> any Sendable { get }
    func accept(_ result: DocumentResult, prepared: any Sendable) throws
    func finish(_ summary: ReportSummary) throws
    func abandon()
}

/// A sink that keeps every result in memory, for tests and small runs.
public final class CollectedResults: ResultSink {
    public private(set) var results: [DocumentResult] = []
    public private(set) var summary: ReportSummary?

    public init() {}

    public var preparer: @Sendable (DocumentResult) -> any Sendable { { _ in () } }
    public func accept(_ result: DocumentResult, prepared: any Sendable) { results.append(result) }
    public func finish(_ summary: ReportSummary) { self.summary = summary }
    public func abandon() {}
}
