import Foundation
import Testing
@testable import QAPCheckKit

/// The loaders check each value against its schema as they read it, and a tree they vouch for
/// spares the schema check its walk. Whatever the dossier (every fixture, and each with values
/// swapped for values of other types, out of their enumeration, not dates, not finite), the
/// findings are the walk's own.
@Suite("Schema check: a tree the loader vouched for")
struct SchemaVouchTests {
    static let fixtures: [String] = {
        let root = Repo.fixtures
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return ((walker?.allObjects as? [URL]) ?? [])
            .filter { ["json", "xml"].contains($0.pathExtension) && !$0.path.contains("/bad/") }
            .map { String($0.path.dropFirst(root.path.count + 1)) }
            .sorted()
    }()

    /// What a value may become: each of another type, or a string a schema may refuse.
    static let swaps = ["\"x\"", "12", "7.5", "true", "null", "[]", "{}", "\"2026-02-30\"", "\"2026-11-22\"", "1e999", "\"completed\"", "\"\"", "-3"]
    static let xmlSwaps = ["x", "12", "7.5", "true", "", "2026-02-30", "2026-11-22", "1e999", "completed", "mediator", "-3", " 4 "]

    /// The file with its `n`th value (a JSON member value, or an XML attribute value or element
    /// text) replaced; nil when it has no `n`th.
    static func swapped(_ text: String, isXML: Bool, value n: Int, with replacement: String) -> String? {
        let pattern = isXML ? #"(="[^"]*")|(>[^<>]+</)"# : #":\s*("([^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null|\[\]|\{\})"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard n < matches.count, let range = Range(matches[n].range, in: text) else { return nil }
        let found = text[range]
        let new: String
        if isXML {
            new = found.hasPrefix("=") ? "=\"\(replacement)\"" : ">\(replacement)</"
        } else {
            new = ": " + replacement
        }
        return text.replacingCharacters(in: range, with: new)
    }

    @Test func findingsAreTheWalksOwnWhetherOrNotTheLoaderVouched() throws {
        let schemas = Repo.schemas
        var vouched = 0, walked = 0, compared = 0
        for fixture in Self.fixtures {
            let text = try String(contentsOfFile: Repo.fixture(fixture), encoding: .utf8)
            let isXML = fixture.hasSuffix(".xml")
            var variants = [text]
            for n in stride(from: 0, to: 400, by: 4) {
                let swaps = isXML ? Self.xmlSwaps : Self.swaps
                guard let variant = Self.swapped(text, isXML: isXML, value: n, with: swaps[(n / 4) % swaps.count]) else { break }
                variants.append(variant)
            }
            for variant in variants {
                guard let dossier = try? Repo.load(variant, as: fixture), let kind = dossier.kind, let schema = schemas[kind] else { continue }
                let trusted = SchemaCheck.violations(in: dossier.root, schema: schema)
                let walk = SchemaCheck.violations(in: dossier.root, schema: schema, trustingLoader: false)
                #expect(trusted == walk, "\(fixture): \(walk.map(\.message))")
                compared += 1
                if dossier.root.tree.conformsToTypingSchema {
                    vouched += 1
                    // Only a required field it lacks (checked whatever the loader says) is left.
                    let found = walk.filter { $0.actual != "missing" }
                    #expect(found.isEmpty, "\(fixture): the loader vouched for a tree with findings: \(found.map(\.message))")
                } else {
                    walked += 1
                }
            }
        }
        // Both kinds occur, in numbers: trees vouched for, and trees the walk had to read.
        #expect(compared > 1000)
        #expect(vouched > 100)
        #expect(walked > 300)
    }

    @Test func aJSONRootMemberBeforeKindIsNotVouchedFor() throws {
        let first = try Repo.load(#"{"kind": "mediator-profile", "schemaVersion": "1", "id": "p"}"#, as: "a.json")
        #expect(first.root.tree.conformsToTypingSchema)
        let late = try Repo.load(#"{"schemaVersion": "1", "id": "p", "kind": "mediator-profile"}"#, as: "b.json")
        #expect(!late.root.tree.conformsToTypingSchema)
        // Read before `kind`, a wrong value is still found (by the walk).
        let wrong = try Repo.load(#"{"schemaVersion": 1, "id": "p", "kind": "mediator-profile"}"#, as: "c.json")
        let schema = try #require(Repo.schemas["mediator-profile"])
        #expect(SchemaCheck.violations(in: wrong.root, schema: schema).map(\.pointer.description) == ["/schemaVersion"])
    }
}
