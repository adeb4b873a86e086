#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number grammar of JSON (RFC 8259), the one grammar every encoding uses: the JSON parser
/// scans its literals with it, and XML text typed as a number must match it whole, so both
/// encodings accept the same spellings ("7.5", "360.00", "-2", "1e3"; not "0x10", "007", "NaN").
enum NumberSyntax {
    /// What is wrong where a number stops matching the grammar.
    enum Problem: Sendable {
        case expectedDigit, leadingZero, digitAfterPoint, digitInExponent
    }

    /// A scanned literal: where it ends, and whether it has no fraction or exponent.
    struct Literal {
        let end: Int
        let integral: Bool
    }

    /// Scans the longest number literal at `start`; the problem and its offset when the bytes
    /// there do not begin a valid one.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Result<Literal, ScanError> {
        var i = start
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        func skipDigits() { while isDigit(i) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { return .failure(ScanError(problem: .expectedDigit, offset: i)) }
        if bytes[i] == 0x30, isDigit(i + 1) { return .failure(ScanError(problem: .leadingZero, offset: start)) }
        skipDigits()
        var integral = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard isDigit(i) else { return .failure(ScanError(problem: .digitAfterPoint, offset: i)) }
            skipDigits()
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { return .failure(ScanError(problem: .digitInExponent, offset: i)) }
            skipDigits()
        }
        return .success(Literal(end: i, integral: integral))
    }

    struct ScanError: Error {
        let problem: Problem
        let offset: Int
    }

    /// The value of a scanned literal: an exact `int` when it is integral and fits (or when
    /// `integer` asks for one and the value is a whole number), else a double. A literal beyond
    /// the double range is ±infinity, which no dossier can mean and `SchemaCheck` reports as out
    /// of range, in JSON and XML alike, rather than making the whole file unreadable. Nil when
    /// `integer` asks for a whole number and the value is not one.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>, integral: Bool, integer: Bool) -> Node.Number? {
        if let quick = shortDecimal(bytes) {
            guard integer, case .double(let d) = quick else { return quick }
            return Int64(exactly: d).map { .int($0) }
        }
        // A NUL-terminated copy for strtod/strtoll (on the stack unless the literal is huge).
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer -> Node.Number? in
            for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
            buffer[bytes.count] = 0
            if integral {
                errno = 0
                let v = strtoll(buffer.baseAddress!, nil, 10)
                if errno == 0 { return .int(v) }
            }
            let d = strtod(buffer.baseAddress!, nil)
            if integer { return Int64(exactly: d).map { .int($0) } }
            return .double(d)
        }
    }

    /// The value of a short literal without an exponent (`10`, `-7.5`, `360.00`: nearly every
    /// number a dossier holds), computed exactly as strtoll and strtod compute it, without them:
    /// its digits, at most eighteen, make an integer; with a fraction, that integer (then below
    /// 2^53, so exact as a double) divided by a power of ten that is exact too (at most 10^22)
    /// is one correctly rounded division, which is what strtod returns. Nil for anything else.
    @inline(__always)
    static func shortDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Node.Number? {
        var i = 0
        let negative = bytes.count > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = -1
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(b &- 0x30)
                digits += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
            } else if b == UInt8(ascii: "."), fractionDigits < 0 {
                fractionDigits = 0
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        if fractionDigits < 0 {
            let v = Int64(mantissa)
            return .int(negative ? -v : v)
        }
        guard fractionDigits > 0, fractionDigits < powersOfTen.count, mantissa <= 1 << 53 else { return nil }
        let d = Double(mantissa) / powersOfTen[fractionDigits]
        return .double(negative ? -d : d)
    }

    /// 10^0 through 10^22: the powers of ten a double holds exactly.
    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { p, _ in p * 10 } }

    /// The number that is the whole of `bytes`, typed for a field of type integer (`integer`) or
    /// number; nil when the bytes are not exactly one number literal.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, integer: Bool) -> Node.Number? {
        guard case .success(let literal) = scan(bytes, from: 0), literal.end == bytes.count else { return nil }
        guard let n = value(bytes, integral: literal.integral, integer: integer) else { return nil }
        if !integer, case .int(let i) = n { return .double(Double(i)) }
        return n
    }

    /// A double written in the grammar (YAML parameter values), nil for anything else.
    static func double(_ s: String) -> Double? {
        return s.withUTF8InPlace { bytes -> Double? in
            guard case .double(let d)? = number(bytes, integer: false) else { return nil }
            return d
        }
    }
}

/// The four white-space bytes JSON and XML share: space, tab, line feed, carriage return.
enum Whitespace {
    @inline(__always)
    static func contains(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
