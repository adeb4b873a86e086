import Foundation
import Testing
@testable import QAPCheckKit

/// JSON string literals as reports write them: escaped as RFC 8259 requires, read back exactly.
@Suite struct JSONTextTests {
    static let samples: [String] = [
        "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{08}\u{0C}",
        String((0..<0x20).map { Character(Unicode.Scalar($0)!) }), "é and e\u{301}", "emoji 😀", "\u{7F}\u{2028}",
    ]

    @Test(arguments: samples)
    func aQuotedStringReadsBackAsItself(_ text: String) throws {
        let quoted = JSONText.quoted(text)
        let back = try JSONDecoder().decode(String.self, from: Data(quoted.utf8))
        #expect(Array(back.unicodeScalars) == Array(text.unicodeScalars))
        #expect(!quoted.dropFirst().dropLast().unicodeScalars.contains { $0.value < 0x20 }, "no raw control character")
    }

    @Test func onlyWhatMustBeEscapedIs() {
        #expect(JSONText.quoted("a\u{01}b") == #""a\u0001b""#)
        #expect(JSONText.quoted("\u{1F}") == #""\u001f""#)
        #expect(JSONText.quoted("é/<>") == "\"é/<>\"", "non-ASCII and slashes stay as they are")
        #expect(JSONText.quoted("say \"hi\"\n") == #""say \"hi\"\n""#)
    }

    /// The word-at-a-time scan agrees with a byte-by-byte one on every byte value at every
    /// position of a word and its tail, among bytes that need no escape: those just past each
    /// boundary the scan tests (0x20, 0x21, 0x23, 0x5B, 0x5D) and those with the high bit set,
    /// which its subtractions must not mistake for small ones (0x7F, 0x80, 0xFF).
    @Test func theEscapeScanFindsEveryByteThatNeedsOne() {
        let neighbours: [UInt8] = [0x41, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF]
        for length in [1, 7, 8, 9, 16, 19] {
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    for fill in neighbours {
                        var bytes = [UInt8](repeating: fill, count: length)
                        bytes[position] = byte
                        let expected = byte < 0x20 || byte == 0x22 || byte == 0x5C
                        let found = bytes.withUnsafeBufferPointer { JSONText.needsEscaping($0) }
                        #expect(found == expected, "byte \(byte) at \(position) of \(length) among \(fill)")
                        // Where the first one is, with another after it that must not be taken.
                        bytes.append(0x22)
                        let first = bytes.withUnsafeBufferPointer { JSONText.firstSpecial(in: $0, from: 0) }
                        #expect(first == (expected ? position : length), "byte \(byte) at \(position) of \(length) among \(fill)")
                        let after = bytes.withUnsafeBufferPointer { JSONText.firstSpecial(in: $0, from: position + 1) }
                        #expect(after == length, "from \(position + 1) of \(length) among \(fill)")
                    }
                }
            }
        }
    }
}
