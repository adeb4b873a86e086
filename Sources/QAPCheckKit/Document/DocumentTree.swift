/// The nodes of one dossier, in a few flat arrays: what both loaders build and every `Node` reads.
///
/// A tree of values (an array per container, a pointer segment per container, a token per node)
/// cost the loaders an allocation per container and the rules a retain and a release for each of
/// a node's three counted parts every time they copied one; freeing it walked every node again.
/// Here a node is a number: its entry says what it is, where it was written and where its
/// children are, and a `Node` is this tree and that number. Copying a node is one retain; a
/// document's tree is half a dozen arrays, built by appending and freed at once.
public final class DocumentTree: Sendable {
    enum Kind: UInt8, Sendable {
        case object, array, string, int, double, bool, null
    }

    /// One node. Containers list their children in `children` from `payload` on, `count` of
    /// them; a string is `strings[payload]`; numbers and booleans are the payload's bits.
    struct Entry: Sendable {
        var kind: Kind
        /// Where the node was written.
        var spot: SourceSpot
        /// The container the node is in (-1 for the root) and its position there: a node's
        /// JSON Pointer is found by walking up, only when a finding needs it.
        var parent: Int32
        var slot: Int32
        var count: Int32
        var payload: Int64
    }

    /// One child of a container: its node and, in an object, its member name (its place in
    /// `keys`), where the name was written, and which property of the object's schema it is
    /// (`field`). Plain numbers, so that a container's children are moved into place as bytes.
    struct Child: Sendable {
        let id: Int32
        /// Where the member's name was written.
        let keySpot: SourceSpot
        let key: Int32
        /// The member's place among the properties of its object's schema, as the loader typed
        /// it; `unknownField` when the loader had no schema for the object (an array item, a
        /// root member before `kind`), `notAField` when the schema does not list the name.
        let field: Int32
    }

    static let unknownField: Int32 = -1
    static let notAField: Int32 = -2

    let entries: [Entry]
    let strings: [String]
    /// The children of every container, each container's together, in document order.
    let children: [Child]
    /// The member names, by `Child.key`.
    let keys: [String]
    /// For objects of more than `DocumentTree.indexThreshold` members: position by name.
    let indexes: [Int32: [String: Int32]]
    let root: Int32
    /// The kind schema the loader typed the document by, if it had one: members' `field`s are
    /// places in it and the schemas below it. (Held as an object: schemas belong to loading.)
    let typedBy: (any AnyObject & Sendable)?
    /// Whether the loader found every value it typed to be what its schema allows (see
    /// `SchemaNode.allows`): then the schema check has nothing to report.
    let conformsToTypingSchema: Bool
    /// The strings that may be personal data in a conforming tree: those read by no schema, or
    /// by one that makes them neither safe, nor enumerated, nor a date (the `kind` a JSON root is
    /// named by is struck off once its schema is known). Only for a tree that conforms: one with
    /// members read before their schema was known does not, and is walked instead.
    let personalCandidates: [Int32]
    /// Turns a spot the loader noted into a line and column, reading the file's bytes again.
    let locate: @Sendable (SourceSpot) -> SourceLocation

    /// Objects up to this size are searched by a scan, which beats hashing at dossier sizes.
    static let indexThreshold = 16

    init(entries: [Entry], strings: [String], children: [Child], keys: [String], indexes: [Int32: [String: Int32]], root: Int32, typedBy: (any AnyObject & Sendable)?,
         conformsToTypingSchema: Bool = false, personalCandidates: [Int32] = [], locate: @escaping @Sendable (SourceSpot) -> SourceLocation) {
        self.entries = entries
        self.strings = strings
        self.children = children
        self.keys = keys
        self.indexes = indexes
        self.root = root
        self.typedBy = typedBy
        self.conformsToTypingSchema = conformsToTypingSchema
        self.personalCandidates = personalCandidates
        self.locate = locate
    }

    /// Line and column of node `id` in the file as written.
    func location(of id: Int32) -> SourceLocation { locate(entry(id).spot) }

