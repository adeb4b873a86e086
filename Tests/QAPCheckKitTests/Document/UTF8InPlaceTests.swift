import Foundation
import Testing
@testable import QAPCheckKit

/// Strings read where they lie give the bytes the string holds, whatever its storage: inline
/// (short), native, sliced, built up, or beyond ASCII; and two strings compare equal exactly when
/// their bytes do (canonically equivalent strings written differently are different in CEL).
@Suite struct InPlaceUTF8Tests {
    static let strings: [String] = [
        "", "a", "short one", "exactly fifteen", "sixteen bytes!!!", "a string long enough to live on the heap, with é and 日本",
        String("…cut from a longer text…".dropFirst(3).dropLast(3)), String(repeating: "ab", count: 300),
        "e\u{301}", "\u{E9}", String(decoding: [0x61, 0x62, 0x63], as: UTF8.self), NSString(string: "from NSString, quite long indeed").description,
        // Pairs of one length that differ at the first byte, inside, and at the last.
        "abd", "xbc", "same length, other ending!", "same length, other ending?", "Same length, other ending!",
    ]

    @Test(arguments: strings)
    func theBytesAreTheStringsUTF8(text: String) {
        #expect(text.withUTF8InPlace { Array($0) } == Array(text.utf8))
    }

    @Test func equalityIsByteEquality() {
        for a in Self.strings {
            for b in Self.strings {
                #expect(CELOperators.utf8Equal(a, b) == (Array(a.utf8) == Array(b.utf8)), "\(a) / \(b)")
            }
        }
        // Swift's `==` equates these; CEL does not.
        #expect("e\u{301}" == "\u{E9}")
        #expect(!CELOperators.utf8Equal("e\u{301}", "\u{E9}"))
    }
}
