#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The members of a JSON document's `outcomes` object, written from pieces made once per thread.
///
/// Every document of a run lists every rule of the set, the same names in the same order: some
/// forty names, each quoted, escaped and indented again for every document, was a twentieth of
/// writing a JSON report. Here each rule's name is made once, with the line break and indentation
/// before it and the colon after, and a document's outcomes are copied piece by piece. The pieces
/// are remade whenever the rules, the layout or the indentation differ from the last document's.
///
/// Thread-confined: each thread has its own (`current`), so no lock and no sharing.
final class OutcomeMembers {
    private var ids: [RuleID] = []
    private var pretty = false
    private var indent = -1
    /// Each rule's name as it stands before its outcome, by the rule's place.
    private var names = PackedBytes()
    /// Each outcome quoted, by its `place(of:)`.
    private static let values = PackedBytes([Outcome.pass, .fail, .notApplicable, .indeterminate, .exempt].map { "\"\($0.rawValue)\"" })

    /// The calling thread's pieces.
    static var current: OutcomeMembers { perThread.value }
    private static let perThread = ThreadLocal { OutcomeMembers() }

    /// Writes `outcomes` as the members of an object just opened (nothing in it yet), each on a
    /// line of its own at `indent` when `pretty`, as `JSONWriter` writes members.
    func write(_ outcomes: UnsafeBufferPointer<RuleOutcome>, pretty: Bool, indent: Int, into bytes: inout ByteBuffer) {
        prepare(outcomes, pretty: pretty, indent: indent)
        names.withPieces { names in
            Self.values.withPieces { values in
                for i in outcomes.indices {
                    let name = names[i], value = values[Self.place(of: outcomes[i].outcome)]
                    bytes.write(upTo: 1 + name.count + value.count) { at in
                        var n = 0
                        if i > 0 { at[0] = UInt8(ascii: ","); n = 1 }
                        memcpy(at + n, name.baseAddress!, name.count)
                        memcpy(at + n + name.count, value.baseAddress!, value.count)
                        return n + name.count + value.count
                    }
                }
            }
        }
    }

    /// Makes the names anew unless they are the ones `outcomes` needs.
    private func prepare(_ outcomes: UnsafeBufferPointer<RuleOutcome>, pretty: Bool, indent: Int) {
        if pretty == self.pretty, indent == self.indent, ids.count == outcomes.count,
           !outcomes.indices.contains(where: { outcomes[$0].rule != ids[$0] }) {
            return
        }
        self.pretty = pretty
        self.indent = indent
        ids = outcomes.map(\.rule)
        names = PackedBytes()
        for id in ids {
            var name = ByteBuffer(capacity: id.rawValue.utf8.count + 2 * indent + 8)
            if pretty {
                name.append(0x0A)
                name.append(repeating: 0x20, times: indent * 2)
            }
            name.appendQuoted(id.rawValue)
            name.append(UInt8(ascii: ":"))
            if pretty { name.append(0x20) }
            name.withBytes { names.append($0) }
        }
    }

    private static func place(of outcome: Outcome) -> Int {
        switch outcome {
        case .pass: return 0
        case .fail: return 1
        case .notApplicable: return 2
        case .indeterminate: return 3
        case .exempt: return 4
        }
    }
}
