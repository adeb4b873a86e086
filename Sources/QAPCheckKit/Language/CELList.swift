import Synchronization

/// A CEL list: either values made by an expression, or the items of a document array, read in
/// place so that a rule over a document never copies it.
public struct CELList: Sendable {
    enum Storage: Sendable {
        case values([CELValue])
        case nodes([Node])
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

    /// The first position holding a value equal to `element` (CEL equality), or nil.
    public func firstIndex(of element: CELValue) -> Int? {
        if let search, let key = MapKey(lookup: element) {
            return search.firstIndex(of: key, in: self)
        }
        for i in 0..<count where CELOperators.equals(self[i], element) { return i }
        return nil
    }

    public static let empty = CELList([])

    public var count: Int {
        switch storage {
        case .values(let v): return v.count
        case .nodes(let n): return n.count
        }
    }

    public subscript(i: Int) -> CELValue {
        switch storage {
        case .values(let v): return v[i]
        case .nodes(let n): return CELValue(n[i].value)
        }
    }

    /// The document nodes behind the list, when it is a document array.
    public var nodes: [Node]? {
        if case .nodes(let n) = storage { return n }
        return nil
    }

    public var values: [CELValue] {
        switch storage {
        case .values(let v): return v
        case .nodes(let n): return n.map(CELValue.init(node:))
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
final class ListSearch: Sendable {
    static let threshold = 16

    private let table = Mutex<[MapKey: Int]?>(nil)

    func firstIndex(of key: MapKey, in list: CELList) -> Int? {
        table.withLock { table in
            if table == nil {
                var built: [MapKey: Int] = [:]
                built.reserveCapacity(list.count)
                for i in 0..<list.count {
                    if let k = MapKey(lookup: list[i]), built[k] == nil { built[k] = i }
                }
                table = built
            }
            return table?[key]
        }
    }
}
