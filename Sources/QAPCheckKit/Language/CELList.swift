
/// A CEL list: either values made by an expression, or the items of a document array, read in
/// place so that a rule over a document never copies it.
public struct CELList: Sendable {
    enum Storage: Sendable {
        case values([CELValue])
        case nodes([Node])
        /// Some items of a document array, by position: what a filter keeps. Keeping positions
        /// rather than the nodes costs no copy of each node kept (three counted parts each).
        case picked([Node], [Int32])
        /// A document array with values in or below its items that the schema check flagged.
        case guarded([Node], FlaggedValues)
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

    public init(nodes: [Node]) {
        storage = .nodes(nodes)
        search = nodes.count >= ListSearch.threshold ? ListSearch() : nil
    }

    /// The items of `nodes` at `positions`, in that order.
    init(picking positions: [Int32], from nodes: [Node]) {
        storage = .picked(nodes, positions)
        search = positions.count >= ListSearch.threshold ? ListSearch() : nil
    }

    init(nodes: [Node], flags: FlaggedValues) {
        storage = .guarded(nodes, flags)
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
                for i in nodes.indices { if case .string(let s) = nodes.value(at: i), CELOperators.utf8Equal(s, wanted) { return i } }
                return nil
            case .picked(let nodes, let positions):
                for i in positions.indices { if case .string(let s) = nodes.value(at: Int(positions[i])), CELOperators.utf8Equal(s, wanted) { return i } }
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
        case .nodes(let n), .guarded(let n, _): return n.count
        case .picked(_, let p): return p.count
        }
    }

    public subscript(i: Int) -> CELValue {
        switch storage {
        case .values(let v): return v[i]
        case .nodes(let n): return CELValue(n.value(at: i))
        case .picked(let n, let p): return CELValue(n.value(at: Int(p[i])))
        case .guarded(let n, let flags): return FlaggedValues.value(n[i], under: flags.items[i])
        }
    }

    /// The document nodes behind the list, when it is a document array: where its items are.
    public var nodes: [Node]? {
        if case .guarded(let n, _) = storage { return n }
        return plainNodes
    }

    /// The document nodes behind the list when reading them gives the list's values, so a new
    /// list of some of them reads the same (not so for a list with flagged values).
    var plainNodes: [Node]? {
        guard let (source, positions) = nodeSelection else { return nil }
        return positions.map { $0.map { source[Int($0)] } } ?? source
    }

    /// For a list of document nodes the schema check flagged nothing in: the array its items
    /// come from, and their positions in it (nil: all of it, in order). A filter over it keeps
    /// positions, not nodes.
    var nodeSelection: (source: [Node], positions: [Int32]?)? {
        switch storage {
        case .nodes(let n): return (n, nil)
        case .picked(let n, let p): return (n, p)
        case .values, .guarded: return nil
        }
    }

    public var values: [CELValue] {
        switch storage {
        case .values(let v): return v
        case .nodes(let n): return n.map(CELValue.init(node:))
        case .picked(let n, let p): return p.map { CELValue(n.value(at: Int($0))) }
        case .guarded(let n, let flags): return n.indices.map { FlaggedValues.value(n[$0], under: flags.items[$0]) }
        }
    }
}

extension CELList: Sequence {
    public func makeIterator() -> AnyIterator<CELValue> {
        var i = 0
        return AnyIterator {
            guard i < count else { return nil }
            defer { i += 1 }
            return self[i]
        }
    }
}

/// The lazily built hash index of a long list. Elements that can be map keys (bool, string and
/// integral numbers, which compare across int, uint and double) are indexed; a query of such a
/// type can equal no other element, so the index answers it alone.
///
/// The first few searches scan the list: most lists are searched once or twice, where hashing
/// every element would cost more than it saves. A list searched again and again (from a per-item
/// rule) gets its index on the next search, so n searches cost O(n) in all.
final class ListSearch: Sendable {
    static let threshold = 16
    static let scansBeforeIndex = 4

    private struct State {
        var scans = 0
        var table: [MapKey: Int]?
    }

    private let state = Locked(State())

    /// The index of `list` (the list this search belongs to), built now if the list has been
    /// scanned often enough; nil: scan it this time.
    func table(of list: CELList) -> [MapKey: Int]? {
        state.withLock { state in
            if let table = state.table { return table }
            guard state.scans >= Self.scansBeforeIndex else {
                state.scans += 1
                return nil
            }
            var built: [MapKey: Int] = [:]
            built.reserveCapacity(list.count)
            for i in 0..<list.count {
                if let k = MapKey(lookup: list[i]), built[k] == nil { built[k] = i }
            }
            state.table = built
            return built
        }
    }
}
