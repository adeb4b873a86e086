/// The `SCHEMA` rule's check: every present value has its schema's type and enumerated value,
/// and the root has `kind`, `schemaVersion` and `id`.
///
/// One violation per offending value, at that value's place, so that a person fixing a file sees
/// each problem where it is. Messages name the field by pointer and never copy the value found:
/// a wrong-typed field may be a name or an e-mail address.
public enum SchemaCheck {
    public struct Violation: Sendable, Equatable {
        public let pointer: JSONPointer
        public let location: SourceLocation
        public let message: String
        public let expected: String
        public let actual: String
        /// Whether a value is there and wrong (rather than missing): rules that read it are then
        /// undecided (see `FlaggedValues`). A missing value needs no flag; reading it is an error.
        public var flagsValue: Bool { actual != "missing" }
    }

    /// `trustingLoader`: skip the walk when the loader vouched for the tree (false: walk always,
    /// to compare the two).
    public static func violations(in root: Node, schema: SchemaNode?, trustingLoader: Bool = true) -> [Violation] {
        var out: [Violation] = []
        for field in schema?.required ?? ["kind", "schemaVersion", "id"] where root[field] == nil {
            out.append(Violation(pointer: root.pointer.appending(key: field), location: root.location,
                                 message: "The required field '\(field)' is missing.", expected: "present", actual: "missing"))
        }
        // A tree its loader typed by this very schema, and vouched for value by value as it read
        // them (`SchemaNode.allows`), has nothing for the walk to find.
        if let schema, !(trustingLoader && root.tree.isTyped(by: schema) && root.tree.conformsToTypingSchema) {
            check(root.id, in: root.tree, schema, typed: root.tree.isTyped(by: schema), into: &out)
        }
        return out
    }

    /// Walks the tree by node number: most values are fine, and reading them in the tree's own
    /// arrays costs no node, no value and, for a string the schema puts no bound on, no string.
    /// `typed`: the tree was typed by this very schema, so members' schemas are found by the
    /// places the loader noted.
    private static func check(_ id: Int32, in tree: DocumentTree, _ schema: SchemaNode, typed: Bool, into out: inout [Violation]) {
        let e = tree.entry(id)
        if let expected = schema.type, !schema.admitsKind(e.kind) {
            let node = Node(tree: tree, id: id)
            out.append(Violation(pointer: node.pointer, location: node.location,
                                 message: "'\(node.pointer)' should be \(article(expected.rawValue)); found \(article(node.typeName)).",
                                 expected: expected.rawValue, actual: node.typeName))
            return
        }
        switch e.kind {
        case .double where !Double(bitPattern: UInt64(bitPattern: e.payload)).isFinite:
            let node = Node(tree: tree, id: id)
            out.append(Violation(pointer: node.pointer, location: node.location,
                                 message: "'\(node.pointer)' is a number out of range.",
                                 expected: "a finite number", actual: "a number out of range"))
        case .object:
            for i in Int(e.payload)..<Int(e.payload) + Int(e.count) {
                if let field = tree.fieldSchema(i, of: schema, typed: typed) { check(tree.child(i), in: tree, field, typed: typed, into: &out) }
            }
        case .array:
            guard let itemSchema = schema.items else { break }
            for i in Int(e.payload)..<Int(e.payload) + Int(e.count) { check(tree.child(i), in: tree, itemSchema, typed: typed, into: &out) }
        case .string where schema.enumeration != nil || schema.format == "date":
            let s = tree.strings[Int(e.payload)]
            if let allowed = schema.enumeration, !allowed.contains(s) {
                let node = Node(tree: tree, id: id)
                out.append(Violation(pointer: node.pointer, location: node.location,
                                     message: "'\(node.pointer)' is not one of the allowed values: \(allowed.joined(separator: ", ")).",
                                     expected: "one of \(allowed.joined(separator: ", "))", actual: "another value"))
            } else if schema.format == "date", CivilDate(parsing: s) == nil {
                let node = Node(tree: tree, id: id)
                out.append(Violation(pointer: node.pointer, location: node.location,
                                     message: "'\(node.pointer)' is not a calendar date written YYYY-MM-DD.",
                                     expected: "a date YYYY-MM-DD", actual: "not a date"))
            }
        default:
            break
        }
    }

    private static func article(_ word: String) -> String {
        (["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an " : "a ") + word
    }
}