    /// Line and column of the member name at `index` in `children`.
    func keyLocation(_ index: Int) -> SourceLocation { locate(children[index].keySpot) }

    /// The root node.
    public var rootNode: Node { Node(tree: self, id: root) }

    @inline(__always)
    func entry(_ id: Int32) -> Entry { entries.withUnsafeBufferPointer { $0[Int(id)] } }

    @inline(__always)
    func child(_ index: Int) -> Int32 { children.withUnsafeBufferPointer { $0[index].id } }

    /// The member name at `index` in `children`.
    @inline(__always)
    func key(_ index: Int) -> String { keys[Int(children.withUnsafeBufferPointer { $0[index].key })] }

    /// Whether the member name at `index` in `children` is `name`, compared where it lies (a
    /// copy of it was a retain and a release).
    @inline(__always)
    func hasKey(_ index: Int, _ name: String) -> Bool {
        let k = Int(children.withUnsafeBufferPointer { $0[index].key })
        return keys.withUnsafeBufferPointer { $0[k] == name }
    }

    /// The data of node `id`.
    @inline(__always)
    func value(of id: Int32) -> Node.Value {
        let e = entry(id)
        switch e.kind {
        case .object: return .object(NodeObject(Node(tree: self, id: id)))
        case .array: return .array(NodeArray(Node(tree: self, id: id)))
        case .string: return .string(strings[Int(e.payload)])
        case .int: return .number(.int(e.payload))
        case .double: return .number(.double(Double(bitPattern: UInt64(bitPattern: e.payload))))
        case .bool: return .bool(e.payload != 0)
        case .null: return .null
        }
    }

    /// The position of the member named `key` among object `id`'s members (from `start`, `count`).
    @inline(__always)
    func position(of key: String, in id: Int32, start: Int, count: Int) -> Int? {
        if count > Self.indexThreshold { return indexes[id]?[key].map(Int.init) }
        let length = key.utf8.count
        return children.withUnsafeBufferPointer { children in
            keys.withUnsafeBufferPointer { keys in
                for i in 0..<count {
                    let name = keys[Int(children[start + i].key)]
                    if name.utf8.count == length && name == key { return i }
                }
                return nil
            }
        }
    }
    /// The member `field` of node `id`, looked for first at `hint`, its place in the last object
    /// asked (items of one list are written alike, so the field is nearly always there); `hint`
    /// becomes its place in this one. One comparison of names, not one per member before it.
    @inline(__always)
    func member(of id: Int32, _ field: String, hint: inout Int) -> Int32? {
        guard let p = memberPosition(of: id, field, hint: &hint) else { return nil }
        return child(Int(entry(id).payload) + p)
    }

    /// Where the member `field` of node `id` is among its members, looked for first at `hint`
    /// (see `member(of:_:hint:)`).
    @inline(__always)
    func memberPosition(of id: Int32, _ field: String, hint: inout Int) -> Int? {
        let e = entry(id)
        guard e.kind == .object else { return nil }
        let start = Int(e.payload)
        if hint >= 0, hint < Int(e.count), hasKey(start + hint, field) { return hint }
        guard let p = position(of: field, in: id, start: start, count: Int(e.count)) else { return nil }
        hint = p
        return p
    }

    /// The JSON Pointer of node `id`, found by walking up to the root.
    func pointer(of id: Int32) -> JSONPointer {
        var tokens: [JSONPointer.Token] = []
        var current = entry(id)
        while current.parent >= 0 {
            let up = entry(current.parent)
            tokens.append(up.kind == .object ? .key(key(Int(up.payload) + Int(current.slot))) : .index(Int(current.slot)))
            current = up
        }
        var pointer = JSONPointer.root
        for token in tokens.reversed() {
            switch token {
            case .key(let k): pointer = pointer.appending(key: k)
            case .index(let i): pointer = pointer.appending(index: i)
            }
        }
        return pointer
    }
}
