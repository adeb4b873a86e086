import Foundation

/// Counts over all documents of a run; accumulated as results stream past.
public struct ReportSummary: Sendable, Equatable, Codable {
    public var documents = 0
    public var pass = 0
    public var fail = 0
    public var error = 0
    public var deviations = 0
    public var errors = 0
    public var warnings = 0
    /// Findings where a rule could not be decided (outcome `indeterminate`).
    public var indeterminate = 0
    /// Deviations an exemption covered.
    public var exempt = 0
    /// Notices of dates falling due soon.
    public var notices = 0
    /// The places (`file:line:column`) of the exemptions that covered something.
    public private(set) var usedExemptions: Set<String> = []
    /// Per rule, in the order rules first appear, the count of documents with each outcome.
    public private(set) var byRule: [(rule: RuleID, counts: OutcomeCounts)] = []
    private var byRuleIndex: [RuleID: Int] = [:]
    /// The files that could not be read, with why; few in any real batch, and SARIF lists them.
    /// Not written with the counts: a report's documents already hold them.
    public var unreadable: [Unreadable] = []
    /// For JUnit's totals: the rules evaluated over all documents (its test cases; an unreadable
    /// document counts one), those of them with an error deviation, and those with warnings only.
    public var rulesEvaluated = 0
    public var rulesWithErrors = 0
    public var rulesWithWarningsOnly = 0
    /// The documents' reading and judging time, added up (not part of the summary's identity).
    public var seconds = 0.0
    /// Items a capped report left out (SARIF results past its limit); set by the report's stream.
    public var itemsLeftOut = 0
    /// The documents read that raised no deviation: the ones a report can fold away.
    public var clean = 0
    /// When the run finished: after the last document was delivered, before the reports end.
    public var finishedAt: Date?

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
        indeterminate += r.indeterminateCount
        exempt += r.exemptCount
        notices += r.noticeCount
        for d in r.deviations { if let e = d.exemption { usedExemptions.insert(e.place) } }
        // Read where they lie: a loop over the outcomes copied each (a retain and a release of its
        // id and period), on the thread that delivers every document.
        r.outcomes.withUnsafeBufferPointer { outcomes in
            for k in outcomes.indices {
                let i: Int
                // Every document lists its outcomes in rule set order, so the k-th is almost
                // always the rule already k-th here: compared, not hashed.
                if k < byRule.count, byRule[k].rule == outcomes[k].rule { i = k } else if let known = byRuleIndex[outcomes[k].rule] { i = known } else {
                    i = byRule.count
                    byRuleIndex[outcomes[k].rule] = i
                    byRule.append((outcomes[k].rule, OutcomeCounts()))
                }
                byRule[i].counts.add(outcomes[k].outcome)
            }
        }
        seconds += r.seconds
        if r.error != nil {
            rulesEvaluated += 1
            return
        }
        if r.deviations.isEmpty { clean += 1 }
        // A notice is no failure (its rule passed); an exempt-only rule is a test case of its own.
        rulesEvaluated += r.outcomes.isEmpty
            ? r.passed.count + r.skipped.count + Set(r.deviations.filter { $0.outcome != .pass }.map(\.rule)).count
            : r.outcomes.count
        let failing = Dictionary(grouping: r.deviations.filter { $0.outcome == .fail || $0.outcome == .indeterminate }, by: \.rule)
        for deviations in failing.values {
            if deviations.contains(where: { $0.severity == .error }) { rulesWithErrors += 1 } else { rulesWithWarningsOnly += 1 }
        }
    }

    /// Equal counts, as reports write them; the JUnit tallies and the time follow from the
    /// documents and are not written with the counts, so a summary read back still equals.
    public static func == (a: ReportSummary, b: ReportSummary) -> Bool {
        a.documents == b.documents && a.pass == b.pass && a.fail == b.fail && a.error == b.error && a.deviations == b.deviations
            && a.errors == b.errors && a.warnings == b.warnings && a.unreadable == b.unreadable
    }

    /// The counts in one line, as the text report, the GitHub log and the cron line end:
    /// "3 documents: 1 pass, 2 fail, 0 error; 5 deviations (4 errors, 1 warning, 1 not decided); 2 due soon".
    public var countsLine: String {
        func n(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        return "\(n(documents, "document")): \(pass) pass, \(fail) fail, \(error) error; "
            + "\(n(deviations, "deviation")) (\(n(errors, "error")), \(n(warnings, "warning"))"
            + (indeterminate > 0 ? ", \(indeterminate) not decided" : "") + ")"
            + (notices > 0 ? "; \(notices) due soon" : "")
    }

    /// Every rule's outcome on every readable document, counted by outcome.
    public var outcomeTotals: [Outcome: Int] {
        byRule.reduce(into: [:]) { totals, rule in for (o, n) in rule.counts { totals[o, default: 0] += n } }
    }

    /// The totals in words, in the order of `Outcome.allCases`: "950 pass, 30 fail, …".
    public var outcomeLine: String {
        let totals = outcomeTotals
        return Outcome.allCases.map { "\(totals[$0] ?? 0) \($0.words)" }.joined(separator: ", ")
    }

    /// The exit status cli.md specifies: 0 all passed, 1 some failed and none unreadable,
    /// 2 some unreadable.
    public var exitStatus: Int32 { error > 0 ? 2 : (fail > 0 ? 1 : 0) }
}
