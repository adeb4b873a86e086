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
}
