import Testing
@testable import QAPCheckKit

@Suite("XML loader: libxml2 SAX2, safe options, the dossier mapping")
struct XMLLoaderTests {
    @Test func doctypeIsRefusedAndNoEntityIsExpanded() {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <mediator-profile schemaVersion="1" id="&lol2;"/>
        """
        let error = Repo.error(laughs, as: "laughs.xml")
        #expect(error?.reason == .forbiddenConstruct)
        #expect(error?.message.hasPrefix("DOCTYPE declarations are not allowed") == true)
        #expect(error?.location?.line == 2)
    }

    @Test func externalEntitiesAreNeverFetched() {
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE p SYSTEM "file:///etc/passwd">
        <mediator-profile schemaVersion="1" id="x"/>
        """
        #expect(Repo.error(xxe, as: "xxe.xml")?.reason == .forbiddenConstruct)
    }

    @Test func undeclaredEntityIsNotWellFormed() {
        let error = Repo.error("<mediator-profile id=\"&secret;\"/>", as: "e.xml")
        #expect(error?.reason == .notWellFormed)
        #expect(error?.location?.line == 1)
    }

    @Test func notWellFormedNamesLineAndColumn() {
        let text = "<mediator-profile schemaVersion=\"1\">\n  <listing paidThrough=\"2025-12-31\">\n</mediator-profile>\n"
        let error = Repo.error(text, as: "broken.xml")
        #expect(error?.reason == .notWellFormed)
        #expect(error?.location?.line == 3)
        #expect(error?.message.contains("mismatch") == true)
    }

    @Test func unknownRootElementNamesTheKnownKinds() {
        let error = Repo.error("<?xml version=\"1.0\"?>\n<invoice id=\"1\"/>", as: "i.xml")
        #expect(error?.reason == .unknownKind)
        #expect(error?.location == SourceLocation(line: 2, column: 1))
        #expect(error?.message == "root element <invoice> names no known kind; expected one of <mediator-application>, <mediator-profile>, <program-audit>")
    }

    @Test func foreignNamespaceIsRefusedOwnIsAccepted() throws {
        #expect(Repo.error("<mediator-profile xmlns=\"urn:other\" id=\"x\"/>", as: "n.xml")?.reason == .unknownKind)
        let d = try Repo.load("<q:mediator-profile xmlns:q=\"urn:qap:dossier:1\" q:id=\"x\" schemaVersion=\"1\"/>", as: "n.xml")
        #expect(d.id == "x")
        #expect(d.kind == "mediator-profile")
    }

    @Test func tooDeepIsAClearError() {
        var text = "<mediator-profile>"
        for _ in 0..<300 { text += "<a>" }
        for _ in 0..<300 { text += "</a>" }
        text += "</mediator-profile>"
        let error = Repo.error(text, as: "deep.xml")
        #expect(error?.reason == .tooDeep)
        #expect(error?.message == "elements are nested deeper than the limit of 256")
        #expect(Repo.error(text, as: "deep.xml", limits: LoadLimits(maxDepth: 10))?.message == "elements are nested deeper than the limit of 10")
    }

    @Test func wrongTypedTextStaysAStringForTheSchemaRule() throws {
        let text = "<mediator-application schemaVersion=\"1\" id=\"A\">\n  <cases><case id=\"C-1\" hours=\"ten\"/></cases>\n</mediator-application>"
        let d = try Repo.load(text, as: "t.xml")
        let hours = d.root.resolve(try JSONPointer(parsing: "/cases/0/hours"))
        #expect(hours?.value == .string("ten"))
        #expect(hours?.location == SourceLocation(line: 2, column: 25))
        let violations = SchemaCheck.violations(in: d.root, schema: Repo.schemas["mediator-application"])
        #expect(violations.map(\.pointer.description) == ["/cases/0/hours"])
        #expect(violations.first?.location == SourceLocation(line: 2, column: 25))
        #expect(violations.first?.message == "'/cases/0/hours' should be a number; found a string.")
    }

    @Test func listItemsMustHaveTheItemName() {
        let error = Repo.error("<mediator-application>\n<cases><reference/></cases></mediator-application>", as: "l.xml")
        #expect(error?.reason == .badStructure)
        #expect(error?.message == "<cases> holds <case> items, not <reference>")
        #expect(error?.location == SourceLocation(line: 2, column: 8))
    }

    @Test func aFieldGivenTwiceIsAnError() {
        let error = Repo.error("<mediator-profile id=\"a\"><id>b</id></mediator-profile>", as: "d.xml")
        #expect(error?.reason == .duplicateKey)
        #expect(error?.message == "'id' is given twice in <mediator-profile>")
        #expect(error?.location == SourceLocation(line: 1, column: 26))
    }

