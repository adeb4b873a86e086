/// A CEL map: entries made by an expression, or the members of a document object read in place.
///
/// Keys are `int`, `uint`, `bool` or `string`. Numeric keys compare by value across types, as
/// CEL's heterogeneous equality asks (`{1u: 'a'}[1]` finds the entry), which `MapKey` encodes by
/// normalising every integral key to one representation.
public struct CELMap: Sendable {
    enum Storage: Sendable {
        case entries(keys: [CELValue], values: [CELValue], index: [MapKey: Int])
        case object(NodeObject)
        /// A document object with values below it that the schema check flagged.
        case guarded(NodeObject, FlaggedValues)
    }

    let storage: Storage

    public init(object: NodeObject) { storage = .object(object) }

    init(object: NodeObject, flags: FlaggedValues) { storage = .guarded(object, flags) }

    /// Builds a map; fails on a key of a type maps cannot hold, or on a repeated key.
    public static func make(_ pairs: [(CELValue, CELValue)]) -> Result<CELMap, CELError> {
        var keys: [CELValue] = []
        var values: [CELValue] = []
        var index: [MapKey: Int] = [:]
        for (k, v) in pairs {
            guard let key = MapKey(k) else { return .failure(CELError(.invalidArgument, "unsupported key type: \(k.type.name)")) }
            if index[key] != nil { return .failure(CELError(.invalidArgument, "Failed with repeated key")) }
            index[key] = keys.count
            keys.append(k)
            values.append(v)
        }
        return .success(CELMap(storage: .entries(keys: keys, values: values, index: index)))
    }

    private init(storage: Storage) { self.storage = storage }

    public static let empty = CELMap(storage: .entries(keys: [], values: [], index: [:]))

    public var count: Int {
        switch storage {
        case .entries(let keys, _, _): return keys.count
        case .object(let o), .guarded(let o, _): return o.count
        }
    }

    /// The keys in insertion (document) order.
    public var keys: [CELValue] {
        switch storage {
        case .entries(let keys, _, _): return keys
        case .object(let o), .guarded(let o, _): return o.members.map { .string($0.key) }
        }
    }

    public var entries: [(key: CELValue, value: CELValue)] {
        switch storage {
        case .entries(let keys, let values, _): return Array(zip(keys, values)).map { ($0.0, $0.1) }
        case .object(let o): return o.members.map { (.string($0.key), CELValue(node: $0.value)) }
        case .guarded(let o, let flags): return o.members.map { (.string($0.key), FlaggedValues.value($0.value, under: flags.members[$0.key])) }
        }
    }

    /// The value for a key, or nil when absent (or of a type no key can have).
    public subscript(key: CELValue) -> CELValue? {
        switch storage {
        case .object(let o):
            guard case .string(let s) = key, let i = o.position(of: s) else { return nil }
            return CELValue(o.value(at: i))
        case .guarded(let o, let flags):
            guard case .string(let s) = key, let i = o.position(of: s) else { return nil }
            return FlaggedValues.value(o.node(at: i), under: flags.members[s])
        case .entries(_, let values, let index):
            guard let k = MapKey(lookup: key), let i = index[k] else { return nil }
            return values[i]
        }
    }

    /// Whether a member named `field` is there (`has(m.f)`), without reading its value.
    public func has(_ field: String) -> Bool {
        switch storage {
        case .object(let o), .guarded(let o, _): return o.position(of: field) != nil
        case .entries(_, _, let index): return index[.string(field)] != nil
        }
    }

    /// The member `field`, looked for first at `hint`, its place in the last object a select
    /// read it from (see `SelectOrNode`): dossiers of one kind write their fields in one order,
    /// so one comparison of names finds it, not one for every member before it.
    @inline(__always)
    func member(_ field: String, hint: inout Int) -> CELValue? {
        switch storage {
        case .object(let o):
            guard let i = o.tree.memberPosition(of: o.id, field, hint: &hint) else { return nil }
            return CELValue(o.value(at: i))
        case .guarded(let o, let flags):
            guard let i = o.tree.memberPosition(of: o.id, field, hint: &hint) else { return nil }
            return FlaggedValues.value(o.node(at: i), under: flags.members[field])
        case .entries:
            return self[field]
        }
    }

    public subscript(field: String) -> CELValue? {
        if case .object(let o) = storage {
            guard let i = o.position(of: field) else { return nil }
            return CELValue(o.value(at: i))
        }
        return self[.string(field)]
    }

}

/// A hashable map key; integral numbers of any type share one representation.
enum MapKey: Hashable, Sendable {
    case bool(Bool)
    case string(String)
    case int(Int64)
    case bigUInt(UInt64)

    init?(_ v: CELValue) {
        switch v {
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUInt(u)
        default: return nil
        }
    }

    /// A key for lookup: doubles find integral keys of equal value.
    init?(lookup v: CELValue) {
        if case .double(let d) = v {
            if let i = Int64(exactly: d) { self = .int(i); return }
            if let u = UInt64(exactly: d) { self = .bigUInt(u); return }
            return nil
        }
        self.init(v)
    }
}
