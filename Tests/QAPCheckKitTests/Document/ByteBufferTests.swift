import Foundation
import Testing
@testable import QAPCheckKit

@Suite("Bytes written in place, and JSON quoting")
struct ByteBufferTests {
    /// Texts that end a plain run everywhere: at the start, the end, inside and across the
    /// eight-byte words the escape search reads, every control character, and text beyond ASCII.
    static let texts: [String] = {
        var texts = ["", "plain", "\"", "\\", "a\"b", "ends with a quote\"", "\"starts", "eight!!\"", "seven!\"x", "tab\there",
                     "line\nbreak\r\n", "é ü ß — 日本", "\u{1F600} \"q\" \\ \u{7}", String(repeating: "long text without escapes ", count: 40)]
        for byte in 0..<0x20 { texts.append("before\(Character(Unicode.Scalar(UInt8(byte))))after") }
        return texts
    }()

    /// The literal RFC 8259 asks for, written the plain way, a character at a time: short escapes
    /// where JSON has them, `\u00xx` (lower case) for other control characters, all else as is.
    static func reference(_ text: String) -> String {
        let short: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u{8}": "\\b", "\u{C}": "\\f"]
        var out = "\""
        for scalar in text.unicodeScalars {
            if let escape = short[scalar] {
                out += escape
            } else if scalar.value < 0x20 {
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test(arguments: texts)
    func quotedAsJSONAsksAndNoMore(text: String) throws {
        var buffer = ByteBuffer(capacity: 8)
        buffer.appendQuoted(text)
        #expect(buffer.text == Self.reference(text))
        #expect(JSONText.quoted(text) == buffer.text)
        // And JSON reads it back as the text it was.
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(buffer.text)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    /// A scratch buffer emptied and filled again, as the XML builder's text buffers are: each
    /// fill reads back whole, past the room it started with, and nothing of an earlier one stays.
    @Test func emptiedAndFilledAgainReadsOnlyTheNewBytes() {
        var buffer = ByteBuffer(capacity: 8)
        for round in 0..<40 {
            buffer.removeAll()
            #expect(buffer.count == 0)
            let text = String(repeating: "\(round % 10)", count: round * 3)
            text.utf8.withContiguousStorageIfAvailable { buffer.append($0) }
            #expect(buffer.withBytes { Array($0) } == Array(text.utf8))
            #expect(buffer.count == text.utf8.count)
        }
    }

    /// A JSON writer's member names, which it writes in one piece when they need no escape:
    /// the same text as writing each part, pretty (commas, line breaks, indentation) and compact,
    /// and a name that needs escapes the long way.
    @Test(arguments: [true, false])
    func membersWrittenInOnePieceReadBack(pretty: Bool) throws {
        var w = JSONWriter(indent: 1, pretty: pretty)
        w.open()
        w.string("plain", "a")
        w.string("QAP-HOURS", "not-applicable")
        w.open("nested")
        w.int("n\"quoted\"", 1)
        w.strings("list", ["x", "y\n"])
        w.open("empty", array: true)
        w.close(array: true)
        w.close()
        w.optionalString("tab\tname", nil)
        w.close()
        let expected = pretty ? """
            {
                "plain": "a",
                "QAP-HOURS": "not-applicable",
                "nested": {
                  "n\\"quoted\\"": 1,
                  "list": ["x", "y\\n"],
                  "empty": []
                },
                "tab\\tname": null
              }
            """ : #"{"plain":"a","QAP-HOURS":"not-applicable","nested":{"n\"quoted\"":1,"list":["x","y\n"],"empty":[]},"tab\tname":null}"#
        #expect(w.text == expected)
        let read = try #require(JSONSerialization.jsonObject(with: Data(w.text.utf8)) as? [String: Any])
        #expect(read["QAP-HOURS"] as? String == "not-applicable" && read["tab\tname"] is NSNull)
        #expect((read["nested"] as? [String: Any])?["n\"quoted\""] as? Int == 1)
    }

    /// A document's outcomes, written from the pieces a thread keeps, are the text the writer
    /// gives member by member: pretty at two depths and compact, with a name that needs escapes,
    /// and again after the rules change (other names, another order, fewer), on one thread.
    @Test func outcomesWrittenFromKeptPiecesAreTheMembersText() throws {
        let sets: [[RuleOutcome]] = [
            [RuleOutcome(rule: "QAP-HOURS", outcome: .pass), RuleOutcome(rule: "A \"quoted\"\tname", outcome: .fail),
             RuleOutcome(rule: "IMI-FEEDBACK-DIGEST-REVIEWER", outcome: .notApplicable)],
            [RuleOutcome(rule: "QAP-HOURS", outcome: .indeterminate), RuleOutcome(rule: "A \"quoted\"\tname", outcome: .exempt),
             RuleOutcome(rule: "IMI-FEEDBACK-DIGEST-REVIEWER", outcome: .pass)],
            [RuleOutcome(rule: "IMI-FEEDBACK-DIGEST-REVIEWER", outcome: .fail), RuleOutcome(rule: "QAP-HOURS", outcome: .pass)],
            [RuleOutcome(rule: "QAP-HOURS", outcome: .fail), RuleOutcome(rule: "IMI-FEEDBACK-DIGEST-REVIEWER", outcome: .pass)],
            [RuleOutcome(rule: "QAP-CASES", outcome: .pass)],
            [],
        ]
        for (pretty, indent) in [(true, 2), (true, 0), (false, 0), (true, 2)] {
            for outcomes in sets {
                var kept = JSONWriter(indent: indent, pretty: pretty), each = JSONWriter(indent: indent, pretty: pretty)
                for w in [0, 1] {
                    var writer = w == 0 ? kept : each
                    writer.open()
                    writer.string("file", "a.json")
                    writer.open("outcomes")
                    if w == 0 {
                        outcomes.withUnsafeBufferPointer { writer.outcomes($0) }
                    } else {
                        for o in outcomes { writer.string(o.rule.rawValue, o.outcome.rawValue) }
                    }
                    writer.close()
                    writer.close()
                    if w == 0 { kept = writer } else { each = writer }
                }
                #expect(kept.text == each.text, "pretty \(pretty), indent \(indent), \(outcomes.count) outcomes")
                let read = try #require(JSONSerialization.jsonObject(with: Data(kept.text.utf8)) as? [String: Any])
                #expect((read["outcomes"] as? [String: String])?.count == outcomes.count)
            }
        }
    }

    @Test func growsPastItsRoomKeepingEveryByte() {
        var buffer = ByteBuffer(capacity: 64)
        var expected = ""
        for i in 0..<500 {
            buffer.append("piece \(i);")
            buffer.append(repeating: 0x20, times: i % 7)
            buffer.append(UInt8(ascii: "|"))
            expected += "piece \(i);" + String(repeating: " ", count: i % 7) + "|"
        }
        #expect(buffer.text == expected)
        #expect(buffer.count == expected.utf8.count)
    }
}
