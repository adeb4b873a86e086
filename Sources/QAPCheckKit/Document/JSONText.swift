import Foundation

/// JSON text helpers shared by the tree's diagnostics, the evaluator's output and the reports,
/// so that every JSON the tool writes escapes strings and prints numbers the same way.
public enum JSONText {
    /// A JSON string literal for `s`, escaping what RFC 8259 requires and nothing else
    /// (non-ASCII text is written as UTF-8).
    ///
    /// Reports quote every message and path, so the common case (nothing to escape) is one scan
    /// of the UTF-8 bytes and one concatenation.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON string literal for `s` as UTF-8: report writers quote every key and
    /// value, and the temporaries of quoting into strings were a tenth of rendering.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            out.append(0x22)
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                out.append(contentsOf: utf8)
                out.append(0x22)
                return
            }
            let hex: StaticString = "0123456789abcdef"
            for byte in utf8 {
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x08: out += [0x5C, 0x62]
                case 0x0C: out += [0x5C, 0x66]
                case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
    }
}

/// Number formatting that is the same on every run and platform.
public enum NumberFormatting {
    /// The shortest text that reads back as the same double; integral values print
    /// without a fraction ("200", not "200.0"), as a reader of a report expects.
    public static func shortest(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(), abs(d) < 1e15 {
            return String(Int64(d))
        }
        return "\(d)"
    }
}
