/// A regular expression compiled for a Thompson simulation (the way RE2 guarantees its bound):
/// every position of the text is visited once, with at most one thread per instruction, so a
/// search costs at most the text's length times the program's size, whatever the pattern.
/// No backtracking, so no pattern can take exponential time.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case scalar(UInt32)
        case set(Int)
        case split(Int, Int)
        case jump(Int)
        case assertion(RegexAssertion)
        case match
    }

    private(set) var instructions: [Instruction] = []
    private(set) var sets: [ScalarSet] = []

    /// RE2 refuses programs much past this size; a counted repetition of a counted repetition
    /// would otherwise ask for millions of instructions.
    static let maxInstructions = 100_000

    /// A budget unit buys 16 steps (a step is one thread moved past one scalar), as a unit buys
    /// 16 bytes of a built string.
    static let stepsPerUnitShift = 4

    init(_ node: RegexNode) throws(RegexSyntaxError) {
        try emit(node)
        instructions.append(.match)
    }

    private mutating func append(_ instruction: Instruction) throws(RegexSyntaxError) {
        guard instructions.count < Self.maxInstructions else {
            throw RegexSyntaxError(message: "the pattern is too large (over \(Self.maxInstructions) steps once its repetitions are expanded)", offset: 0)
        }
        instructions.append(instruction)
    }

    private mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty:
            break
        case .scalar(let c, let foldCase):
            if foldCase {
                sets.append(ScalarSet(items: CaseVariants.of(c).map { .range($0, $0) }))
                try append(.set(sets.count - 1))
            } else {
                try append(.scalar(c))
            }
        case .set(let set):
            sets.append(set)
            try append(.set(sets.count - 1))
        case .assertion(let a):
            try append(.assertion(a))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternate(let branches):
            // split L1, next; L1: a; jump end; next: split L2, ...
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = instructions.count
                    try append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(instructions.count)
                    try append(.jump(-1))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumps { instructions[j] = .jump(instructions.count) }
        case .repeat(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Each optional copy: split into it or past all the rest.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(instructions.count)
                    try append(.split(instructions.count + 1, -1))
                    try emit(inner)
                }
                for s in splits { instructions[s] = .split(s + 1, instructions.count) }
            } else {
                // loop: split body, out; body; jump loop
                let loop = instructions.count
                try append(.split(loop + 1, -1))
                try emit(inner)
                try append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
            }
        }
    }

    /// Whether the pattern occurs anywhere in `text`; nil when the work done (threads advanced,
    /// counted in `steps`) passes `limit` first.
    func matches(_ text: String.UnicodeScalarView, steps: inout Int, limit: Int) -> Bool? {
        var current = ThreadList(capacity: instructions.count)
        var next = ThreadList(capacity: instructions.count)
        var stack: [Int] = []
        var before: UInt32? = nil
        var index = text.startIndex
        while true {
            let after: UInt32? = index < text.endIndex ? text[index].value : nil
            // A new thread at every position: the search is unanchored.
            if addThread(0, to: &current, before: before, after: after, stack: &stack) { return true }
            guard let c = after else { return false }
            steps += current.count
            if steps > limit { return nil }
            let nextIndex = text.index(after: index)
            let afterNext: UInt32? = nextIndex < text.endIndex ? text[nextIndex].value : nil
            for k in 0..<current.count {
                let pc = current.dense[k]
                let advances: Bool
                switch instructions[pc] {
                case .scalar(let s): advances = s == c
                case .set(let i): advances = sets[i].contains(c)
                default: advances = false
                }
                if advances {
                    if addThread(pc + 1, to: &next, before: c, after: afterNext, stack: &stack) { return true }
                }
            }
            swap(&current, &next)
            next.clear()
            before = c
            index = nextIndex
        }
    }

    /// Adds `start` and every instruction reachable from it without reading a scalar to `list`;
    /// true when that reaches `match`. An explicit stack, so a large program cannot overflow.
    private func addThread(_ start: Int, to list: inout ThreadList, before: UInt32?, after: UInt32?, stack: inout [Int]) -> Bool {
        stack.append(start)
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch instructions[pc] {
            case .match:
                stack.removeAll(keepingCapacity: true)
                return true
            case .jump(let to):
                stack.append(to)
            case .split(let a, let b):
                stack.append(b)
                stack.append(a)
            case .assertion(let a):
                if a.holds(before: before, after: after) { stack.append(pc + 1) }
            case .scalar, .set:
                break
            }
        }
        return false
    }
}

/// A set of instruction indices with constant-time insert and clear (a sparse set), in insertion
/// order: one per text position, reused.
struct ThreadList {
    private(set) var dense: [Int]
    private var sparse: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        dense = [Int](repeating: 0, count: capacity)
        sparse = [Int](repeating: 0, count: capacity)
    }

    mutating func insert(_ pc: Int) -> Bool {
        let i = sparse[pc]
        if i < count && dense[i] == pc { return false }
        sparse[pc] = count
        dense[count] = pc
        count += 1
        return true
    }

    mutating func clear() { count = 0 }
}
