/// How many documents had each outcome for one rule: a counter per outcome, not a dictionary,
/// since a run adds to it once per rule per document and hashing the outcome's name each time
/// was a percent of the run.
public struct OutcomeCounts: Sendable, Equatable, Sequence {
    private var counts: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)

    public init() {}

    /// The count of `outcome`; nil when no document had it (as a dictionary of counts would).
    public subscript(outcome: Outcome) -> Int? {
        let n: Int
        switch outcome {
        case .pass: n = counts.0
        case .fail: n = counts.1
        case .notApplicable: n = counts.2
        case .indeterminate: n = counts.3
        case .exempt: n = counts.4
        }
        return n == 0 ? nil : n
    }

    mutating func add(_ outcome: Outcome) {
        switch outcome {
        case .pass: counts.0 += 1
        case .fail: counts.1 += 1
        case .notApplicable: counts.2 += 1
        case .indeterminate: counts.3 += 1
        case .exempt: counts.4 += 1
        }
    }

    public static func == (a: OutcomeCounts, b: OutcomeCounts) -> Bool { a.counts == b.counts }

    /// The outcomes some document had, with their counts, in `Outcome.allCases` order.
    public func makeIterator() -> IndexingIterator<[(Outcome, Int)]> {
        Outcome.allCases.compactMap { o in self[o].map { (o, $0) } }.makeIterator()
    }
}
