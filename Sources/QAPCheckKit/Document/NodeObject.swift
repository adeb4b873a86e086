/// The members of an object node, in the order they were written: a view of the document's
/// tree, so reading an object copies nothing but a reference.
public struct NodeObject: Sendable {
    public struct Member: Sendable {
        public let key: String
        public let value: Node
        /// Where the member's name was written (the JSON key, or the XML attribute or element).
        public let keyLocation: SourceLocation
    }

    /// The object's own node.
    let node: Node

    init(_ node: Node) { self.node = node }

    var tree: DocumentTree { node.tree }
    var id: Int32 { node.id }

    /// Where the members are in the tree's `children`.
    @inline(__always)
    private var start: Int { Int(tree.entry(id).payload) }

    public var count: Int { Int(tree.entry(id).count) }

    public var keys: [String] { (0..<count).map { key(at: $0) } }

    /// Every member, made whole: for listings and diagnostics; rules read members in place.
    public var members: [Member] {
        let start = self.start
        return (0..<count).map { i in
            Member(key: key(at: i), value: node(at: i), keyLocation: tree.keyLocation(start + i))
        }
    }

    public subscript(key: String) -> Node? {
        position(of: key).map { node(at: $0) }
    }

    /// Where the member named `key` is (0 for the first member).
    @inline(__always)
    public func position(of key: String) -> Int? {
        let e = tree.entry(id)
        return tree.position(of: key, in: id, start: Int(e.payload), count: Int(e.count))
    }

    /// The name of the member at `position`.
    @inline(__always)
    func key(at position: Int) -> String { tree.key(start + position) }

    /// The node of the member at `position`.
    @inline(__always)
    func node(at position: Int) -> Node { Node(tree: tree, id: tree.child(start + position)) }

    /// The data of the member at `position`.
    @inline(__always)
    func value(at position: Int) -> Node.Value { tree.value(of: tree.child(start + position)) }
}