    @Test func textBesideFieldsIsAnError() {
        let error = Repo.error("<mediator-profile id=\"a\">\n  <listing waiver=\"none\">stray</listing></mediator-profile>", as: "s.xml")
        #expect(error?.reason == .badStructure)
        #expect(error?.location == SourceLocation(line: 2, column: 3))
    }

    /// `<listing>paid</listing>` is `"listing": "paid"`: read, and reported by the schema check.
    @Test func textAloneWhereFieldsBelongIsAStringTheSchemaReports() throws {
        for text in ["<mediator-profile id=\"a\">\n  <listing>paid</listing></mediator-profile>",
                     "<mediator-profile id=\"a\">\n  <listing>\n    paid\n  </listing></mediator-profile>"] {
            let d = try Repo.load(text, as: "t.xml")
            guard case .string(let value) = d.root["listing"]?.value else { Issue.record("not a string"); continue }
            #expect(value.trimmingCharacters(in: .whitespacesAndNewlines) == "paid")
            let violations = SchemaCheck.violations(in: d.root, schema: Repo.schemas["mediator-profile"])
            #expect(violations.contains { $0.pointer.description == "/listing" && $0.location == SourceLocation(line: 2, column: 3) }, "\(violations)")
        }
        let json = try Repo.load(#"{"kind":"mediator-profile","schemaVersion":"1","id":"a","listing":"paid"}"#, as: "t.json")
        #expect(SchemaCheck.violations(in: json.root, schema: Repo.schemas["mediator-profile"]).map(\.message)
                == SchemaCheck.violations(in: try Repo.load("<mediator-profile schemaVersion=\"1\" id=\"a\"><listing>paid</listing></mediator-profile>", as: "t.xml").root,
                                          schema: Repo.schemas["mediator-profile"]).map(\.message), "the same finding in both encodings")
        // The value is the text as written, white space and all, with a skipped foreign element
        // between the white space and the words.
        for (text, value) in [("<listing>\n    paid\n  </listing>", "\n    paid\n  "),
                              ("<listing>\n  <x:b xmlns:x=\"urn:other\"/>  paid <x:c xmlns:x=\"urn:other\"/></listing>", "\n    paid ")] {
            let d = try Repo.load("<mediator-profile id=\"a\">\(text)</mediator-profile>", as: "t.xml")
            #expect(d.root["listing"]?.value == .string(value), "\(text)")
        }
        // Text after a field, or in a list, beside its items, is still no value.
        #expect(Repo.error("<mediator-profile id=\"a\"><listing><waiver>none</waiver>stray</listing></mediator-profile>", as: "m.xml")?.reason == .badStructure)
        // However long the white space around it, and whatever white space it is.
        for width in [7, 8, 9, 15, 16, 17, 30] {
            let pad = String(repeating: " ", count: width)
            #expect(Repo.error("<mediator-profile id=\"a\"><listing><waiver>none</waiver>\n\(pad)é\(pad)</listing></mediator-profile>", as: "m.xml")?.reason == .badStructure)
            #expect(throws: Never.self) { try Repo.load("<mediator-profile id=\"a\"><listing><waiver>none</waiver>\n\t\(pad)\r\n\(pad)</listing></mediator-profile>", as: "m.xml") }
        }
    }

    @Test func unknownElementsAreKeptAsDataTheRulesIgnore() throws {
        let d = try Repo.load("<mediator-profile id=\"a\"><note lang=\"en\"><by>x</by></note><tag>t</tag></mediator-profile>", as: "u.xml")
        #expect(d.root["tag"]?.value == .string("t"))
        #expect(d.root["note"]?["lang"]?.value == .string("en"))
        #expect(d.root["note"]?["by"]?.value == .string("x"))
    }

    @Test func elementsInAForeignNamespaceAreSkippedWithAllTheyHold() throws {
        let text = """
        <mediator-profile id="a" xmlns:x="urn:other" xmlns:q="urn:qap:dossier:1">
          <x:note><name>not a field</name><x:deeper>t</x:deeper></x:note>
          <name>Zo\u{EB}<x:b>bold</x:b> K</name><q:tag>t</q:tag><x:empty/>
        </mediator-profile>
        """
        let d = try Repo.load(text, as: "f.xml")
        #expect(d.root["note"] == nil)
        #expect(d.root["name"]?.value == .string("Zo\u{EB} K"))
        #expect(d.root["tag"]?.value == .string("t"))
        #expect(d.root["tag"]?.location == SourceLocation(line: 3, column: 36))
        if case .object(let members)? = Optional(d.root.value) {
            #expect(members.members.map(\.key) == ["kind", "id", "name", "tag"])
        }
        var deep = "<mediator-profile xmlns:x=\"urn:other\">"
        for _ in 0..<300 { deep += "<x:a>" }
        for _ in 0..<300 { deep += "</x:a>" }
        #expect(Repo.error(deep + "</mediator-profile>", as: "deep.xml")?.reason == .tooDeep, "skipped elements still count for depth")
    }

