/// A value as a loader reads it, before it has a place in the tree: what text and numbers are
/// typed into.
enum LeafValue: Equatable, Sendable {
    case string(String)
    case number(Node.Number)
    case bool(Bool)
    case null
    case emptyObject
    case emptyArray
}

/// Builds a `DocumentTree` as a parse goes: each value is added when it ends, a container after
/// its children (so its children are known and can be placed side by side).
///
/// The children of the containers still open wait on one shared stack, each container from the
/// place it opened at (`mark`), so that opening a container allocates nothing.
struct DocumentTreeBuilder {
    private var entries: [DocumentTree.Entry] = []
    private var strings: [String] = []
    private var children: [DocumentTree.Child] = []
    private var keys: [String] = []
    private var indexes: [Int32: [String: Int32]] = [:]
    /// The children of the containers still open, each container's from its `mark` on: the
    /// first `pendingCount` of `pending`. Closing a container lowers the count and keeps the room;
    /// the array's own `removeLast(_:)` went through the generic range replacement, whose code was
    /// seldom in the instruction cache when a container closed.
    private var pending: [DocumentTree.Child] = []
    private var pendingCount = 0
    /// The strings read by no schema, or by one that does not make them safe to show even in a
    /// conforming document (see `SchemaNode.safeInConformingDocument`): the only ones a report
    /// may have to hide, found here as they are read rather than by a walk of the whole tree
    /// for each document with a finding (see `PersonalValues`).
    private var personalCandidates: [Int32] = []
    /// Whether some value was not what the schema it was read by allows, or was read by none
    /// where its place had one (see `unvouched()`): the schema check then walks the tree.
    private var suspect = false
    /// Where each schema property's name already is in `keys` (see `KnownKeys`).
    private var knownKeys = KnownKeys()

    /// `expectedNodes` is a guess from the file's size, for room up front; capped, so that a
    /// large file of one long string does not reserve room for nodes it does not have.
    init(expectedNodes: Int = 256) {
        let expectedNodes = min(expectedNodes, 1 << 16)
        entries.reserveCapacity(expectedNodes)
        children.reserveCapacity(expectedNodes)
        strings.reserveCapacity(expectedNodes / 2)
        keys.reserveCapacity(expectedNodes / 2)
        pending.reserveCapacity(64)
    }

    /// Where the children of a container opened now will start on the waiting stack.
    var mark: Int { pendingCount }

    /// How many children a container opened at `mark` has so far.
    func childCount(from mark: Int) -> Int { pendingCount - mark }

    /// Puts a child on the waiting stack, in room a closed container left when there is some.
    @inline(__always)
    private mutating func push(_ child: DocumentTree.Child) {
        if pendingCount < pending.count {
            let at = pendingCount
            pending.withUnsafeMutableBufferPointer { $0[at] = child }
        } else {
            pending.append(child)
        }
        pendingCount += 1
    }

    /// A value that holds no other: its node. `schema`: the schema it was read by, if any, which
    /// it is checked against (see `SchemaNode.allows`).
    mutating func leaf(_ value: consuming LeafValue, at location: SourceSpot, schema: SchemaNode? = nil) -> Int32 {
        let allowed = schema.map { Self.conforms(value, to: $0) } ?? true
        return leaf(consume value, at: location, schema: schema, allowed: allowed)
    }

    /// A value that holds no other, of which the loader already knows whether `schema` allows it
    /// (`allowed`, as `SchemaNode.allows` judges; true without a schema): typing text often
    /// learns it on the way (see `SchemaNode.typedLeaf`).
    /// The value is taken, not borrowed: a string moves into the tree without a count of its own.
    mutating func leaf(_ value: consuming LeafValue, at location: SourceSpot, schema: SchemaNode?, allowed: Bool) -> Int32 {
        if !allowed { suspect = true }
        switch consume value {
        case .string(let s):
            strings.append(s)
            let id = append(.string, payload: Int64(strings.count - 1), count: 0, at: location)
            if !(schema?.safeInConformingDocument ?? false) { personalCandidates.append(id) }
            return id
        case .number(.int(let i)): return append(.int, payload: i, count: 0, at: location)
        case .number(.double(let d)): return append(.double, payload: Int64(bitPattern: d.bitPattern), count: 0, at: location)
        case .bool(let b): return append(.bool, payload: b ? 1 : 0, count: 0, at: location)
        case .null: return append(.null, payload: 0, count: 0, at: location)
        case .emptyObject: return append(.object, payload: Int64(children.count), count: 0, at: location)
        case .emptyArray: return append(.array, payload: Int64(children.count), count: 0, at: location)
        }
    }

