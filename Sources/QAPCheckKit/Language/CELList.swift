import Synchronization

/// A CEL list: either values made by an expression, or the items of a document array, read in
/// place so that a rule over a document never copies it.
public struct CELList: Sendable {
    enum Storage: Sendable {
        case values([CELValue])
        case nodes(NodeArray)
        /// Some nodes of a document, by their numbers: what a filter keeps of a document list
        /// or a map picks from it.
        case picked(NodeSelection)
        /// A document array with values in or below its items that the schema check flagged.
        case guarded(GuardedNodes)
    }

    /// A document array and the flags of the values below it (boxed: rare, and it keeps
    /// `Storage`, and so every `CELValue`, small).
    final class GuardedNodes: Sendable {
        let items: NodeArray
        let flags: FlaggedValues
        init(_ items: NodeArray, _ flags: FlaggedValues) {
            self.items = items
            self.flags = flags
        }
    }

    let storage: Storage
    /// For a long list: a hash index from element to first position, built on the first search,
    /// so that `x in list` and `list.indexOf(x)` inside a per-item rule cost O(1), not O(n), and a
    /// rule over n items stays linear.
    private let search: ListSearch?

    public init(_ values: [CELValue]) {
        storage = .values(values)
        search = values.count >= ListSearch.threshold ? ListSearch() : nil
    }

    public init(nodes: NodeArray) {
        storage = .nodes(nodes)
        search = nodes.count >= ListSearch.threshold ? ListSearch() : nil
    }

    init(picked: NodeSelection) {
        storage = .picked(picked)
        search = picked.ids.count >= ListSearch.threshold ? ListSearch() : nil
    }

    init(nodes: NodeArray, flags: FlaggedValues) {
        storage = .guarded(GuardedNodes(nodes, flags))
        search = nodes.count >= ListSearch.threshold ? ListSearch() : nil
    }

    /// The first position holding a value equal to `element` (CEL equality), or nil.
    public func firstIndex(of element: CELValue) -> Int? {
        if let search, let key = MapKey(lookup: element), let table = search.table(of: self) {
            return table[key]
        }
        // A string is equal only to a string: compared in place, without making each item a
        // value and switching over every pair of types (`status in ['party', 'counsel']`).
        if case .string(let wanted) = element {
            switch storage {
            case .values(let values):
                for i in values.indices { if case .string(let s) = values[i], CELOperators.utf8Equal(s, wanted) { return i } }
                return nil
            case .nodes(let nodes):
                for i in 0..<nodes.count { if case .string(let s) = nodes.value(at: i), CELOperators.utf8Equal(s, wanted) { return i } }
                return nil
            case .picked(let picked):
                for i in picked.ids.indices { if case .string(let s) = picked.tree.value(of: picked.ids[i]), CELOperators.utf8Equal(s, wanted) { return i } }
                return nil
            case .guarded:
                break
            }
        }
        for i in 0..<count where CELOperators.equals(self[i], element) { return i }
        return nil
    }

    public static let empty = CELList([])

    public var count: Int {
        switch storage {
        case .values(let v): return v.count
        case .nodes(let n): return n.count
        case .picked(let p): return p.ids.count
        case .guarded(let g): return g.items.count
        }
    }

    public subscript(i: Int) -> CELValue {
        switch storage {
        case .values(let v): return v[i]
        case .nodes(let n): return CELValue(n.value(at: i))
        case .picked(let p): return CELValue(p.tree.value(of: p.ids[i]))
        case .guarded(let g): return FlaggedValues.value(g.items[i], under: g.flags.items[i])
        }
    }

    /// The document nodes behind the list, when it is made of them: where its items are.
    public var nodes: [Node]? {
        switch storage {
        case .values: return nil
        case .nodes(let n): return Array(n)
        case .picked(let p): return p.ids.map { Node(tree: p.tree, id: $0) }
        case .guarded(let g): return Array(g.items)
        }
    }

    /// For a list of document nodes the schema check flagged nothing in (so reading a node
    /// gives the list's value): their document, and the number of item `i` in it. A filter over
    /// such a list keeps numbers, not values, and two such lists join into one that still knows
    /// its nodes.
    var nodeTree: DocumentTree? {
        switch storage {
        case .nodes(let n): return n.tree
        case .picked(let p): return p.tree
        case .values, .guarded: return nil
        }
    }

    /// The tree's number for item `i`; only for a list with a `nodeTree`.
    func nodeID(at i: Int) -> Int32 {
        switch storage {
        case .nodes(let n): return n.id(at: i)
        case .picked(let p): return p.ids[i]
        case .values, .guarded: preconditionFailure("not a list of plain document nodes")
        }
    }

    public var values: [CELValue] {
        switch storage {
        case .values(let v): return v
        case .nodes(let n): return (0..<n.count).map { CELValue(n.value(at: $0)) }
        case .picked(let p): return p.ids.map { CELValue(p.tree.value(of: $0)) }
        case .guarded(let g): return (0..<g.items.count).map { FlaggedValues.value(g.items[$0], under: g.flags.items[$0]) }
        }
    }
}

extension CELList: Sequence {
    /// The items in order. A struct of its own: a boxed iterator (`AnyIterator`) cost an
    /// allocation per loop and an indirect call per item, in `sum`, `join` and every other loop
    /// over a list.
    public struct Iterator: IteratorProtocol {
        let list: CELList
        var position = 0

        public mutating func next() -> CELValue? {
            guard position < list.count else { return nil }
            defer { position += 1 }
            return list[position]
        }
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }

    public var underestimatedCount: Int { count }
}

/// The lazily built hash index of a long list. Elements that can be map keys (bool, string and
/// integral numbers, which compare across int, uint and double) are indexed; a query of such a
/// type can equal no other element, so the index answers it alone.
///
/// The first searches scan the list: hashing every element costs as much as some thirty to eighty
/// scans of a list of dossier size (measured: an index over a list of 40 case ids cost 40,000
/// instructions, a scan of it 500 to 1,000), and most lists are searched a few times, once per
/// reference or per item of a short list. A list searched again and again (from a per-item rule
/// over a long list) gets its index after `scansBeforeIndex` scans, so n searches still cost O(n)
/// in all.
final class ListSearch: Sendable {
    static let threshold = 16
    static let scansBeforeIndex = 32

    /// The index, once built: a box a lazily set reference can hold.
    private final class Table: Sendable {
        let positions: [MapKey: Int]
        init(_ positions: [MapKey: Int]) { self.positions = positions }
    }

    /// Atomics, not a lock: a search is made for every long list a rule makes or reads (a filter
    /// of thirty cases, a document's list of them), and a lock of its own was two more objects
    /// made and freed with each, a mutex set up and torn down, for a list most often searched
    /// never. Lists of constants are shared by the threads; two of them may both build the index
    /// once, and the first one stored is the one kept.
    private let scans = Atomic<Int>(0)
    private let table = AtomicLazyReference<Table>()

    /// The index of `list` (the list this search belongs to), built now if the list has been
    /// scanned often enough; nil: scan it this time.
    func table(of list: CELList) -> [MapKey: Int]? {
        if let built = table.load() { return built.positions }
        guard scans.wrappingAdd(1, ordering: .relaxed).oldValue >= Self.scansBeforeIndex else { return nil }
        var built: [MapKey: Int] = [:]
        built.reserveCapacity(list.count)
        for i in 0..<list.count {
            if let k = MapKey(lookup: list[i]), built[k] == nil { built[k] = i }
        }
        return table.storeIfNil(Table(built)).positions
    }
}
