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
        /// A string, one of these.
        case strings([String])
        /// A boolean, this one.
        case boolean(Bool)
        /// Only that it is there (`has(c.id)`), whatever its value.
        case presence
    }

    let field: String
    let test: Test
    /// The answer for an object without the field: whether the fallback passes the test.
    let fallbackMatches: Bool

    /// The test `body` makes of the comprehension variable in `slot`; nil for any other body.
    init?(_ body: CELOp, slot: Int) {
        if case .select(.local(slot), let field, testOnly: true, optional: false) = body {
            self.field = field
            self.test = .presence
            self.fallbackMatches = false
            return
        }
        let selected: CELOp
        switch body {
        case .binary(.in, let element, let list):
            guard let strings = CELPlanner.constantList(list).flatMap(InConstantStringsNode.strings) else { return nil }
            selected = element
            test = .strings(strings)
        case .binary(.equal, let element, .constant(.string(let s))), .comparison(.equal, _, let element, .constant(.string(let s))):
            selected = element
            test = .strings([s])
        case .binary(.equal, let element, .constant(.bool(let b))), .comparison(.equal, _, let element, .constant(.bool(let b))):
            selected = element
            test = .boolean(b)
        default:
            return nil
        }
        guard case .selectOr(.local(slot), let field, .constant(let fallback)) = selected else { return nil }
        switch (test, fallback) {
        case (.strings(let strings), .string(let s)): fallbackMatches = strings.contains { CELOperators.utf8Equal($0, s) }
        case (.boolean(let b), .bool(let f)): fallbackMatches = b == f
        default: return nil
        }
        self.field = field
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
        case .strings(let strings):
            guard e.kind == .string else { return nil }
            // Compared where it lies: bound to a name first, the string was a retain and a
            // release for every item of every list a rule filters.
            let i = Int(e.payload)
            return tree.strings.withUnsafeBufferPointer { all in strings.contains { CELOperators.utf8Equal(all[i], $0) } }
        }
    }
}