    @inline(__always)
    private static func conforms(_ value: LeafValue, to schema: SchemaNode) -> Bool {
        switch value {
        case .string(let s): return schema.allows(.string, string: { s })
        case .number(.int): return schema.allows(.int, string: { "" })
        case .number(.double(let d)): return schema.allows(.double, double: d, string: { "" })
        case .bool: return schema.allows(.bool, string: { "" })
        case .null: return schema.allows(.null, string: { "" })
        case .emptyObject: return schema.allows(.object, string: { "" })
        case .emptyArray: return schema.allows(.array, string: { "" })
        }
    }

    /// Checks node `id`, a value read before its schema was known (a JSON root's `kind`), against
    /// `schema` (see `leaf`).
    mutating func vouch(_ id: Int32, schema: SchemaNode) {
        let e = entries[Int(id)]
        let string = e.kind == .string ? strings[Int(e.payload)] : ""
        let double = e.kind == .double ? Double(bitPattern: UInt64(bitPattern: e.payload)) : 0
        if !schema.allows(e.kind, double: double, string: { string }) { suspect = true }
        // Read by no schema, it was listed as possibly personal; its schema may say otherwise.
        if schema.safeInConformingDocument, let listed = personalCandidates.lastIndex(of: id) { personalCandidates.remove(at: listed) }
    }

    /// Some value was read without the schema its place has (a JSON root member before `kind`):
    /// the loader cannot vouch for the tree.
    mutating func unvouched() { suspect = true }

    /// The text of node `id`, when it is a string.
    func string(of id: Int32) -> String? {
        let e = entries[Int(id)]
        return e.kind == .string ? strings[Int(e.payload)] : nil
    }

    /// Adds an item to the array opened at the top.
    mutating func addItem(_ id: Int32) {
        push(DocumentTree.Child(id: id, keySpot: SourceSpot(offset: 0), key: -1, field: DocumentTree.unknownField))
    }

    /// The names an open object has taken, for refusing a name given twice: a bit per property
    /// of its schema (most names), and the other names, searched (indexed once there are many,
    /// so a file of a million members is not a million scans).
    struct MemberNames {
        var fields: UInt64 = 0
        var others = 0
        var index: Set<String>?

        /// Whether a member of this `field` is told by a bit (a schema property among the first 64).
        static func hasBit(_ field: Int32) -> Bool { field >= 0 && field < 64 }
    }

    /// A member named `name` of an object whose schema is `schema`: the `field` to note for it
    /// (its place in the schema, or why it has none), and its own schema.
    static func member(_ name: String, of schema: SchemaNode?) -> (field: Int32, schema: SchemaNode?) {
        guard let schema else { return (DocumentTree.unknownField, nil) }
        guard let index = schema.propertyIndex(name) else { return (DocumentTree.notAField, nil) }
        return (Int32(index), schema.property(at: index))
    }

    /// Adds a member named `key` to the object opened at `mark`; false (and nothing added) when
    /// it has one of that name already. `field` is from `member(_:of:)` with the object's schema,
    /// `owner`; `names` is the object's own.
    ///
    /// The owner is handed unretained, its identity (and its names) read while the caller holds
    /// it: passed as a reference, it was retained and released for every member, the caller's
    /// object being open for change in the same call.
    mutating func addMember(key: String, _ id: Int32, field: Int32, owner: Unmanaged<SchemaNode>?, at location: SourceSpot, from mark: Int, names: inout MemberNames) -> Bool {
        addMember(given: key, id, field: field, owner: owner, at: location, from: mark, names: &names)
    }

    /// Adds a member that is property `field` of `owner` (as `addMember(key:...)`), its name the
    /// schema's own, taken only if the tree does not list it yet.
    mutating func addMember(property field: Int32, of owner: Unmanaged<SchemaNode>, _ id: Int32, at location: SourceSpot, from mark: Int, names: inout MemberNames) -> Bool {
        precondition(field >= 0, "a property has a place in its schema")
        return addMember(given: nil, id, field: field, owner: owner, at: location, from: mark, names: &names)
    }

