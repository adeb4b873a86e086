/// What the schema check asks of each value, asked here so that the loaders ask it too: a loader
/// that finds every value it types allowed by its schema vouches for the tree, and the schema
/// check's walk is spared (`DocumentTree.conformsToTypingSchema`).
extension SchemaNode {
    /// Whether a value of `kind` has this schema's type (an integer is a number too).
    @inline(__always)
    func admitsKind(_ kind: DocumentTree.Kind) -> Bool {
        guard let type else { return true }
        switch (type, kind) {
        case (.string, .string), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .int), (.number, .double): return true
        case (.integer, .int): return true
        default: return false
        }
    }

    /// Whether one value is what this schema allows, as the schema check judges it: its type, a
    /// finite number, one of its enumeration, a date. `string` is read only when the schema
    /// constrains strings; `double`, only for a double.
    @inline(__always)
    func allows(_ kind: DocumentTree.Kind, double: Double = 0, string: () -> String) -> Bool {
        guard admitsKind(kind) else { return false }
        switch kind {
        case .double: return double.isFinite
        case .string where enumeration != nil || isDate:
            let s = string()
            if let allowed = enumeration { return allowed.contains(s) }
            return CivilDate(parsing: s) != nil
        default: return true
        }
    }
}
