/// The batch's list of inputs: sorted in byte order, each file once, read one path at a time.
///
/// A list within the memory budget is held in one buffer; a longer one lives in two unlinked
/// temporary files (the paths back to back, and where each ends), read by position. So the
/// memory of a run does not grow with the number of its inputs: a million paths cost what a
/// few thousand do. Workers read it from their own threads; the files are only ever read.
public struct PathList: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case memory(ByteStrings)
        case disk(SpilledPaths)
    }

    private let storage: Storage
    /// Stored positions left out (a second name of a file already listed), ascending.
    private let dropped: [Int]
    /// The positions, after dropping, that this list serves: all, or a shard's share.
    private var window: Range<Int>

    public init() { self.init(storage: .memory(ByteStrings()), count: 0, dropped: []) }

    private init(storage: Storage, count: Int, dropped: [Int]) {
        self.storage = storage
        self.dropped = dropped
        self.window = 0..<(count - dropped.count)
    }

    /// Whether the list went to disk.
    var isSpilled: Bool {
        if case .disk = storage { return true }
        return false
    }

    /// Keeps only a shard's share of the (sorted) list.
    public mutating func keep(_ shard: Shard) {
        let share = shard.range(of: count)
        window = (window.lowerBound + share.lowerBound)..<(window.lowerBound + share.upperBound)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { window.count }

    public subscript(position: Int) -> InputPath {
        let stored = Self.storedPosition(of: window.lowerBound + position, skipping: dropped)
        switch storage {
        case .memory(let strings): return InputPath(bytes: Array(strings[stored]))
        case .disk(let paths): return paths[stored]
        }
    }

    /// The stored position of the `kept`-th path that is not dropped. `dropped[j] - j` never
    /// decreases, so the dropped positions before it are found by binary search.
    static func storedPosition(of kept: Int, skipping dropped: [Int]) -> Int {
        var low = 0, high = dropped.count
        while low < high {
            let mid = (low + high) / 2
            if dropped[mid] - mid <= kept { low = mid + 1 } else { high = mid }
        }
        return kept + low
    }

    /// Takes sorted, distinct paths one at a time, in memory until they pass the budget.
    struct Builder {
        let policy: SpillPolicy
        private var memory = ByteStrings()
        private var spilled: (text: SpillWriter, ends: SpillWriter)?
        /// Set when the folder took no file: the list then stays in memory.
        private var diskRefused = false
        private(set) var count = 0

        init(_ policy: SpillPolicy) { self.policy = policy }

        mutating func append(_ path: UnsafeBufferPointer<UInt8>) throws(InputError) {
            if spilled == nil, !diskRefused, memory.footprint + path.count > policy.budget {
                guard let textFile = policy.file(), let endsFile = policy.file() else {
                    diskRefused = true
                    memory.append(path)
                    count += 1
                    return
                }
                var text = SpillWriter(textFile), ends = SpillWriter(endsFile)
                for i in 0..<memory.count {
                    try memory[i].withUnsafeBufferPointer { (p) throws(InputError) in try text.append(p) }
                    try ends.append(littleEndian: UInt64(text.size))
                }
                spilled = (text, ends)
                memory = ByteStrings()
            }
            if spilled != nil {
                try spilled!.text.append(path)
                try spilled!.ends.append(littleEndian: UInt64(spilled!.text.size))
            } else {
                memory.append(path)
            }
            count += 1
        }

        /// The list, less the stored positions in `dropped` (ascending).
        mutating func finish(dropping dropped: [Int]) throws(InputError) -> PathList {
            guard var files = spilled else { return PathList(storage: .memory(memory), count: count, dropped: dropped) }
            try files.text.flush()
            try files.ends.flush()
            return PathList(storage: .disk(SpilledPaths(text: files.text.file, ends: files.ends.file)), count: count, dropped: dropped)
        }
    }
}

/// The paths of a list past the memory budget: their bytes back to back in one file, and in the
/// other where each ends (a 64-bit offset per path).
private final class SpilledPaths: Sendable {
    let text: SpillFile
    let ends: SpillFile

    init(text: SpillFile, ends: SpillFile) {
        self.text = text
        self.ends = ends
    }

    subscript(position: Int) -> InputPath {
        do {
            var offsets: [UInt8] = []
            let first = max(0, position - 1)
            try ends.read(into: &offsets, count: position == 0 ? 8 : 16, at: first * 8)
            func offset(_ k: Int) -> Int { Int(UInt64(littleEndianBytes: offsets[k * 8..<k * 8 + 8])) }
            let start = position == 0 ? 0 : offset(0)
            let end = offset(position == 0 ? 0 : 1)
            var bytes: [UInt8] = []
            try text.read(into: &bytes, count: end - start, at: start)
            return InputPath(bytes: bytes)
        } catch {
            // The files are this run's own and only ever read; a read that fails (a disk error)
            // leaves a path no file has, so the batch reports that input as unreadable rather
            // than stopping or losing it silently.
            return InputPath("<input \(position + 1) of the list: \(error.message)>")
        }
    }
}
