/// A filter that keeps the items whose field is one of some constants:
/// `list.filter(c, c.?role.orValue('') in ['mediator', 'co-mediator'])`, `== 'completed'`, or a
/// boolean field, `c.?completed.orValue(false) == true`; or the items that have a field at all:
/// `list.filter(c, has(c.id))`.
///
/// Over a list of document nodes the fold answers it in the tree: the item's member found by
/// name, its value compared where it lies, without binding the item, making the member a value
/// or evaluating the body (a dossier's forty cases and twenty feedback forms are filtered so by
/// several rules). An item the test cannot answer so (not an object, or a member of another
/// type than the constants) goes the long way, through the body, to the same answer.
struct FieldTest: Sendable {
    /// What is asked of the member.
    enum Test: Sendable {
        /// A string, one of `choices`.
        case strings
        /// A boolean, this one.
        case boolean(Bool)
        /// Only that it is there (`has(c.id)`), whatever its value.
        case presence
    }

    let field: String
    let test: Test
    /// The strings of a `.strings` test (none for another test).
    private let choices: PackedBytes
    /// The answer for an object without the field: whether the fallback passes the test.
    let fallbackMatches: Bool

    /// The test `body` makes of the comprehension variable in `slot`; nil for any other body.
    init?(_ body: CELOp, slot: Int) {
        if case .select(.local(slot), let field, testOnly: true, optional: false) = body {
            self.field = field
            self.test = .presence
            self.fallbackMatches = false
            self.choices = PackedBytes()
            return
        }
        let selected: CELOp
        var strings: [String] = []
        switch body {
        case .binary(.in, let element, let list):
            guard let constants = CELPlanner.constantList(list).flatMap(InConstantStringsNode.strings) else { return nil }
            selected = element
            strings = constants
            test = .strings
        case .binary(.equal, let element, .constant(.string(let s))), .comparison(.equal, _, let element, .constant(.string(let s))):
            selected = element
            strings = [s]
            test = .strings
        case .binary(.equal, let element, .constant(.bool(let b))), .comparison(.equal, _, let element, .constant(.bool(let b))):
            selected = element
            test = .boolean(b)
        default:
            return nil
        }
        guard case .selectOr(.local(slot), let field, .constant(let fallback)) = selected else { return nil }
        switch (test, fallback) {
        case (.strings, .string(let s)): fallbackMatches = strings.contains { CELOperators.utf8Equal($0, s) }
        case (.boolean(let b), .bool(let f)): fallbackMatches = b == f
        default: return nil
        }
        self.field = field
        choices = PackedBytes(strings)
    }

    /// The answer for item `id` of `tree`; nil when the item must go the long way. `hint` as for
    /// `DocumentTree.member(of:_:hint:)`, kept by the caller over one list.
    @inline(__always)
    func matches(_ id: Int32, in tree: DocumentTree, hint: inout Int) -> Bool? {
        guard tree.entry(id).kind == .object else { return nil }
        guard let member = tree.member(of: id, field, hint: &hint) else { return fallbackMatches }
        let e = tree.entry(member)
        switch test {
        case .presence:
            return true
        case .boolean(let b):
            guard e.kind == .bool else { return nil }
            return (e.payload != 0) == b
        case .strings:
            guard e.kind == .string else { return nil }
            // Compared where it lies, with the choices' bytes: a string taken out of the tree,
            // or out of the test, was a retain and a release for every item of every list a rule
            // filters.
            let i = Int(e.payload)
            return tree.strings.withUnsafeBufferPointer { all in
                (all.baseAddress! + i).pointee.withUTF8InPlace { choices.contains($0) }
            }
        }
    }
}
