#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import QAPCheckKit

/// A short decimal is valued without strtod; its value must be strtod's (and strtoll's) to the
/// bit, for every literal the grammar admits, whichever way the value is found.
@Suite("Number values are the C library's")
struct NumberSyntaxTests {
    /// What strtoll and strtod make of a literal, as `NumberSyntax.value` typed it before it had a
    /// way of its own.
    static func reference(_ text: String, integral: Bool, integer: Bool) -> Node.Number? {
        if integral {
            errno = 0
            let v = strtoll(text, nil, 10)
            if errno == 0 { return .int(v) }
        }
        let d = strtod(text, nil)
        if integer { return Int64(exactly: d).map { .int($0) } }
        return .double(d)
    }

    static func same(_ a: Node.Number?, _ b: Node.Number?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.int(let x)?, .int(let y)?): return x == y
        case (.double(let x)?, .double(let y)?): return x.bitPattern == y.bitPattern
        default: return false
        }
    }

    static func check(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            guard case .success(let literal) = NumberSyntax.scan(bytes, from: 0), literal.end == bytes.count else {
                Issue.record("\(text) is not a literal")
                return
            }
            for integer in [false, true] {
                let mine = NumberSyntax.value(bytes, integral: literal.integral, integer: integer)
                let theirs = reference(text, integral: literal.integral, integer: integer)
                #expect(same(mine, theirs), "\(text) (integer: \(integer)): \(String(describing: mine)) against \(String(describing: theirs))")
            }
        }
    }

    @Test func edgesOfTheShortWay() {
        for text in ["0", "-0", "0.0", "-0.0", "7.5", "-7.5", "360.00", "10.0", "0.1", "0.3", "2.675", "1.005",
                     "999999999999999999", "-999999999999999999", "1000000000000000000", "9223372036854775807",
                     "-9223372036854775808", "9223372036854775808", "9007199254740993.0", "9007199254740992.5",
                     "900719925474099.3", "0.0000000000000000000001", "0.00000000000000000000001", "123456789012345678",
                     "12345678901234567.8", "1.7976931348623157", "4.9406564584124654", "1e3", "-2.5E-3", "0.5e1",
                     "100000000000000000000000", "5.0", "-5.00", "123.456000"] {
            Self.check(text)
        }
    }

    @Test func manyRandomDecimals() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40_000 {
            let whole = Int.random(in: 0...19, using: &generator)
            let fraction = Int.random(in: 0...24, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += whole == 0 ? "0" : String(Int.random(in: 1...9, using: &generator)) + String((1..<whole).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if fraction > 0 { text += "." + String((0..<fraction).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }) }
            Self.check(text)
        }
    }
}
