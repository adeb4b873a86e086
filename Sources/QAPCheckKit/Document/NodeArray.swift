/// The items of an array node: a view of the document's tree, so a list read from a dossier
/// copies nothing but a reference.
public struct NodeArray: Sendable, RandomAccessCollection {
    /// The array's own node.
    let node: Node

    init(_ node: Node) { self.node = node }

    var tree: DocumentTree { node.tree }
    var id: Int32 { node.id }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(tree.entry(id).count) }

    public subscript(i: Int) -> Node { Node(tree: tree, id: self.id(at: i)) }

    /// The tree's number for item `i`.
    @inline(__always)
    func id(at i: Int) -> Int32 { tree.child(Int(tree.entry(id).payload) + i) }

    /// The data of item `i`.
    @inline(__always)
    func value(at i: Int) -> Node.Value { tree.value(of: id(at: i)) }
}

/// Some nodes of one document, in an order a rule chose: what a filter keeps of a document list
/// (`filter(c, ...)`) or a map picks from it (`map(c, c.id)`), so that a finding about one of
/// them still points at its place in the file.
final class NodeSelection: Sendable {
    let tree: DocumentTree
    let ids: [Int32]

    init(tree: DocumentTree, ids: [Int32]) {
        self.tree = tree
        self.ids = ids
    }
}
