import Foundation

/// `string.format(list)` of the strings extension: `%s %d %f %e %x %X %o %b` with an optional
/// precision, and `%%`.
enum StringFormat {
    static func format(_ template: String, _ args: [CELValue]) -> CELValue {
        var out = ""
        var next = 0
        let chars = Array(template.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else { out.unicodeScalars.append(c); i += 1; continue }
            i += 1
            guard i < chars.count else { return .fail(.invalidArgument, "could not parse formatting clause: unterminated clause") }
            if chars[i] == "%" { out += "%"; i += 1; continue }
            var precision: Int?
            if chars[i] == "." {
                i += 1
                var digits = ""
                while i < chars.count, chars[i].isDigit { digits.unicodeScalars.append(chars[i]); i += 1 }
                guard let p = Int(digits) else { return .fail(.invalidArgument, "could not parse formatting clause: missing precision") }
                precision = p
            }
            guard i < chars.count else { return .fail(.invalidArgument, "could not parse formatting clause: unterminated clause") }
            let conversion = chars[i]
            i += 1
            guard "sdfexXob".unicodeScalars.contains(conversion) else {
                return .fail(.invalidArgument, "could not parse formatting clause: unrecognized formatting clause \"\(conversion)\"")
            }
            guard next < args.count else { return .fail(.indexOutOfRange, "index \(next) out of range") }
            let arg = args[next]
            next += 1
            switch clause(conversion, precision, arg) {
            case .success(let s): out += s
            case .failure(let e): return .error(e)
            }
        }
        return .string(out)
    }

    private static func clause(_ c: Unicode.Scalar, _ precision: Int?, _ v: CELValue) -> Result<String, CELError> {
        func fail(_ m: String) -> Result<String, CELError> { .failure(CELError(.invalidArgument, "error during formatting: \(m)")) }
        func nonFinite(_ d: Double) -> String? {
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
            return nil
        }
        switch c {
        case "s":
            if case .error(let e) = v { return .failure(e) }
            return .success(CELFormat.plain(v))
        case "d":
            switch v {
            case .int(let i): return .success(String(i))
            case .uint(let u): return .success(String(u))
            case .double(let d): return .success(nonFinite(d) ?? CELFormat.double(d))
            default: return fail("decimal clause can only be used on integers, was given \(v.type.name)")
            }
        case "f", "e":
            let d: Double
            switch v {
            case .int(let i): d = Double(i)
            case .uint(let u): d = Double(u)
            case .double(let x): d = x
            default: return fail("\(c == "f" ? "fixed-point" : "scientific") clause can only be used on doubles, was given \(v.type.name)")
            }
            if let s = nonFinite(d) { return .success(s) }
            return .success(String(format: "%.\(precision ?? 6)\(c)", d))
        case "x", "X":
            let upper = c == "X"
            func hex(_ bytes: [UInt8]) -> String {
                bytes.map { let h = String($0, radix: 16, uppercase: upper); return h.count == 1 ? "0" + h : h }.joined()
            }
            switch v {
            case .int(let i): return .success((i < 0 ? "-" : "") + String(i.magnitude, radix: 16, uppercase: upper))
            case .uint(let u): return .success(String(u, radix: 16, uppercase: upper))
            case .string(let s): return .success(hex(Array(s.utf8)))
            case .bytes(let b): return .success(hex(b))
            default: return fail("only integers, byte buffers, and strings can be formatted as hex, was given \(v.type.name)")
            }
        case "o":
            switch v {
            case .int(let i): return .success((i < 0 ? "-" : "") + String(i.magnitude, radix: 8))
            case .uint(let u): return .success(String(u, radix: 8))
            default: return fail("octal clause can only be used on integers, was given \(v.type.name)")
            }
        default:
            switch v {
            case .int(let i): return .success((i < 0 ? "-" : "") + String(i.magnitude, radix: 2))
            case .uint(let u): return .success(String(u, radix: 2))
            case .bool(let b): return .success(b ? "1" : "0")
            default: return fail("only integers and bools can be formatted as binary, was given \(v.type.name)")
            }
        }
    }
}
