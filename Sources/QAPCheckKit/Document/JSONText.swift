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
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends the JSON string literal for `s` to `out`, with no intermediate string: report
    /// writers quote every key and value, and the temporaries were a tenth of rendering.
    public static func appendQuoted(_ s: String, to out: inout String) {
        var clean = true
        for byte in s.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            clean = false
            break
        }
        if clean {
            out += "\""
            out += s
            out += "\""
            return
        }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(s.utf8.count + 8)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in s.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0x08: bytes += [0x5C, 0x62]
            case 0x0C: bytes += [0x5C, 0x66]
            case ..<0x20: bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
        out += String(decoding: bytes, as: UTF8.self)
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
