/// A filter that keeps the items whose string field is one of some constants:
/// `list.filter(c, c.?role.orValue('') in ['mediator', 'co-mediator'])`, or `== 'completed'`; or
/// the items that have a field at all: `list.filter(c, has(c.id))`.
///
/// Over a list of document nodes the fold answers it in the tree: the item's member found by
/// name, its string compared where it lies, without binding the item, making the member a value
/// or evaluating the body (a dossier's forty cases are filtered so by several rules). An item
/// the test cannot answer so (not an object, or a member that is not a string) goes the long
/// way, through the body, to the same answer.
struct FieldTest: Sendable {
    let field: String
    let strings: [String]
    /// The answer for an object without the field: whether the fallback is one of the strings.
    let fallbackMatches: Bool
    /// Whether the test is only whether the field is there (`has(c.id)`), whatever its value.
    let presence: Bool

    /// The test `body` makes of the comprehension variable in `slot`; nil for any other body.
    init?(_ body: CELOp, slot: Int) {
        if case .select(.local(slot), let field, testOnly: true, optional: false) = body {
            self.field = field
            self.strings = []
            self.fallbackMatches = false
            self.presence = true
            return
        }
        presence = false
        let selected: CELOp
        let constants: [String]
        switch body {
        case .binary(.in, let element, let list):
            guard let strings = CELPlanner.constantList(list).flatMap(InConstantStringsNode.strings) else { return nil }
            selected = element
            constants = strings
        case .binary(.equal, let element, .constant(.string(let s))), .comparison(.equal, _, let element, .constant(.string(let s))):
            selected = element
            constants = [s]
        default:
            return nil
        }
        guard case .selectOr(.local(slot), let field, .constant(.string(let fallback))) = selected else { return nil }
        self.field = field
        self.strings = constants
        self.fallbackMatches = constants.contains { CELOperators.utf8Equal($0, fallback) }
    }

    /// The answer for item `id` of `tree`; nil when the item must go the long way. `hint` as for
    /// `DocumentTree.member(of:_:hint:)`, kept by the caller over one list.
    @inline(__always)
    func matches(_ id: Int32, in tree: DocumentTree, hint: inout Int) -> Bool? {
        guard tree.entry(id).kind == .object else { return nil }
        guard let member = tree.member(of: id, field, hint: &hint) else { return fallbackMatches }
        if presence { return true }
        let e = tree.entry(member)
        guard e.kind == .string else { return nil }
        return tree.strings.withUnsafeBufferPointer { strings in
            let value = strings[Int(e.payload)]
            return self.strings.contains { CELOperators.utf8Equal(value, $0) }
        }
    }
}
