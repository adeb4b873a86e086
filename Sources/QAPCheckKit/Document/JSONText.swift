import Foundation

/// JSON text helpers shared by the tree's diagnostics, the evaluator's output and the reports,
/// so that every JSON the tool writes escapes strings and prints numbers the same way.
public enum JSONText {
    /// A JSON string literal for `s`, escaping what RFC 8259 requires and nothing else
    /// (non-ASCII text is written as UTF-8).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
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
