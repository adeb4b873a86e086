import Foundation
import Testing
@testable import QAPCheckKit

/// The flat document tree: what the loaders note beside each member (its place in the schema)
/// gives the same answers as finding it by name, a name is refused when given twice whichever
/// way it is found, and pointers found by walking up are the ones a walk down gives.
@Suite struct FlatTreeTests {
    static let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)

    /// The same schemas, read again: equal, but not the objects the loaders typed by.
    static let otherSchemas = try! RuleSetLoader.load(path: Repo.rules.path).schemas

    static let files = ["rules/SCHEMA/fail-wrong-type.xml", "rules/SCHEMA/fail-enumeration.json", "rules/SCHEMA/fail-impossible-date.xml",
                        "rules/SCHEMA/fail-text-for-fields.json", "forms/application.json", "forms/application-attributes.xml",
                        "forms/application-elements.xml", "rules/IMI-LISTING-GRACE/pass-full-waiver.json",
                        "rules/IMI-AUDIT-INTERVAL/fail-never-audited.xml"]

    @Test(arguments: files)
    func theSchemaCheckFindsTheSameByNotedPlaceAndByName(file: String) throws {
        let dossier = try DossierLoader(schemas: Self.ruleSet.schemas).load(file: Repo.fixture(file))
        let kind = try #require(dossier.kind)
        let typedBy = try #require(Self.ruleSet.schemas[kind])
        let sameText = try #require(Self.otherSchemas[kind])
        #expect(dossier.root.tree.isTyped(by: typedBy) && !dossier.root.tree.isTyped(by: sameText), "the loader notes the schema it typed by")
        #expect(sameText !== typedBy)
        let byPlace = SchemaCheck.violations(in: dossier.root, schema: typedBy)
        let byName = SchemaCheck.violations(in: dossier.root, schema: sameText)
        #expect(byPlace == byName)
        if file.contains("SCHEMA/fail") { #expect(!byPlace.isEmpty, "the fixture has a finding to compare") }
        // Every string of the document in one text: the strings the loader listed as possibly
        // personal (typed by the schema it typed by) hide the same ones as a walk of every node
        // (the same schema read again, which the tree was not typed by).
        let text = "A. Example wrote to a@example.org; " + dossier.root.tree.strings.joined(separator: " ; ")
        let redact = { (schema: SchemaNode) in PersonalValues(root: dossier.root, schema: schema).redact(text) }
        #expect(redact(typedBy) == redact(sameText))
        #expect(redact(typedBy) != text, "the document has a value to hide")
    }

    /// A tree the loader vouched for holds enumerated values in their enumeration and dates that
    /// are dates, so redaction takes them as safe without reading them; a tree it did not vouch
    /// for has each read, and the ones out of place are hidden.
    @Test func enumeratedValuesAndDatesAreSafeUnreadOnlyInAVouchedTree() throws {
        let schema = try #require(Self.ruleSet.schemas["mediator-application"])
        let sameText = try #require(Self.otherSchemas["mediator-application"])
        func tree(role: String, date: String) throws -> Dossier {
            try DossierLoader(schemas: Self.ruleSet.schemas).load(bytes: Array("""
                {"kind": "mediator-application", "schemaVersion": "1", "id": "A", "cases": [{"id": "c1", "role": "\(role)", "status": "completed"}],
                 "skillsAssessment": {"date": "\(date)"}}
                """.utf8), file: "a.json")
        }
        let text = "As mediator, completed on 2024-01-02; Jane Roe on 2024-02-30"
        let vouched = try tree(role: "mediator", date: "2024-01-02")
        #expect(vouched.root.tree.conformsToTypingSchema)
        #expect(PersonalValues(root: vouched.root, schema: schema).redact(text) == text)
        #expect(PersonalValues(root: vouched.root, schema: sameText).redact(text) == text, "read one by one, they are safe too")
        let suspect = try tree(role: "Jane Roe", date: "2024-02-30")
        #expect(!suspect.root.tree.conformsToTypingSchema)
        let hidden = PersonalValues(root: suspect.root, schema: schema).redact(text)
        #expect(hidden == "As mediator, completed on 2024-01-02; a value that is not one of mediator, co-mediator, observer on a value that is not a date")
        #expect(hidden == PersonalValues(root: suspect.root, schema: sameText).redact(text))
    }

    /// The strings a conforming tree lists as possibly personal are judged by the schema each
    /// was read by: a safe id that reads like a name is shown, a name and a member no schema
    /// lists are hidden, in lists and objects of either encoding, as a walk of every node finds.
    @Test(arguments: ["json", "xml"])
    func theListedStringsHideWhatAWalkHides(encoding: String) throws {
        let text = encoding == "json" ? """
            {"kind": "mediator-application", "schemaVersion": "1", "id": "Kim Lee", "applicant": {"name": "Jane Roe"}, "extra": "Bob Stone",
             "cases": [{"id": "Ann Hill", "role": "mediator", "status": "completed"}],
             "references": [{"name": "Tom Ash", "relation": "party", "caseId": "Ann Hill"}]}
            """ : """
            <mediator-application schemaVersion="1" id="Kim Lee"><applicant><name>Jane Roe</name></applicant><extra>Bob Stone</extra>
            <cases><case id="Ann Hill" role="mediator" status="completed"/></cases>
            <references><reference relation="party" caseId="Ann Hill"><name>Tom Ash</name></reference></references></mediator-application>
            """
        let dossier = try DossierLoader(schemas: Self.ruleSet.schemas).load(bytes: Array(text.utf8), file: "a.\(encoding)")
        let schema = try #require(Self.ruleSet.schemas["mediator-application"])
        let sameText = try #require(Self.otherSchemas["mediator-application"])
        #expect(dossier.root.tree.conformsToTypingSchema && dossier.root.tree.isTyped(by: schema))
        let said = "Kim Lee and Ann Hill: Jane Roe, Bob Stone, Tom Ash"
        let listed = PersonalValues(root: dossier.root, schema: schema).redact(said)
        let hidden = "a value not shown (it may be personal data)"
        #expect(listed == "Kim Lee and Ann Hill: \(hidden), \(hidden), \(hidden)")
        #expect(listed == PersonalValues(root: dossier.root, schema: sameText).redact(said))
    }

    @Test func membersNoteTheirPlaceInTheSchemaOrWhyTheyHaveNone() throws {
        let d = try Repo.load(#"{"x": 1, "kind": "mediator-application", "schemaVersion": "1", "id": "A", "extra": true, "fee": {"amount": 3}}"#, as: "a.json")
        let tree = d.root.tree
        let schema = try #require(Self.ruleSet.schemas["mediator-application"])
        let root = tree.entry(tree.root)
        func field(_ key: String) -> Int32? {
            (Int(root.payload)..<Int(root.payload) + Int(root.count)).first { tree.key($0) == key }.map { tree.children[$0].field }
        }
        #expect(field("x") == DocumentTree.unknownField, "written before kind: no schema yet")
        #expect(field("id").map { schema.property(at: Int($0)) } === schema.property("id"))
        #expect(field("extra") == DocumentTree.notAField)
        #expect(d.root["fee"]?["amount"]?.value == .number(.double(3)), "typed by the schema once kind is known")
    }

    @Test func aNameGivenTwiceIsRefusedHoweverItIsFound() {
        let head = #"{"kind":"mediator-application","schemaVersion":"1","id":"A""#
        #expect(Repo.error(head + #","\u0069d":"B"}"#, as: "d.json")?.reason == .duplicateKey, "a property, once escaped")
        #expect(Repo.error(head + #","zz":1,"zz":2}"#, as: "d.json")?.reason == .duplicateKey, "a name the schema does not list")
        let many = (0..<40).map { "\"n\($0)\":\($0)" }.joined(separator: ",")
        #expect(Repo.error(head + "," + many + #","n7":0}"#, as: "d.json")?.reason == .duplicateKey, "among many unlisted names, indexed")
        #expect(Repo.error(head + "," + many + #","id":"C"}"#, as: "d.json")?.reason == .duplicateKey, "a property after many others")
        #expect(Repo.error(head + "," + many + "}", as: "d.json") == nil)
        let xml = #"<mediator-application schemaVersion="1" id="A"><id>B</id></mediator-application>"#
        #expect(Repo.error(xml, as: "d.xml")?.reason == .duplicateKey, "an attribute and an element of one name")
        let fine = #"<mediator-application schemaVersion="1" id="A" zz="1"><yy>2</yy></mediator-application>"#
        #expect(Repo.error(fine, as: "d.xml") == nil)
    }

    @Test func pointersFoundByWalkingUpResolveToTheirNodes() throws {
        let d = try DossierLoader(schemas: Self.ruleSet.schemas).load(file: Repo.fixture("forms/application-elements.xml"))
        var seen = 0
        for node in d.root.allNodes {
            #expect(d.root.resolve(node.pointer)?.location == node.location, "\(node.pointer)")
            seen += 1
        }
        #expect(seen > 50)
    }

    /// The text from a line and column on (columns counted in characters, lines ended by LF).
    static func text(at location: QAPCheckKit.SourceLocation, in text: String) -> Substring {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return "" }
        let line = lines[location.line - 1]
        let scalars = line.unicodeScalars
        guard let start = scalars.index(scalars.startIndex, offsetBy: location.column - 1, limitedBy: scalars.endIndex) else { return "" }
        return text[start...]
    }

    /// Every member of every object, found by walking the tree.
    static func members(of node: Node) -> [(NodeObject.Member, owner: Node)] {
        var out: [(NodeObject.Member, owner: Node)] = []
        switch node.value {
        case .object(let o): for m in o.members { out.append((m, node)); out += members(of: m.value) }
        case .array(let items): for item in items { out += members(of: item) }
        default: break
        }
        return out
    }

    /// Lines and columns are found only when asked, from the spot each loader noted: every
    /// member's name and value are where the text says, in JSON and in both XML styles, with
    /// accented text before them and namespace declarations among the attributes.
    @Test(arguments: ["forms/application.json", "forms/application-attributes.xml", "forms/application-elements.xml"])
    func everyMemberIsLocatedWhereItIsWritten(file: String) throws {
        var text = try String(contentsOfFile: Repo.fixture(file), encoding: .utf8)
        text = text.replacingOccurrences(of: "<mediator-application ", with: "<mediator-application xmlns:x=\"urn:other\" ")
            .replacingOccurrences(of: "\"kind\"", with: "\"note\": \"Zoë Ødegård 😀\",\n  \"kind\"")
        let dossier = try Repo.load(text, as: file)
        let members = Self.members(of: dossier.root)
        #expect(members.count > 40)
        for (member, owner) in members where !(file.hasSuffix(".xml") && owner.pointer.depth == 0 && member.key == "kind") {
            let atKey = Self.text(at: member.keyLocation, in: text)
            let atValue = Self.text(at: member.value.location, in: text)
            if file.hasSuffix(".json") {
                #expect(atKey.hasPrefix("\"\(member.key)\""), "\(member.key) at \(member.keyLocation)")
                let first = atValue.first.map(String.init) ?? ""
                switch member.value.value {
                case .string: #expect(first == "\"")
                case .object: #expect(first == "{")
                case .array: #expect(first == "[")
                default: #expect(first != "\"" && first != "{" && first != "[" && !first.isEmpty)
                }
            } else if atKey.hasPrefix("<") {
                #expect(atKey.hasPrefix("<\(member.key)"), "\(member.key) at \(member.keyLocation)")
                #expect(member.keyLocation == member.value.location)
            } else {
                #expect(atKey.hasPrefix("\(member.key)="), "\(member.key) at \(member.keyLocation)")
                #expect(member.keyLocation == member.value.location)
            }
        }
    }

    /// A tag of more attributes than a spot can number: the later ones are noted by offset, and
    /// are found as exactly as the first ones.
    @Test func attributesPastTheNumberedOnesAreLocatedToo() throws {
        let count = XMLSpots.maxAttribute + 40
        let attributes = (0..<count).map { "a\($0)=\"\($0)\"" }.joined(separator: "\n  ")
        let text = "<mediator-profile xmlns=\"urn:qap:dossier:1\" schemaVersion=\"1\" id=\"P\"\n  \(attributes)/>"
        let d = try Repo.load(text, as: "p.xml")
        for k in [0, 1, XMLSpots.maxAttribute - 1, XMLSpots.maxAttribute, XMLSpots.maxAttribute + 1, count - 1] {
            let node = try #require(d.root["a\(k)"])
            #expect(node.location == QAPCheckKit.SourceLocation(line: 2 + k, column: 3), "a\(k)")
        }
        #expect(d.root["id"]?.location == QAPCheckKit.SourceLocation(line: 1, column: 63))
    }

    /// The line index answers offsets in any order as a cursor counting from the start does, in
    /// each kind of text the cursor tells apart (ASCII, other text, CRLF and lone CRs).
    @Test func theLineIndexAnswersInAnyOrderAsACursorFromTheStartDoes() {
        let seed = UInt64.random(in: 1...UInt64.max)
        var generator = MutationTests.SplitMix(state: seed)
        let ascii = ["a", "bcdefgh", " ", "\n", "\t", "<case hours=\"8.5\"/>", "\n  "]
        let pieces = ascii + ["é", "Ødegård", "😀"]
        for pool in [ascii, pieces, pieces + ["\r\n", "\r", "x\r\n  "], ["\r", "\n", "a"]] {
            for _ in 0..<20 {
                let bytes = Array((0..<150).map { _ in pool.randomElement(using: &generator)! }.joined().utf8)
                bytes.withUnsafeBufferPointer { buffer in
                    let index = LineIndex(buffer)
                    for offset in (0...bytes.count).shuffled(using: &generator) where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
                        var cursor = LocationCursor()
                        #expect(index.location(of: offset, in: buffer) == cursor.location(of: offset, in: buffer), "seed \(seed), offset \(offset)")
                    }
                }
            }
        }
    }
}

