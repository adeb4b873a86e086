import Foundation

/// Where a run's results go: a report, a history database, a test's array.
///
/// A run calls `prepare` on the worker thread that made a result, in parallel with other
/// documents, for the costly part of taking it (rendering a report's text); then `accept` on one
/// thread, strictly in file order; then `finish` once with the summary, or `abandon` when the run
/// stops before the end. A sink never sees a half-finished run as finished.
///
/// `commit` comes last, once every sink has finished: the step that makes the result visible (a
/// report's rename into place). Splitting it off means a sink that fails while finishing leaves
/// no other sink's result half-published.
public protocol ResultSink: AnyObject {
    /// The per-document work that may run on any thread, in parallel.
    var preparer: @Sendable (DocumentResult) -> any Sendable { get }
    func accept(_ result: DocumentResult, prepared: any Sendable) throws
    func finish(_ summary: ReportSummary) throws
    func commit() throws
    func abandon()
}

extension ResultSink {
    public func commit() throws {}
}

extension Array where Element == any ResultSink {
    /// What every run does with its sinks: `feed` hands each result to them (and counts it in the
    /// summary); then every sink finishes with the summary, and only then is each committed. When
    /// anything fails, the sinks not yet committed are abandoned and a `SinkFailure` says which
    /// had been.
    func run(finishedAt: () -> Date, _ feed: (inout ReportSummary) throws -> Void) throws(SinkFailure) -> ReportSummary {
        var summary = ReportSummary()
        var committed = 0
        do {
            try feed(&summary)
            summary.finishedAt = finishedAt()
            for sink in self { try sink.finish(summary) }
            for sink in self {
                try sink.commit()
                committed += 1
            }
        } catch {
            self[committed...].forEach { $0.abandon() }
            throw SinkFailure(error: error, committed: [Int](0..<committed))
        }
        return summary
    }
}

/// A sink failed; `committed` are the indices of the sinks that had already published their
/// result (a report renamed into place) and keep it.
public struct SinkFailure: Error, CustomStringConvertible {
    public let error: any Error
    public let committed: [Int]
    public var description: String { "\(error)" }
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