    @Test func textOverLibxml2sTenMegabytesIsReadWithinOurSizeLimit() throws {
        let long = String(repeating: "a", count: 11_000_000)
        let d = try Repo.load("<mediator-profile id=\"a\"><name>\(long)</name></mediator-profile>", as: "big.xml")
        #expect(d.root["name"]?.value == .string(long))
        let error = Repo.error("<mediator-profile><name>\(long)</name></mediator-profile>", as: "big.xml", limits: LoadLimits(maxBytes: 10_000_000))
        #expect(error?.reason == .tooLarge)
    }

    /// libxml2 counts a document's bytes in 32 bits: a longer one (`--max-file-size` may allow it)
    /// is refused with the reason, not handed over to trap; the size check, not a 2 GB file.
    @Test func aDocumentLongerThanLibxml2CanCountIsRefused() throws {
        try XMLLoader.checkSize(XMLLoader.maxDocumentBytes)
        let error = #expect(throws: DocumentError.self) { try XMLLoader.checkSize(XMLLoader.maxDocumentBytes + 1) }
        #expect(error?.reason == .tooLarge)
        #expect(error?.message.contains("at most 2147483647 bytes") == true, "\(error?.message ?? "")")
    }

    @Test func entitiesAndCDATAInTextAreDecoded() throws {
        let d = try Repo.load("<mediator-profile id=\"a&amp;b&#x21;\"><name><![CDATA[<Zoë>]]> &lt;x&gt;</name></mediator-profile>", as: "c.xml")
        #expect(d.id == "a&b!")
        #expect(d.root["name"]?.value == .string("<Zoë> <x>"))
    }
}

@Suite("Typing XML text by the schema")
struct XMLTypingTests {
    /// XML text typed as a number is read as the same literal in JSON would be: one grammar, one
    /// value, whichever encoding a dossier uses.
    @Test(arguments: ["7.5", "360.00", "-2", "1e3", " 12 ", "0x10", "007", "0", "-0.5", "4.0", "4.5", "1.", ".5", "true",
                      "9223372036854775807", "-9223372036854775808", "92233720368547758070", "1e400", "ten", "2026-02-30", "1E-2"])
    func numbersInXMLTextAreTypedAsInJSON(text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let dossier = "{\"kind\": \"mediator-profile\", \"x\": \(trimmed)}"
        let json = Repo.error(dossier, as: "n.json") == nil ? try Repo.load(dossier, as: "n.json").root["x"]?.value : nil
        let asNumber = SchemaNode(type: .number).typedValue(ofText: text)
        switch json {
        case .number(let n)?:
            #expect(asNumber == .number(.double(n.doubleValue)), "'\(text)' as a number")
        default:
            #expect(asNumber == .string(trimmed), "'\(text)' is no JSON number, so it stays text for SCHEMA to report")
        }
    }

    @Test func numbersAndBooleansAreTyped() {
        let number = SchemaNode(type: .number), integer = SchemaNode(type: .integer), boolean = SchemaNode(type: .boolean)
        func typed(_ s: SchemaNode, _ t: String) -> LeafValue { Array(t.utf8).withUnsafeBufferPointer { s.typedLeaf(ofBytes: $0).value } }
        #expect(typed(number, " 8.5 ") == .number(.double(8.5)))
        #expect(typed(number, "12") == .number(.double(12)))
        #expect(typed(integer, "4.0") == .number(.int(4)))
        #expect(typed(integer, "4.5") == .string("4.5"))
        #expect(typed(boolean, "true") == .bool(true))
        #expect(typed(boolean, "yes") == .string("yes"))
    }

