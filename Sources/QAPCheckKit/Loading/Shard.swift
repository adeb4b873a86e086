/// One share of a batch split across machines (`--shard K/N`): shard K (1-based) of N takes the
/// K-th of N contiguous runs of the sorted input list, so the shards' reports, put side by side
/// in shard order, list the documents in the order one run over every input lists them.
public struct Shard: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `K/N`, as `--shard` takes it.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    /// The positions of this shard's files in a sorted list of `total`: as even as whole files allow.
    public func range(of total: Int) -> Range<Int> {
        (total * (index - 1) / count)..<(total * index / count)
    }

    public var description: String { "\(index)/\(count)" }
}
