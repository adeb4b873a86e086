/// The members of an object node, in the order they were written.
///
/// Dossier objects are small (a dozen members at most), so lookup is a linear scan over a
/// contiguous array, which beats hashing at that size; larger objects get an index.
public struct NodeObject: Sendable {
    public struct Member: Sendable {
        public let key: String
        public let value: Node
        /// Where the member's name was written (the JSON key, or the XML attribute or element).
        public let keyLocation: SourceLocation
    }

    public private(set) var members: [Member]
    private var index: [String: Int]?

    private static let indexThreshold = 16

    public init(_ members: [Member] = []) {
        self.members = members
        if members.count > Self.indexThreshold { buildIndex() }
    }

    public var count: Int { members.count }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> Node? {
        position(of: key).map { members[$0].value }
    }

    /// Where the member named `key` is. Lengths are compared first: most names differ in length,
    /// and that check is far cheaper than a string comparison.
    @inline(__always)
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        let count = key.utf8.count
        for i in members.indices where members[i].key.utf8.count == count && members[i].key == key { return i }
        return nil
    }


    /// Adds a member; returns false (and changes nothing) when the key is already there. The
    /// key and node are taken, not copied: a loader hands over each member it has just built.
    @discardableResult
    public mutating func append(key: consuming String, value: consuming Node, at location: SourceLocation) -> Bool {
        guard position(of: key) == nil else { return false }
        if index != nil { index![copy key] = members.count }
        members.append(Member(key: key, value: value, keyLocation: location))
        if index == nil, members.count > Self.indexThreshold { buildIndex() }
        return true
    }

    public mutating func reserveCapacity(_ n: Int) { members.reserveCapacity(n) }

    /// Replaces the value of an existing member, keeping its place.
    mutating func replaceValue(at position: Int, with value: Node) {
        let m = members[position]
        members[position] = Member(key: m.key, value: value, keyLocation: m.keyLocation)
    }

    private mutating func buildIndex() {
        var map: [String: Int] = [:]
        for (i, m) in members.enumerated() { map[m.key] = i }
        index = map
    }
}