    @inline(__always)
    private mutating func addMember(given: String?, _ id: Int32, field: Int32, owner: Unmanaged<SchemaNode>?, at location: SourceSpot, from mark: Int, names: inout MemberNames) -> Bool {
        var name: String { given ?? owner!.takeUnretainedValue().propertyName(at: Int(field)) }
        if MemberNames.hasBit(field) {
            // A property of the schema: its bit says whether it was given; no other name equals it.
            let bit: UInt64 = 1 << UInt64(field)
            if names.fields & bit != 0 { return false }
            names.fields |= bit
        } else if names.index != nil {
            guard names.index!.insert(name).inserted else { return false }
        } else {
            let key = name
            let length = key.utf8.count
            let taken = pending.withUnsafeBufferPointer { pending in
                keys.withUnsafeBufferPointer { keys in
                    for i in mark..<pendingCount where !MemberNames.hasBit(pending[i].field) {
                        let other = keys[Int(pending[i].key)]
                        if other.utf8.count == length && other == key { return true }
                    }
                    return false
                }
            }
            if taken { return false }
            names.others += 1
            if names.others >= DocumentTree.indexThreshold {
                names.index = Set(pending[mark..<pendingCount].filter { !MemberNames.hasBit($0.field) }.map { keys[Int($0.key)] }).union([key])
            }
        }
        let place: Int32
        let ownerID = owner.map { ObjectIdentifier($0.takeUnretainedValue()) }
        let slot = field >= 0 ? ownerID.map { knownKeys.slot(of: field, in: $0) } : nil
        if let slot, let known = knownKeys.place(at: slot, of: field, in: ownerID!) {
            place = known
        } else {
            keys.append(name)
            place = Int32(keys.count - 1)
            if let slot { knownKeys.note(place, at: slot, of: field, in: ownerID!) }
        }
        push(DocumentTree.Child(id: id, keySpot: location, key: place, field: field))
        return true
    }

    /// The places in `keys` of the schema properties' names a document has used: a dossier writes
    /// a few dozen names hundreds of times, and each one listed again was a count retained as it
    /// was read and released when the tree was freed. Members of one property of one schema
    /// (the `role` of every case) share the place of the first. A small table on the owner's
    /// address and the field, made when first used; a slot taken by another property only costs
    /// the name listed again. An address names one schema for a whole document: schemas belong
    /// to the loader's schema set, which outlives every tree it builds.
    struct KnownKeys {
        private struct Slot {
            var owner: ObjectIdentifier?
            var field: Int32 = -1
            var place: Int32 = -1
        }
        /// The table has 2^`bits` slots, told by the top bits of a multiplicative hash.
        private static let bits = 7
        private var slots: [Slot] = []

        /// The slot of property `field` of `owner`.
        @inline(__always)
        mutating func slot(of field: Int32, in owner: ObjectIdentifier) -> Int {
            if slots.isEmpty { slots = Array(repeating: Slot(), count: 1 << Self.bits) }
            let hash = (UInt(bitPattern: owner) &+ UInt(field)) &* 0x9E37_79B9_7F4A_7C15
            return Int(hash >> UInt(UInt.bitWidth - Self.bits))
        }

        /// The place of property `field` of `owner` in `keys`, if it is noted at `slot`.
        @inline(__always)
        func place(at slot: Int, of field: Int32, in owner: ObjectIdentifier) -> Int32? {
            slots.withUnsafeBufferPointer { $0[slot].owner == owner && $0[slot].field == field ? $0[slot].place : nil }
        }

        @inline(__always)
        mutating func note(_ place: Int32, at slot: Int, of field: Int32, in owner: ObjectIdentifier) {
            slots.withUnsafeMutableBufferPointer { $0[slot] = Slot(owner: owner, field: field, place: place) }
        }
    }

    /// The name and node of member `i` of the object opened at `mark`.
    func pendingMember(_ i: Int, from mark: Int) -> (key: String, id: Int32) { (keys[Int(pending[mark + i].key)], pending[mark + i].id) }

    /// Ends the object opened at `mark`: its node. `schema` as for `leaf`.
    mutating func closeObject(from mark: Int, at location: SourceSpot, schema: SchemaNode? = nil) -> Int32 {
        close(.object, from: mark, at: location, schema: schema)
    }

