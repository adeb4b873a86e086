import Foundation
import Testing
@testable import QAPCheckKit

/// Each thread keeps one libxml2 parser from dossier to dossier (`XMLParserSession`): whatever
/// the dossier before (well formed, broken, stopped by the builder, a DOCTYPE, a flood of names),
/// the next must load exactly as it would on a parser of its own.
@Suite("XML loader: the parser a thread keeps between dossiers")
struct XMLParserSessionTests {
    static let good = """
    <?xml version="1.0"?>
    <mediator-profile xmlns="urn:qap:dossier:1" schemaVersion="1" id="MP-1">
      <name>Ana Li</name>
      <listing paidThrough="2026-12-31"><status>listed</status></listing>
      <x:note xmlns:x="urn:other">skipped</x:note>
    </mediator-profile>
    """
    static let attributes = "<mediator-application schemaVersion=\"1\" id=\"A-9\" applicantName=\"Bo\"><cases><case id=\"c1\" role=\"mediator\" hours=\"7.5\"/></cases></mediator-application>"

    /// Every input the sequence runs, each a different way for a parse to end.
    static let sequence: [(name: String, text: String)] = [
        ("good.xml", good),
        ("elements.xml", (try? String(contentsOfFile: Repo.fixture("forms/application-elements.xml"), encoding: .utf8)) ?? ""),
        ("mismatch.xml", "<mediator-profile schemaVersion=\"1\">\n  <listing>\n</mediator-profile>\n"),
        ("good.xml", good),
        ("doctype.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY e \"x\">]>\n<mediator-profile id=\"&e;\"/>"),
        ("attributes.xml", attributes),
        ("twice.xml", "<mediator-profile schemaVersion=\"1\" id=\"a\"><name>A</name><name>B</name></mediator-profile>"),
        ("good.xml", good),
        ("foreign-root.xml", "<mediator-profile xmlns=\"urn:other\" id=\"x\"/>"),
        ("empty.xml", ""),
        ("prefixed.xml", "<q:mediator-profile xmlns:q=\"urn:qap:dossier:1\" q:id=\"x\" schemaVersion=\"1\"/>"),
        ("good.xml", good),
    ]

    /// A dossier as text: every node with its place, or the error with its place.
    static func outline(_ text: String, _ name: String) -> String {
        do {
            let dossier = try Repo.load(text, as: name)
            return outline(dossier.root)
        } catch {
            return "error \(error.reason) at \(String(describing: error.location)): \(error.message)"
        }
    }

    static func outline(_ node: Node) -> String {
        let place = "@\(node.location.line):\(node.location.column)"
        switch node.value {
        case .object(let o):
            return "{" + o.members.map { "\($0.key)@\($0.keyLocation.line):\($0.keyLocation.column)=\(outline($0.value))" }.joined(separator: ",") + "}" + place
        case .array(let a):
            return "[" + a.map(outline).joined(separator: ",") + "]" + place
        case let other:
            return "\(other)" + place
        }
    }

    /// The inputs loaded one after another on this thread, and how many parser contexts that made.
    static func inputsOnThisThread(_ inputs: [(name: String, text: String)]) -> (outlines: [String], contexts: Int) {
        let before = XMLParserSession.current.contextsMade
        let outlines = inputs.map { outline($0.text, $0.name) }
        return (outlines, XMLParserSession.current.contextsMade - before)
    }

    /// What a parser of its own gives each input: each loaded on a new thread.
    static func fresh(_ inputs: [(name: String, text: String)]) -> [String] {
        inputs.map { input in
            let result = Locked("")
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                result.withLock { $0 = outline(input.text, input.name) }
                done.signal()
            }
            thread.start()
            done.wait()
            return result.withLock { $0 }
        }
    }

    @Test func eachDossierLoadsAsOnAParserOfItsOwnWhateverCameBefore() {
        let expected = Self.fresh(Self.sequence)
        // One thread, one kept parser, the whole sequence twice over.
        let made = Self.inputsOnThisThread(Self.sequence + Self.sequence)
        #expect(made.outlines == expected + expected)
        #expect(made.contexts <= 1)
        // The sequence does reach every ending it names.
        #expect(expected.filter { $0.hasPrefix("error") }.count == 5)
        #expect(expected[0].contains("name@3:3=\"Ana Li\""))
        #expect(expected[1].contains("cases@"))
    }

    @Test func aFloodOfNamesMakesTheParserAnewAndTheNextDossierIsUnchanged() {
        // More distinct names than a kept parser holds: its dictionary is let go, and its cache
        // of names by interned pointer with it.
        var flood = "<mediator-profile schemaVersion=\"1\" id=\"f\">"
        for i in 0..<(XMLParserSession.maxNames + 100) { flood += "<n\(i)>v</n\(i)>" }
        flood += "</mediator-profile>"
        let inputs: [(name: String, text: String)] = [("good.xml", Self.good), ("flood.xml", flood), ("good.xml", Self.good), ("attributes.xml", Self.attributes)]
        let expected = Self.fresh(inputs)
        let made = Self.inputsOnThisThread(inputs + inputs)
        // Compared as a whole (the flood's outline is long for a message).
        let same = made.outlines == expected + expected
        #expect(same)
        // Made anew after each flood (the first good file may reuse one made earlier).
        #expect(made.contexts >= 2)
        #expect(expected[1].contains("n4195@"))
    }

    /// The field each member is noted with, by its object's schema, as the schema itself gives it
    /// for the member's name: the thread's names remember the last schema each was a member of, so
    /// a name met under several (`id` of the dossier, of a case, of a reference; a field of one
    /// schema that another does not list) must still get the answer of the schema it is under.
    @Test func aNameUnderSeveralSchemasGetsEachSchemasField() throws {
        let mixed = """
        <mediator-application schemaVersion="1" id="A-1">
          <applicant><name>Bo</name><id>not-a-field</id></applicant>
          <cases><case id="c1" role="mediator"><hours>7.5</hours><name>x</name></case><case><id>c2</id><role>observer</role></case></cases>
          <references><reference id="r1" caseId="c1"><name>Al</name><role>party</role></reference></references>
          <name>not a field here either</name>
        </mediator-application>
        """
        let texts = [("mixed.xml", mixed), ("attributes.xml", Self.attributes), ("mixed.xml", mixed)]
            + ((try? String(contentsOfFile: Repo.fixture("forms/application-elements.xml"), encoding: .utf8)).map { [("elements.xml", $0)] } ?? [])
        var checked = 0
        for (name, text) in texts {
            let root = try Repo.load(text, as: name).root
            let tree = root.tree
            func walk(_ id: Int32, _ schema: SchemaNode?) {
                let e = tree.entry(id)
                let start = Int(e.payload)
                for i in 0..<Int(e.count) {
                    let child = tree.children[start + i]
                    switch e.kind {
                    case .object:
                        let key = tree.key(start + i)
                        let expected = schema.map { s in s.propertyIndex(key).map(Int32.init) ?? DocumentTree.notAField } ?? DocumentTree.unknownField
                        #expect(child.field == expected, "\(name): \(key) noted as field \(child.field), its schema says \(expected)")
                        checked += 1
                        walk(child.id, schema.flatMap { $0.propertyIndex(key).map($0.property(at:)) })
                    case .array:
                        walk(child.id, schema?.items)
                    default:
                        break
                    }
                }
            }
            walk(root.id, tree.typedBy as? SchemaNode)
        }
        #expect(checked > 30)
    }
}
