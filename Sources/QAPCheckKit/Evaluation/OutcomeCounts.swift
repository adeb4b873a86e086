/// How many documents had each outcome for one rule: a counter per outcome, not a dictionary,
/// since a run adds to it once per rule per document and hashing the outcome's name each time
/// was a percent of the run.
public struct OutcomeCounts: Sendable, Equatable, Sequence {
    /// The outcomes in the order of their counters (`allCases` makes a new array on each call).
    private static let order = Outcome.allCases
    private var counts = [Int](filledWith: 0, count: OutcomeCounts.order.count)

    public init() {}

    /// The count of `outcome`; nil when no document had it (as a dictionary of counts would).
    public subscript(outcome: Outcome) -> Int? {
        let n = counts[Self.order.firstIndex(of: outcome)!]
        return n == 0 ? nil : n
    }

    mutating func add(_ outcome: Outcome) { counts[Self.place(of: outcome)] += 1 }

    /// The counter of `outcome`: its place in `Outcome.allCases`, found without searching the
    /// list (a batch adds one outcome per rule per document, on the thread that delivers them).
    @inline(__always)
    private static func place(of outcome: Outcome) -> Int {
        switch outcome {
        case .pass: 0
        case .fail: 1
        case .notApplicable: 2
        case .indeterminate: 3
        case .exempt: 4
        }
    }

    /// The outcomes some document had, with their counts, in `Outcome.allCases` order.
    public func makeIterator() -> IndexingIterator<[(Outcome, Int)]> {
        zip(Self.order, counts).filter { $0.1 > 0 }.makeIterator()
    }
}
