/// Reading a tree's nodes where they lie.
///
/// `array[i].value`, or passing `array[i]` to a function, copies the whole node out first: a
/// retain and a release of its data, its pointer segment and its token, for every value a walk or
/// a rule reads. The hot readers (the schema walk, the redaction's walk, the rule language's
/// field and item reads) go through these instead, which read only what they need, in place.
extension Array where Element == Node {
    /// The data of the node at `i`.
    @inline(__always)
    func value(at i: Int) -> Node.Value {
        withUnsafeBufferPointer { ($0.baseAddress.unsafelyUnwrapped + i).pointee.value }
    }

    /// The member `field` of the node at `i`, when that node is an object that has one.
    @inline(__always)
    func node(at i: Int, field: String) -> Node? {
        withUnsafeBufferPointer { ($0.baseAddress.unsafelyUnwrapped + i).pointee[field] }
    }

    /// Calls `body` with each node, in order, where it lies.
    @inline(__always)
    func forEachInPlace(_ body: (UnsafePointer<Node>) -> Void) {
        withUnsafeBufferPointer { nodes in
            guard let base = nodes.baseAddress else { return }
            for i in nodes.indices { body(base + i) }
        }
    }
}

extension NodeObject {
    /// The data of the member at `position`.
    @inline(__always)
    func value(at position: Int) -> Node.Value {
        members.withUnsafeBufferPointer { Self.node(of: $0.baseAddress.unsafelyUnwrapped + position).pointee.value }
    }

    /// Calls `body` with each member and its node, in order, where they lie.
    @inline(__always)
    func forEachInPlace(_ body: (_ member: UnsafePointer<Member>, _ node: UnsafePointer<Node>) -> Void) {
        members.withUnsafeBufferPointer { members in
            guard let base = members.baseAddress else { return }
            for i in members.indices { body(base + i, Self.node(of: base + i)) }
        }
    }

    /// The node of a member, inside the member.
    @inline(__always)
    private static func node(of member: UnsafePointer<Member>) -> UnsafePointer<Node> {
        (UnsafeRawPointer(member) + Self.nodeOffset).assumingMemoryBound(to: Node.self)
    }

    private static let nodeOffset = MemoryLayout<Member>.offset(of: \Member.value)!
}
