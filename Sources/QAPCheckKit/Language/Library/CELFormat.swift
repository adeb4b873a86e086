/// Text forms of values: the one `string(double)` and `%s` use, and the plain form messages use.
enum CELFormat {
    /// A double as CEL's reference implementation prints it: the shortest digits that read back
    /// the same, in positional notation for exponents from -4 to 20, else scientific (`1e+21`).
    static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Swift's description gives the shortest round-trip digits; re-lay them out.
        let text = "\(abs(d))"
        // Without an exponent it is already plain digits and a point: only "x.0" loses its ".0".
        if !text.utf8.contains(UInt8(ascii: "e")) {
            let plain = text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            return d < 0 ? "-" + plain : plain
        }
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...])!
        }
        var digits = mantissa.replacingOccurrences(of: ".", with: "")
        let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        // Normalise: strip leading zeros (moving the point) and trailing zeros.
        var decimalExponent = point
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); decimalExponent -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let x = decimalExponent - 1
        let sign = d < 0 ? "-" : ""
        if x < -4 || x >= 21 {
            let head = String(digits.prefix(1))
            let tail = String(digits.dropFirst())
            let exp = abs(x) < 10 ? "0\(abs(x))" : "\(abs(x))"
            return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + (x < 0 ? "-" : "+") + exp
        }
        if decimalExponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalExponent) + digits
        }
        if decimalExponent >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalExponent - digits.count)
        }
        let i = digits.index(digits.startIndex, offsetBy: decimalExponent)
        return sign + digits[..<i] + "." + digits[i...]
    }

    /// A value as `%s` formats it: strings bare, lists `[a, b]`, maps `{k: v}` sorted by key.
    static func plain(_ v: CELValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return double(d)
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .list(let l): return "[" + l.map(plain).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.entries.map { "\(plain($0.key)): \(plain($0.value))" }.sorted().joined(separator: ", ") + "}"
        case .type(let t): return t.name
        case .date(let d): return d.description
        case .timestamp(let t): return t.description
        case .duration(let d): return d.description
        case .optional(let o): return o.value.map { "optional(\(plain($0)))" } ?? "optional.none()"
        case .error(let e): return "error(\(e.message))"
        }
    }

    /// A value as JSON, for `qapcheck eval` and reports. Non-JSON values take their nearest JSON
    /// form: bytes as base64, dates, timestamps, durations and types as strings, uint as a number.
    static func json(_ v: CELValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return d.isFinite ? double(d) : JSONText.quoted(double(d))
        case .string(let s): return JSONText.quoted(s)
        case .bytes(let b): return JSONText.quoted(Base64.encode(b))
        case .list(let l): return "[" + l.map(json).joined(separator: ",") + "]"
        case .map(let m): return "{" + m.entries.map { "\(JSONText.quoted(plain($0.key))):\(json($0.value))" }.joined(separator: ",") + "}"
        case .type(let t): return JSONText.quoted(t.name)
        case .date(let d): return JSONText.quoted(d.description)
        case .timestamp(let t): return JSONText.quoted(t.description)
        case .duration(let d): return JSONText.quoted(d.description)
        case .optional(let o): return o.value.map(json) ?? "null"
        case .error(let e): return "{\"error\":\(JSONText.quoted(e.message))}"
        }
    }
}

/// Base64 without Foundation's Data round trip.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
