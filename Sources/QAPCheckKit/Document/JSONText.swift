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
        var out = ByteBuffer(capacity: s.utf8.count + 2)
        out.appendQuoted(s)
        return out.text
    }
}

extension JSONText {
    /// Whether any byte is a control character, a quote or a backslash: most report strings need
    /// no escape, and this scan is all the work they then cost.
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool { firstSpecial(in: utf8, from: 0) < utf8.count }

    /// Where the first control character, quote or backslash from `start` is (`utf8.count` when
    /// there is none): what ends a JSON string's plain run, and what a report string must escape.
    /// Eight bytes at a time, with the classic has-less-than tests; the lowest byte they flag is
    /// always a true one (a borrow only runs upward from a byte that matched).
    static func firstSpecial(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return utf8.count }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 8 <= utf8.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            // A byte below 0x20, or a zero byte after the XOR.
            let found = ((word &- ones &* 0x20) | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & ~word & highs
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < utf8.count {
            let b = utf8[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { return i }
            i += 1
        }
        return utf8.count
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
