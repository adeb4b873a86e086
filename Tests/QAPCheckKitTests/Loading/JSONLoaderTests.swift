import Testing
@testable import QAPCheckKit

@Suite("JSON loader: strict RFC 8259 with positions")
struct JSONLoaderTests {
    /// A JSON dossier with `body` spliced in as extra root members.
    func dossier(_ body: String) -> String {
        "{\"kind\":\"mediator-profile\",\"schemaVersion\":\"1\",\"id\":\"P\"\(body)}"
    }

    @Test(arguments: [
        ("{\"a\":1,}", "trailing comma before '}'", 1, 8),
        ("[1,2,]", "trailing comma before ']'", 1, 6),
        ("{\"a\":1} x", "unexpected data after the end of the document", 1, 9),
        ("{\"a\":01}", "numbers must not have leading zeros", 1, 6),
        ("{\"a\":-01}", "numbers must not have leading zeros", 1, 6),
        ("{\"a\":1.}", "expected a digit after the decimal point", 1, 8),
        ("{\"a\":1e}", "expected a digit in the exponent", 1, 8),
        ("{\"a\":NaN}", "NaN and Infinity are not JSON numbers", 1, 6),
        ("{\"a\":-Infinity}", "NaN and Infinity are not JSON numbers", 1, 6),
        ("{\"a\":Infinity}", "NaN and Infinity are not JSON numbers", 1, 6),
        ("{// note\n\"a\":1}", "comments are not allowed in JSON", 1, 2),
        ("{\"a\":1 /* c */}", "expected ',' or '}' after an object member", 1, 8),
        ("{\"a\":\"x\\q\"}", "invalid escape '\\q' in a string", 1, 8),
        ("{\"a\":\"\\ud800\"}", "a high surrogate must be followed by a low surrogate escape", 1, 7),
        ("{\"a\":\"\\udc00\"}", "a lone low surrogate is not a character", 1, 7),
        ("{\"a\":\"\\u12\"}", "'\\u' needs four hex digits", 1, 7),
        ("{\"a\":\"tab\there\"}", "control characters must be escaped in strings", 1, 10),
        ("{\"a\":tru}", "expected a value (object, array, string, number, true, false or null)", 1, 6),
        ("{'a':1}", "expected a member name in double quotes", 1, 2),
        ("{\"a\" 1}", "expected ':' after the member name", 1, 6),
        ("{\"a\":[1,2}", "expected ',' or ']' after an array item", 1, 10),
        ("{\"a\":{\"b\":1}\n", "unexpected end of file: the object opened at 1:1 is not closed", 2, 1),
        ("{\"a\":\"open", "unexpected end of file inside a string", 1, 11),
        ("{\"a\":1,\"a\":2}", "duplicate member name \"a\" in an object", 1, 8),
    ])
    func refusesWhatRFC8259Forbids(text: String, message: String, line: Int, column: Int) {
        let error = Repo.error(text, as: "bad.json")
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column))
        #expect(error?.reason == .notWellFormed || error?.reason == .duplicateKey)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let d = try Repo.load(dossier(",\"name\":\"A\\u00e9\\ud83d\\ude00\\n\\\"\\/\""), as: "ok.json")
        #expect(d.root["name"]?.value == .string("Aé😀\n\"/"))
    }

    /// Member names the schema lists are taken from the schema without decoding; a name written
    /// with escapes is the same name, typed by the same schema, and a second spelling of a name is
    /// still a duplicate.
    @Test func namesTheSchemaListsReadAsWrittenWithOrWithoutEscapes() throws {
        let text = #"{"kind":"mediator-application","c\u0061ses":[{"hours":"7","h\u006furs2":1}],"cas":1,"casesX":2}"#
        let d = try Repo.load(text, as: "k.json")
        #expect(d.root["cases"]?[0]?["hours"]?.value == .string("7"), "the escaped name is the schema's 'cases'")
        #expect(d.root["cases"]?[0]?["hours2"]?.value == .number(.int(1)))
        #expect(d.root["cas"]?.value == .number(.int(1)) && d.root["casesX"]?.value == .number(.int(2)), "names that only start alike stay apart")
        let plain = try Repo.load(#"{"kind":"mediator-application","cases":[{"hours":7}]}"#, as: "p.json")
        let escaped = try Repo.load(#"{"kind":"mediator-application","\u0063ases":[{"\u0068ours":7}]}"#, as: "e.json")
        #expect(plain.root.value == escaped.root.value)
        #expect(escaped.root["cases"]?[0]?["hours"]?.value == .number(.double(7)), "the schema types the escaped name's value too")
        let duplicate = Repo.error(#"{"kind":"mediator-application","id":"A","\u0069d":"B"}"#, as: "d.json")
        #expect(duplicate?.reason == .duplicateKey)
        #expect(duplicate?.message.contains("\"id\"") == true)
    }

    /// A member name told by its first byte is checked whole, up to its closing quote. A longer
    /// or shorter name, one cut off by the end of the file, and names that share a first byte or
    /// that JSON writes only escaped are not told this way (they go the long way, by a scan).
    /// A value the schema types is read with its schema borrowed from the parse; a bad one there
    /// is the same clear error, at its place, as one the schema does not know.
    @Test(arguments: [("\"id\": \"a\\q\"", "invalid escape"), ("\"fee\": {\"paid\": tru}", "expected a value"),
                      ("\"cases\": [{\"hours\": 01}]", "leading zeros"), ("\"cases\": [{\"role\": \"mediator\u{1}\"}]", "control characters")])
    func aBadValueOfATypedMemberIsAClearErrorAtItsPlace(member: String, message: String) throws {
        let head = #"{"kind": "mediator-application", "schemaVersion": "1", "#
        for (text, typed) in [(head + member + "}", true), (#"{"x": {"# + member + "}}", false)] {
            let error = try #require(Repo.error(text, as: "d.json"), "\(text)")
            #expect(error.message.contains(message), "\(typed ? "typed" : "untyped"): \(error.message)")
            #expect(error.location?.line == 1 && (error.location?.column ?? 0) > (typed ? head.count : 6), "\(error)")
        }
    }

    @Test func aMemberNameToldByItsFirstByteIsCheckedWhole() {
        let names = ["role", "rank", "status", "id", "a\"b", "q\\x", "\u{E9}", "\u{FC}", "z"]
        let schema = SchemaNode(type: .object, properties: Dictionary(uniqueKeysWithValues: names.map { ($0, SchemaNode(type: .string)) }))
        func find(_ written: String) -> String? {
            let bytes = Array(written.utf8)
            return bytes.withUnsafeBufferPointer { schema.property(quotedAt: $0.baseAddress!, available: $0.count).map { schema.propertyName(at: $0.index) } }
        }
        #expect(find("status\":1") == "status")
        #expect(find("id\"") == "id")
        #expect(find("z\"") == "z")
        for other in ["ids\"", "i\"", "status", "statu", "st\"", "zz\"", "z", "x\"", "\""] {
            #expect(find(other) == nil, "\(other)")
        }
        for sharedOrEscaped in ["role\"", "rank\"", "a\"b\"", "q\\x\"", "\u{E9}\"", "\u{FC}\""] {
            #expect(find(sharedOrEscaped) == nil, "\(sharedOrEscaped)")
        }
        // Through the parser, each name still finds its own property, told either way.
        let keyed = SchemaNode(type: .object, properties: ["kind": SchemaNode(type: .string), "role": SchemaNode(type: .integer), "rank": SchemaNode(type: .integer), "id": SchemaNode(type: .integer)])
        var parser = JSONParser(bytes: Array(#"{"kind":"k","role":1,"rank":2,"id":3,"ids":4}"#.utf8), limits: .default, schemas: SchemaSet(["k": keyed]))
        let root = try? parser.parse()
        #expect(root?["role"]?.value == .number(.int(1)) && root?["rank"]?.value == .number(.int(2)) && root?["id"]?.value == .number(.int(3)))
        #expect(root?["ids"]?.value == .number(.int(4)))
    }

    @Test func numbersAreIntsOrDoublesAsWritten() throws {
        let d = try Repo.load(dossier(",\"x\":[0,-7,1.5,2e3,9223372036854775807,9223372036854775808]"), as: "ok.json")
        guard case .array(let xs)? = d.root["x"]?.value else { Issue.record("x is not a list"); return }
        #expect(xs.map(\.value) == [.number(.int(0)), .number(.int(-7)), .number(.double(1.5)), .number(.double(2000)),
                                    .number(.int(Int64.max)), .number(.double(9223372036854775808))])
    }

    /// A number beyond the double range is read, and reported by SCHEMA at its place, in JSON
    /// and in XML alike: one out-of-range value does not make the file unreadable.
    @Test func aNumberOutOfRangeIsASchemaDeviationInBothEncodings() throws {
        let json = try Repo.load("{\"kind\":\"mediator-application\",\n\"cases\":[{\"hours\":1e400},{\"hours\":-1e400}],\"id\":1e999}", as: "n.json")
        let xml = try Repo.load("<mediator-application id=\"A\">\n<cases><case hours=\"1e400\"/><case><hours>-1e400</hours></case></cases></mediator-application>", as: "n.xml")
        for d in [json, xml] {
            let v = SchemaCheck.violations(in: d.root, schema: Repo.schemas["mediator-application"])
            let outOfRange = v.filter { $0.actual == "a number out of range" }
            #expect(outOfRange.map(\.pointer.description) == ["/cases/0/hours", "/cases/1/hours"])
            #expect(outOfRange.first?.message == "'/cases/0/hours' is a number out of range.")
            #expect(outOfRange.first?.location.line == 2)
        }
        let id = SchemaCheck.violations(in: json.root, schema: Repo.schemas["mediator-application"]).first { $0.pointer.description == "/id" }
        #expect(id?.message == "'/id' should be a string; found a number.", "an out-of-range number in a text field is still a number")
    }

    @Test(arguments: [("\r", 3), ("\r\n", 3), ("\n", 3), ("\n\r", 5), ("\r\r", 5)])
    func everyLineBreakCounts(newline: String, line: Int) throws {
        let json = try Repo.load("{\"kind\":\"mediator-profile\",\(newline)\"id\":\"P\",\(newline)\"x\":1}", as: "n.json")
        #expect(json.root["x"]?.location == SourceLocation(line: line, column: 5))
        let xml = try Repo.load("<mediator-profile id=\"P\">\(newline)<y>2</y>\(newline)<x>1</x></mediator-profile>", as: "n.xml")
        #expect(xml.root["x"]?.location == SourceLocation(line: line, column: 1))
        let long = String(repeating: " ", count: 20)
        let wide = try Repo.load("{\"kind\":\"mediator-profile\",\(long)\r\(long)\"x\":1}", as: "w.json")
        #expect(wide.root["x"]?.location == SourceLocation(line: 2, column: 25), "a CR inside an eight-byte word is seen")
    }

    @Test func schemaTypesNumbersEvenWhenKindComesLast() throws {
        let d = try Repo.load("{\"cases\":[{\"hours\":8}],\"training\":[{\"rolePlays\":3.0}],\"kind\":\"mediator-application\"}", as: "late.json")
        #expect(d.root.resolve(try JSONPointer(parsing: "/cases/0/hours"))?.value == .number(.double(8)))
        #expect(d.root.resolve(try JSONPointer(parsing: "/training/0/rolePlays"))?.value == .number(.int(3)))
    }

    @Test func depthLimitIsConfigurableAndClear() {
        let nested = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        let error = Repo.error(nested, as: "deep.json", limits: LoadLimits(maxDepth: 5))
        #expect(error?.reason == .tooDeep)
        #expect(error?.message == "nesting is deeper than the limit of 5")
        #expect(error?.location == SourceLocation(line: 1, column: 6))
    }

    @Test func twoHundredThousandBracketsGiveAnErrorNotACrash() {
        let text = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(Repo.error(text, as: "brackets.json")?.reason == .tooDeep)
        let open = String(repeating: "{\"a\":", count: 200_000)
        #expect(Repo.error(open, as: "objects.json")?.reason == .tooDeep)
    }

    @Test func deepButAllowedNestingLoads() throws {
        let text = dossier(",\"x\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200))
        #expect(try Repo.load(text, as: "ok.json").root["x"] != nil)
    }

    @Test func topLevelMustBeAnObject() {
        let error = Repo.error("[1, 2]", as: "list.json")
        #expect(error?.reason == .badStructure)
        #expect(error?.message == "the top level of a dossier must be an object, not an array")
    }

    @Test func unknownKindIsAnErrorAtTheKind() {
        let error = Repo.error("{\n  \"kind\": \"tax-return\"}", as: "k.json")
        #expect(error?.reason == .unknownKind)
        #expect(error?.location == SourceLocation(line: 2, column: 11))
        #expect(error?.message.contains("mediator-application") == true)
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let d = try Repo.loader().load(bytes: [0xEF, 0xBB, 0xBF] + Array(dossier("").utf8), file: "bom.json")
        #expect(d.id == "P")
    }
}
