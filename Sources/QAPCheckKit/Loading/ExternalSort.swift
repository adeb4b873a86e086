/// Sorts byte strings in byte order, each distinct one once, holding at most `budget` bytes of
/// them in memory. Past the budget, the strings in hand are sorted and written out as a run (an
/// unlinked temporary file), and the runs are merged at the end: the input list of a run over a
/// million dossiers costs the memory of one over a few thousand, and a list that fits the budget
/// never touches the disk.
struct ExternalSort {
    let policy: SpillPolicy
    private var chunk = ByteStrings()
    private var runs: [(file: SpillFile, size: Int)] = []
    /// Set when the folder took no file: the strings then stay in memory.
    private var diskRefused = false

    init(_ policy: SpillPolicy) { self.policy = policy }

    /// Whether anything went past the budget onto the disk.
    var spilled: Bool { !runs.isEmpty }

    mutating func add(_ record: UnsafeBufferPointer<UInt8>) throws(InputError) {
        chunk.append(record)
        if chunk.footprint >= policy.budget, !diskRefused { try spill() }
    }

    mutating func add(_ record: [UInt8]) throws(InputError) {
        try record.withUnsafeBufferPointer { (r) throws(InputError) in try add(r) }
    }

    /// Writes the chunk in hand as one sorted run: a length (8 bytes) and the bytes, per string.
    private mutating func spill() throws(InputError) {
        guard let file = policy.file() else {
            // No temporary file here: the strings stay in memory, and the runs made so far
            // are merged with them at the end.
            diskRefused = true
            return
        }
        var writer = SpillWriter(file)
        try chunk.forEachSortedUnique { (record) throws(InputError) in try writer.append(record: record) }
        try writer.flush()
        runs.append((writer.file, writer.size))
        chunk = ByteStrings()
        if runs.count >= Self.maxRuns { try mergeRuns() }
    }

    /// The most runs merged at once: each holds a block in memory while merging, so past this
    /// many the runs are first merged into one, and memory stays bounded however long the list.
    static let maxRuns = 32

    /// Merges every run into one.
    private mutating func mergeRuns() throws(InputError) {
        guard let file = policy.file() else { return }
        var writer = SpillWriter(file)
        var merge = try RunMerge(runs.map { SpillReader($0.file, size: $0.size) })
        while let record = try merge.next() {
            try record.withUnsafeBufferPointer { (r) throws(InputError) in try writer.append(record: r) }
        }
        try writer.flush()
        runs = [(writer.file, writer.size)]
    }

    /// Every distinct string, in byte order.
    mutating func forEach(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) {
        guard spilled else { return try chunk.forEachSortedUnique(body) }
        if !chunk.isEmpty { try spill() }
        var readers = runs.map { SpillReader($0.file, size: $0.size) }
        if !chunk.isEmpty {
            // The folder refused a file after earlier runs: the rest joins the merge from memory.
            var run: [UInt8] = []
            try chunk.forEachSortedUnique { record in
                run += UInt64(record.count).littleEndianBytes
                run.append(contentsOf: record)
            }
            readers.append(SpillReader(bytes: run))
        }
        var merge = try RunMerge(readers)
        var previous: [UInt8]?
        while let record = try merge.next() {
            if record == previous { continue }
            try record.withUnsafeBufferPointer { (r) throws(InputError) in try body(r) }
            previous = record
        }
    }
}

/// The k-way merge of sorted runs: a binary heap of the runs, ordered by the string each has
/// next, so each string costs a few comparisons however many runs there are.
private struct RunMerge {
    private var readers: [SpillReader]
    private var heads: [[UInt8]]
    private var heap: [Int] = []

    init(_ readers: [SpillReader]) throws(InputError) {
        self.readers = readers
        heads = Array(repeating: [], count: readers.count)
        for i in readers.indices where !readers[i].isAtEnd {
            heads[i] = try Self.read(&self.readers[i])
            heap.append(i)
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    private static func read(_ reader: inout SpillReader) throws(InputError) -> [UInt8] {
        let length = Int(try reader.takeUInt64())
        return Array(try reader.take(length))
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heads[heap[a]].withUnsafeBufferPointer { x in heads[heap[b]].withUnsafeBufferPointer { y in ByteStrings.compare(x, y) < 0 } }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < heap.count, less(l, smallest) { smallest = l }
            if r < heap.count, less(r, smallest) { smallest = r }
            if smallest == i { return }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }

    /// The smallest string not yet taken, from whichever run holds it.
    mutating func next() throws(InputError) -> [UInt8]? {
        guard let top = heap.first else { return nil }
        let record = heads[top]
        if readers[top].isAtEnd {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        } else {
            heads[top] = try Self.read(&readers[top])
        }
        if !heap.isEmpty { siftDown(0) }
        return record
    }
}
