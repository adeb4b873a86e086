/// One node of a dossier tree: JSON-like data that remembers where it came from.
///
/// Both loaders build this same tree, so a rule never knows whether a dossier was JSON or XML.
/// Every node knows its line and column in the file as written, and its JSON Pointer, so a
/// finding can be located without a second look at the file. A node is a place in its
/// document's `DocumentTree`: copying one copies a reference and a number.
public struct Node: Sendable, CustomStringConvertible {
    let tree: DocumentTree
    let id: Int32

    init(tree: DocumentTree, id: Int32) {
        self.tree = tree
        self.id = id
    }

    /// The node's data.
    public var value: Value { tree.value(of: id) }

    /// Line and column of the node's first character in the file as written.
    public var location: SourceLocation { tree.location(of: id) }

    /// The node's RFC 6901 JSON Pointer.
    public var pointer: JSONPointer { tree.pointer(of: id) }

    /// The data of a node. Objects keep their members in the order they were written.
    public enum Value: Sendable {
        case object(NodeObject)
        case array(NodeArray)
        case string(String)
        case number(Number)
        case bool(Bool)
        case null
    }

    /// A number as the kind schema types it: integers stay exact, others are doubles.
    public enum Number: Sendable, Hashable, CustomStringConvertible {
        case int(Int64)
        case double(Double)

        public var doubleValue: Double {
            switch self {
            case .int(let i): return Double(i)
            case .double(let d): return d
            }
        }

        public var description: String {
            switch self {
            case .int(let i): return String(i)
            case .double(let d): return NumberFormatting.shortest(d)
            }
        }
    }

    /// The member named `key`, when this node is an object that has one.
    public subscript(key: String) -> Node? {
        if case .object(let object) = value { return object[key] }
        return nil
    }

    /// The item at `index`, when this node is an array that long.
    public subscript(index: Int) -> Node? {
        if case .array(let items) = value, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// The kind of data, without making the data a value.
    var kind: DocumentTree.Kind { tree.entry(id).kind }

    /// The node a pointer names below this one, if there is one.
    public func resolve(_ pointer: JSONPointer) -> Node? {
        var node: Node? = self
        for token in pointer.tokens {
            guard let current = node else { return nil }
            switch (token, current.value) {
            case (.index(let i), _): node = current[i]
            case (.key(let k), .array): node = Int(k).flatMap { current[$0] }
            case (.key(let k), _): node = current[k]
            }
        }
        return node
    }

    /// The type name used in messages ("object", "array", "string", "number", "boolean", "null").
    public var typeName: String {
        switch kind {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .int: return "integer"
        case .double: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }

    public var description: String { value.description }
}

extension Node.Value: Equatable, CustomStringConvertible {
    /// Structural equality: object members compare as a set (JSON gives member order no meaning),
    /// and locations and pointers are not part of a value.
    public static func == (lhs: Node.Value, rhs: Node.Value) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.members.allSatisfy { member in b[member.key].map { $0.value == member.value.value } ?? false }
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.value == $1.value }
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// A compact JSON rendering, for diagnostics and `eval`.
    public var description: String {
        switch self {
        case .object(let o):
            return "{" + o.members.map { "\(JSONText.quoted($0.key)):\($0.value.value.description)" }.joined(separator: ",") + "}"
        case .array(let a): return "[" + a.map { $0.value.description }.joined(separator: ",") + "]"
        case .string(let s): return JSONText.quoted(s)
        case .number(let n): return n.description
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
