/// Escaping for XML and HTML text and attribute values.
enum XMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Characters XML 1.0 cannot carry at all (most controls, U+FFFE, U+FFFF) become
                // U+FFFD rather than producing a file no CI server can read.
                switch c.value {
                case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: out.unicodeScalars.append(c)
                default: out.unicodeScalars.append("\u{FFFD}")
                }
            }
        }
        return out
    }
}
