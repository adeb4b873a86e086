import Foundation

/// `qapcheck merge`: the shards of one batch made into the report one run over every input would
/// have written (but for the run's times).
///
/// Every part is checked before a document is read: one tool version, rule set digest, as-of
/// date, phase, `--fail-on`, exemptions digest and shard count, and each shard from 1 to N
/// exactly once. The header is rebuilt from the same rule set and exemptions, whose digests must
/// be the parts'; the documents then go to the sinks in shard order, which is the batch's order.
public struct ShardMerge: Sendable {
    /// The parts, in shard order.
    public let parts: [ShardReport]
    /// What every report of the merged batch states.
    public let info: RunInfo
    private let finishedAt: Date?

    public init(parts unordered: [ShardReport], ruleSet: RuleSet, exemptions: ExemptionSet, pathBase: String?) throws(MergeError) {
        guard let first = unordered.first else { throw MergeError(nil, "name the parts to merge") }
        for part in unordered where part.header.shard == nil {
            throw MergeError(part.path, "not a shard's report (it names no shard: run validate with --shard K/N)")
        }
        try Self.agree(unordered)
        let count = first.header.shard!.count
        var byIndex: [Int: ShardReport] = [:]
        for part in unordered {
            let index = part.header.shard!.index
            if let other = byIndex[index] { throw MergeError(nil, "shard \(index)/\(count) is given twice: \(other.path) and \(part.path)") }
            byIndex[index] = part
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw MergeError(nil, "shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing")
        }
        parts = (1...count).map { byIndex[$0]! }
        let header = first.header
        guard ruleSet.digest == header.ruleSet.digest else {
            throw MergeError(nil, "the parts were judged by the rule set \(header.ruleSet.name) \(header.ruleSet.version) (\(header.ruleSet.digest)); "
                             + "the rule set given is \(ruleSet.name) \(ruleSet.version) (\(ruleSet.digest)): give the shards' --rules")
        }
        if let used = header.exemptions, used.digest != exemptions.digest {
            throw MergeError(nil, "the parts were judged with the exemptions \(used.file) (\(used.digest)); "
                             + (exemptions.file.isEmpty ? "give that file with --exemptions" : "\(exemptions.file) is \(exemptions.digest)"))
        }
        if header.exemptions == nil, !exemptions.file.isEmpty {
            throw MergeError(nil, "the parts were judged without exemptions; \(exemptions.file) was given")
        }
        var context = EvaluationContext(asOf: header.asOf, phase: header.phase, failOn: header.failOn ?? .error)
        context.exemptions = exemptions
        var info = RunInfo(ruleSet: ruleSet, context: context)
        info.pathBase = pathBase
        info.startedAt = parts.compactMap { $0.header.run.flatMap { RunRecord.date($0.startedAt) } }.min()
        self.info = info
        finishedAt = parts.compactMap { $0.header.run.flatMap { RunRecord.date($0.finishedAt) } }.max()
    }

    /// The parts must come from one batch: each of these the same in every part.
    private static func agree(_ parts: [ShardReport]) throws(MergeError) {
        let first = parts[0]
        let checks: [(String, (ShardReport.Header) -> String)] = [
            ("tool version", { $0.tool?.version ?? "unknown" }),
            ("rule set digest", { $0.ruleSet.digest }),
            ("as-of date", { $0.asOf.description }),
            ("phase", { $0.phase.rawValue }),
            ("--fail-on", { $0.failOn?.rawValue ?? "error" }),
            ("exemptions digest", { $0.exemptions?.digest ?? "none" }),
            ("shard count", { String($0.shard?.count ?? 0) }),
        ]
        for (what, value) in checks {
            for part in parts.dropFirst() where value(part.header) != value(first.header) {
                throw MergeError(nil, "the parts differ in \(what): \(first.path) has \(value(first.header)), \(part.path) has \(value(part.header))")
            }
        }
    }

    /// Sends every document, in shard order, to every sink, then finishes and commits them, as a
    /// run does; returns the merged summary. The parts' lines are decoded, and what each sink
    /// needs of a document prepared, on `jobs` threads.
    @discardableResult
    public func execute(into sinks: [any ResultSink], jobs: Int = 1) throws(SinkFailure) -> ReportSummary {
        // A JSON object does not keep its keys' order: outcomes come back in rule set order.
        let order = info.rules.map(\.id)
        let preparers = sinks.map(\.preparer)
        return try sinks.run(finishedAt: { finishedAt ?? Date() }) { summary in
            for part in parts {
                try part.forEachDocument(jobs: jobs, transform: { read in
                    var document = read
                    let decided = Dictionary(document.outcomes.map { ($0.rule, $0) }, uniquingKeysWith: { a, _ in a })
                    if decided.count == order.count { document.outcomes = order.compactMap { decided[$0] } }
                    return (document, preparers.map { $0(document) })
                }) { document, prepared in
                    summary.add(document)
                    for (sink, item) in zip(sinks, prepared) { try sink.accept(document, prepared: item) }
                }
            }
        }
    }
}
