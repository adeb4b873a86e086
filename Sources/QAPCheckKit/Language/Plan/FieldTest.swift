#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The strings of a `.strings` test, as bytes (see `Choices`).
    private let choices: Choices
    /// The answer for an object without the field: whether the fallback passes the test.
    let fallbackMatches: Bool

    /// The test `body` makes of the comprehension variable in `slot`; nil for any other body.
    init?(_ body: CELOp, slot: Int) {
        if case .select(.local(slot), let field, testOnly: true, optional: false) = body {
            self.field = field
            self.test = .presence
            self.fallbackMatches = false
            self.choices = Choices([])
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
        if case .strings(let strings) = test { choices = Choices(strings) } else { choices = Choices([]) }
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

    /// Some strings' UTF-8 one after another, string `k`'s from `starts[k]` to `starts[k + 1]`:
    /// one array, read in place, where an array of strings handed out a counted copy of each.
    struct Choices: Sendable {
        private let bytes: [UInt8]
        private let starts: [Int]

        init(_ strings: [String]) {
            var bytes: [UInt8] = [], starts = [0]
            for s in strings {
                bytes += Array(s.utf8)
                starts.append(bytes.count)
            }
            self.bytes = bytes
            self.starts = starts
        }

        /// Whether `value` is one of them, byte for byte (as `CELOperators.utf8Equal` compares).
        @inline(__always)
        func contains(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    for k in 0..<starts.count - 1 where starts[k + 1] - starts[k] == value.count {
                        if value.count == 0 || memcmp(bytes.baseAddress! + starts[k], value.baseAddress!, value.count) == 0 { return true }
                    }
                    return false
                }
            }
        }
    }
}