    /// Typing text says whether the schema allows what it made, so the tree builder does not ask
    /// again: that answer is the schema check's own, for every kind of field and every kind of
    /// text (a value of the enumeration in another canonically equivalent form, too).
    @Test func typingTextJudgesAsTheSchemaCheckDoes() {
        let schemas = [
            SchemaNode(type: nil), SchemaNode(type: .string), SchemaNode(type: .number), SchemaNode(type: .integer),
            SchemaNode(type: .boolean), SchemaNode(type: .object), SchemaNode(type: .array),
            SchemaNode(type: .string, format: "date"), SchemaNode(type: nil, format: "date"),
            SchemaNode(type: .string, enumeration: ["caf\u{E9}", "paid"]), SchemaNode(type: .number, enumeration: ["1"]),
            SchemaNode(type: .string, format: "date", enumeration: ["2026-02-30", "2026-03-01"]),
        ]
        let texts = ["", "  ", "7", " 7.5 ", "1e400", "-0", "true", "false", "yes", "paid", " paid ", "caf\u{E9}", "cafe\u{301}",
                     "2026-03-01", " 2026-03-01\n", "2026-02-30", "2026-3-01", "1"]
        for schema in schemas {
            for text in texts {
                let typed = Array(text.utf8).withUnsafeBufferPointer { schema.typedLeaf(ofBytes: $0) }
                let judged: Bool
                switch typed.value {
                case .string(let s): judged = schema.allows(.string, string: { s })
                case .number(.int): judged = schema.allows(.int, string: { "" })
                case .number(.double(let d)): judged = schema.allows(.double, double: d, string: { "" })
                case .bool: judged = schema.allows(.bool, string: { "" })
                case .null: judged = schema.allows(.null, string: { "" })
                case .emptyObject: judged = schema.allows(.object, string: { "" })
                case .emptyArray: judged = schema.allows(.array, string: { "" })
                }
                #expect(typed.allowed == judged, "'\(text)' by \(schema.type?.rawValue ?? "no type") \(schema.format ?? "") \(schema.enumeration ?? [])")
            }
        }
    }

    /// A member name read from a file finds its property whatever it shares with the others:
    /// a prefix (`case`, `cases`, `caseId`), the first seven bytes and the length, a length past
    /// what a head counts; and a name no property has finds none.
    @Test func aNameFindsItsPropertyAndNoOther() {
        let long = String(repeating: "n", count: 300)
        let names = ["case", "cases", "caseId", "syllabusA", "syllabusB", "syllabus", "a", "é", long + "x", long + "yy", "abcdefg", "abcdefgh"]
        let schema = SchemaNode(type: .object, properties: Dictionary(uniqueKeysWithValues: names.map { ($0, SchemaNode(type: .string)) }))
        func find(_ name: String) -> String? { Array(name.utf8).withUnsafeBufferPointer { schema.property(named: $0).map { schema.propertyName(at: $0.index) } } }
        for name in names { #expect(find(name) == name, "\(name.prefix(12)) (\(name.utf8.count) bytes)") }
        for other in ["cas", "caseI", "syllabusC", "syllabu", "", "b", "e", long + "z", long + "xx", long, "abcdefgX", "abcdefghi", "Case"] {
            #expect(find(other) == nil, "\(other.prefix(12)) (\(other.utf8.count) bytes)")
        }
    }

    /// Text that is one of a field's enumerated values is that value (matched whole, after the
    /// white space around it); text that only starts like one, or differs in case or length,
    /// stays the text it is, for SCHEMA to report.
    @Test func enumeratedTextIsMatchedWhole() throws {
        let role = SchemaNode(type: .string, enumeration: ["mediator", "co-mediator", "observer", "a-value-longer-than-fifteen-bytes"])
        func typed(_ t: String) -> LeafValue { Array(t.utf8).withUnsafeBufferPointer { role.typedLeaf(ofBytes: $0).value } }
        for value in role.enumeration! {
            #expect(typed(value) == .string(value))
            #expect(typed("\n  \(value)\t") == .string(value))
        }
        for near in ["mediato", "mediators", "Mediator", "co-", "", "observer x", "a-value-longer-than-fifteen-byteS"] {
            #expect(typed(near) == .string(near), "'\(near)'")
        }
        // JSON strings of an enumerated field: matched exactly (white space is part of a JSON
        // string), an escaped one decoded, each the text the file holds.
        let roles = [#""mediator""#, #"" mediator""#, #""Mediator""#, #""co-mediator""#, #""media\u0074or""#, #""observer""#, #""observers""#]
        let d = try Repo.load(#"{"kind": "mediator-application", "cases": ["# + roles.map { #"{"role": \#($0)}"# }.joined(separator: ", ") + "]}", as: "x.json")
        let read = (0..<roles.count).map { d.root["cases"]?[$0]?["role"]?.value }
        let expected = ["mediator", " mediator", "Mediator", "co-mediator", "mediator", "observer", "observers"].map { Node.Value.string($0) }
        #expect(read == expected)
    }
}