    /// Ends the array opened at `mark`: its node. `schema` as for `leaf`.
    mutating func closeArray(from mark: Int, at location: SourceSpot, schema: SchemaNode? = nil) -> Int32 {
        close(.array, from: mark, at: location, schema: schema)
    }

    private mutating func close(_ kind: DocumentTree.Kind, from mark: Int, at location: SourceSpot, schema: SchemaNode?) -> Int32 {
        if !suspect, let schema, !schema.allows(kind, string: { "" }) { suspect = true }
        let count = pendingCount - mark
        let id = append(kind, payload: Int64(children.count), count: count, at: location)
        pending.withUnsafeBufferPointer { pending in
            entries.withUnsafeMutableBufferPointer { entries in
                for i in 0..<count {
                    let child = Int(pending[mark + i].id)
                    entries[child].parent = id
                    entries[child].slot = Int32(i)
                }
            }
        }
        if kind == .object && count > DocumentTree.indexThreshold {
            var index: [String: Int32] = [:]
            for i in 0..<count { index[keys[Int(pending[mark + i].key)]] = Int32(i) }
            indexes[id] = index
        }
        // One by one: a container has a few children, and a plain append's code is the hot one
        // every node uses, where appending a slice went through a copy routine of its own.
        let end = pendingCount
        pending.withUnsafeBufferPointer { pending in
            for i in mark..<end { children.append(pending[i]) }
        }
        pendingCount = mark
        return id
    }

    private mutating func append(_ kind: DocumentTree.Kind, payload: Int64, count: Int, at location: SourceSpot) -> Int32 {
        entries.append(DocumentTree.Entry(kind: kind, spot: location, parent: -1, slot: 0, count: Int32(count), payload: payload))
        return Int32(entries.count - 1)
    }

    /// Types node `id` and what it holds by `schema` after the fact: for the root members a JSON
    /// file writes before `kind`, when the schema was not yet known.
    mutating func retype(_ id: Int32, schema: SchemaNode) {
        let e = entries[Int(id)]
        switch e.kind {
        case .int, .double:
            let number: Node.Number = e.kind == .int ? .int(e.payload) : .double(Double(bitPattern: UInt64(bitPattern: e.payload)))
            switch schema.typedNumber(number) {
            case .int(let i): entries[Int(id)].kind = .int; entries[Int(id)].payload = i
            case .double(let d): entries[Int(id)].kind = .double; entries[Int(id)].payload = Int64(bitPattern: d.bitPattern)
            }
        case .array:
            guard let items = schema.items else { return }
            for i in 0..<Int(e.count) { retype(children[Int(e.payload) + i].id, schema: items) }
        case .object:
            for i in 0..<Int(e.count) {
                let child = children[Int(e.payload) + i]
                if let field = schema.property(keys[Int(child.key)]) { retype(child.id, schema: field) }
            }
        case .string, .bool, .null:
            break
        }
    }

    /// The tree, with `root` at its root; `schema` is the kind schema it was typed by, and
    /// `locate` turns the spots noted while parsing into lines and columns.
    func finish(root: Int32, schema: SchemaNode?, locate: @escaping @Sendable (SourceSpot) -> SourceLocation) -> DocumentTree {
        DocumentTree(entries: entries, strings: strings, children: children, keys: keys, indexes: indexes, root: root, typedBy: schema,
                     conformsToTypingSchema: schema != nil && !suspect, personalCandidates: personalCandidates, locate: locate)
    }
}

extension DocumentTree {
    /// Whether the loader typed this tree by `schema` itself.
    func isTyped(by schema: SchemaNode?) -> Bool { schema != nil && typedBy === schema }

    /// The schema of the member at `index` in `children`, whose object has `schema`: by the
    /// place the loader noted when `schema` is what it typed by (`typed`), else by name.
    @inline(__always)
    func fieldSchema(_ index: Int, of schema: SchemaNode?, typed: Bool) -> SchemaNode? {
        guard let schema else { return nil }
        if typed {
            let field = children.withUnsafeBufferPointer { $0[index].field }
            if field >= 0 { return schema.property(at: Int(field)) }
            if field == Self.notAField { return nil }
        }
        return schema.property(key(index))
    }
}
