/// A CEL list: either values made by an expression, or the items of a document array, read in
/// place so that a rule over a document never copies it.
public struct CELList: Sendable {
    enum Storage: Sendable {
        case values([CELValue])
        case nodes([Node])
    }

    let storage: Storage

    public init(_ values: [CELValue]) { storage = .values(values) }
    public init(nodes: [Node]) { storage = .nodes(nodes) }

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