/// Members that are one property of one schema share the place of its name in the tree: a
/// document lists each such name once, however often it writes it, and every member still reads
/// back its own name, whichever schema and place it has.
@Suite struct SharedMemberNameTests {
    /// Forty schemas of eight properties each, and one of two hundred (more properties than the
    /// builder's table has slots, so slots are taken by one property after another, of one
    /// schema or of two), their objects added in a shuffled order, each property both ways a
    /// loader adds it: every member reads back its own name; and one schema's eight names are
    /// listed once each, however many objects use them.
    @Test(arguments: [(40, 8), (1, 8), (1, 200)])
    func membersOfOnePropertyShareItsNameAndReadBackTheirOwn(schemas: Int, properties: Int) throws {
        let owners = (0..<schemas).map { s in
            SchemaNode(type: .object, properties: Dictionary(uniqueKeysWithValues: (0..<properties).map { ("s\(s)p\($0)", SchemaNode(type: .string)) }))
        }
        var generator = SystemRandomNumberGenerator()
        let order = (0..<(properties > 8 ? 40 : 400)).map { _ in Int.random(in: 0..<owners.count, using: &generator) }
        var tree = DocumentTreeBuilder()
        var objects: [Int32] = []
        var expected: [[String]] = []
        for (i, o) in order.enumerated() {
            let owner = owners[o]
            let mark = tree.mark
            var names = DocumentTreeBuilder.MemberNames()
            var written: [String] = []
            for field in (0..<properties).shuffled(using: &generator) {
                let name = owner.propertyName(at: field)
                let value = tree.leaf(.string("v\(i)"), at: SourceSpot(offset: i), schema: nil)
                let added = Bool.random(using: &generator)
                    ? tree.addMember(key: name, value, field: Int32(field), owner: Unmanaged.passUnretained(owner), at: SourceSpot(offset: i), from: mark, names: &names)
                    : tree.addMember(property: Int32(field), of: Unmanaged.passUnretained(owner), value, at: SourceSpot(offset: i), from: mark, names: &names)
                #expect(added)
                written.append(name)
            }
            // A name no schema lists, and the same name again, and a property again: refused.
            let other = tree.leaf(.null, at: SourceSpot(offset: i), schema: nil)
            #expect(tree.addMember(key: "extra", other, field: DocumentTree.notAField, owner: Unmanaged.passUnretained(owner), at: SourceSpot(offset: i), from: mark, names: &names))
            #expect(!tree.addMember(key: "extra", other, field: DocumentTree.notAField, owner: Unmanaged.passUnretained(owner), at: SourceSpot(offset: i), from: mark, names: &names))
            #expect(!tree.addMember(property: 3, of: Unmanaged.passUnretained(owner), other, at: SourceSpot(offset: i), from: mark, names: &names))
            written.append("extra")
            objects.append(tree.closeObject(from: mark, at: SourceSpot(offset: i)))
            expected.append(written)
        }
        let mark = tree.mark
        for object in objects { tree.addItem(object) }
        let list = tree.closeArray(from: mark, at: SourceSpot(offset: 0))
        let root = tree.finish(root: list, schema: nil) { _ in SourceLocation(line: 1, column: 1) }.rootNode
        guard case .array(let items) = root.value else { Issue.record("not an array"); return }
        #expect(items.count == expected.count)
        for (item, names) in zip(items, expected) {
            guard case .object(let object) = item.value else { Issue.record("not an object"); continue }
            #expect(object.keys == names)
            #expect(names.allSatisfy { object[$0] != nil })
        }
        // One schema's eight properties take eight slots: each name listed once, `extra` once an object.
        if schemas == 1 && properties == 8 { #expect(root.tree.keys.count == 8 + objects.count, "\(root.tree.keys.count) names listed") }
        #expect(root.tree.keys.count < expected.count * (properties + 1))
    }

    /// Through the loaders: a dossier's members read back the names written, in JSON and in both
    /// XML styles, and the names of its cases are listed once, not once a case.
    @Test(arguments: ["forms/application.json", "forms/application-attributes.xml", "forms/application-elements.xml"])
    func aDossiersRepeatedNamesAreListedOnce(file: String) throws {
        let dossier = try DossierLoader(schemas: FlatTreeTests.ruleSet.schemas).load(file: Repo.fixture(file))
        let cases = try #require(dossier.root["cases"])
        guard case .array(let items) = cases.value else { Issue.record("cases is no list"); return }
        #expect(items.count >= 2)
        for item in items {
            guard case .object(let object) = item.value else { Issue.record("a case is no object"); continue }
            #expect(object["id"] != nil && object["role"] != nil)
            for key in object.keys { #expect(object[key] != nil, "\(key)") }
        }
        let tree = dossier.root.tree
        #expect(tree.keys.filter { $0 == "role" }.count == 1, "\(tree.keys.filter { $0 == "role" }.count) places for one property")
        #expect(tree.keys.count < tree.children.filter { $0.key >= 0 }.count, "\(tree.keys.count) names for the members")
    }
}
