/// The values of one document that its schema check found not valid (a string where a number
/// belongs, a date that is no date), as a tree of the pointer tokens that lead to them.
///
/// A rule reading such a value must not pass or fail on it: reading it gives an error value, so
/// the rule is indeterminate unless the rest of its check decides without it (CEL's `&&` and `||`
/// absorb an error another operand settles). Only documents with such values build one; every
/// other document is read through the plain node storage of `CELMap` and `CELList`.
public final class FlaggedValues: Sendable {
    /// When this value itself is flagged: the error reading it gives (its message is the pointer).
    let flag: CELError?
    let members: [String: FlaggedValues]
    let items: [Int: FlaggedValues]

    private init(flag: CELError?, members: [String: FlaggedValues], items: [Int: FlaggedValues]) {
        self.flag = flag
        self.members = members
        self.items = items
    }

    /// The tree of these pointers; nil when there are none. The root itself is never flagged (a
    /// document whose root is wrong has nothing a rule could read).
    public static func tree(_ pointers: [JSONPointer]) -> FlaggedValues? {
        let paths = pointers.filter { $0.depth > 0 }.map { (tokens: $0.tokens[...], pointer: $0) }
        return paths.isEmpty ? nil : build(paths)
    }

    private static func build(_ paths: [(tokens: ArraySlice<JSONPointer.Token>, pointer: JSONPointer)]) -> FlaggedValues {
        var flag: CELError?
        var byKey: [String: [(tokens: ArraySlice<JSONPointer.Token>, pointer: JSONPointer)]] = [:]
        var byIndex: [Int: [(tokens: ArraySlice<JSONPointer.Token>, pointer: JSONPointer)]] = [:]
        for path in paths {
            guard let first = path.tokens.first else {
                flag = flag ?? CELError(.flaggedValue, path.pointer.description)
                continue
            }
            let rest = (tokens: path.tokens.dropFirst(), pointer: path.pointer)
            switch first {
            case .key(let k): byKey[k, default: []].append(rest)
            case .index(let i): byIndex[i, default: []].append(rest)
            }
        }
        return FlaggedValues(flag: flag, members: byKey.mapValues(build), items: byIndex.mapValues(build))
    }

    /// The value of a node at this place (a whole document, at its root): an error when the node
    /// is flagged, a guarded map or list when something below it is, and the plain value otherwise.
    static func value(_ node: Node, under flags: FlaggedValues?) -> CELValue {
        guard let flags else { return CELValue(node.value) }
        if let flag = flags.flag { return .error(flag) }
        switch node.value {
        case .object(let o): return .map(CELMap(object: o, flags: flags))
        case .array(let a): return .list(CELList(nodes: a, flags: flags))
        default: return CELValue(node.value)
        }
    }
}
