import Testing
@testable import QAPCheckKit

@Suite("The located document tree")
struct DocumentTreeTests {
    let json = try! Repo.loader().load(file: Repo.fixture("forms/application.json"))
    let attributes = try! Repo.loader().load(file: Repo.fixture("forms/application-attributes.xml"))
    let elements = try! Repo.loader().load(file: Repo.fixture("forms/application-elements.xml"))

    @Test func jsonAndBothXMLStylesGiveEqualTrees() {
        #expect(json.format == .json)
        #expect(attributes.format == .xml)
        #expect(json.root.value == attributes.root.value)
        #expect(json.root.value == elements.root.value)
    }

    @Test func equalTreesHaveEqualPointers() {
        let pointers = { (d: Dossier) in Set(d.root.allNodes.map { $0.pointer.description }) }
        #expect(pointers(json) == pointers(attributes))
        #expect(pointers(json) == pointers(elements))
        #expect(pointers(json).contains("/cases/1/hours"))
        #expect(pointers(json).contains("/caseEvaluations"))
        for node in json.root.allNodes {
            #expect(json.root.resolve(node.pointer)?.value == node.value)
        }
    }

    @Test func valuesAreTypedByTheSchema() {
        #expect(json.root.resolve(try! JSONPointer(parsing: "/cases/1/hours"))?.value == .number(.double(12)))
        #expect(elements.root.resolve(try! JSONPointer(parsing: "/cases/1/hours"))?.value == .number(.double(12)))
        #expect(attributes.root.resolve(try! JSONPointer(parsing: "/training/0/rolePlays"))?.value == .number(.int(4)))
        #expect(attributes.root.resolve(try! JSONPointer(parsing: "/applicant/cprPanelMember"))?.value == .bool(false))
        #expect(elements.root.resolve(try! JSONPointer(parsing: "/fee/amount"))?.value == .number(.double(360)))
        #expect(elements.root["kind"]?.value == .string("mediator-application"))
    }

    @Test func listsStayListsWithOneItemOrNone() {
        guard case .array(let refs)? = attributes.root["references"]?.value else { Issue.record("references is not a list"); return }
        #expect(refs.count == 1)
        guard case .array(let evaluations)? = elements.root["caseEvaluations"]?.value else { Issue.record("caseEvaluations is not a list"); return }
        #expect(evaluations.isEmpty)
    }

    @Test func jsonNodesKnowTheirLineAndColumn() {
        let at = { (p: String) in json.root.resolve(try! JSONPointer(parsing: p))?.location }
        #expect(at("") == SourceLocation(line: 1, column: 1))
        #expect(at("/cases/1") == SourceLocation(line: 9, column: 5))
        #expect(at("/cases/1/hours") == SourceLocation(line: 9, column: 53))
        #expect(at("/fee/amount") == SourceLocation(line: 22, column: 22))
    }

    @Test func xmlAttributeNodesKnowTheirLineAndColumn() {
        let at = { (p: String) in attributes.root.resolve(try! JSONPointer(parsing: p))?.location }
        #expect(at("") == SourceLocation(line: 2, column: 1))
        #expect(at("/id") == SourceLocation(line: 2, column: 41))
        #expect(at("/cases/1") == SourceLocation(line: 6, column: 5))
        #expect(at("/cases/1/hours") == SourceLocation(line: 6, column: 40))
        #expect(at("/training/0/coversPractice") == SourceLocation(line: 17, column: 13))
        #expect(at("/training/0/title") == SourceLocation(line: 18, column: 7))
    }

    @Test func xmlElementNodesKnowTheirLineAndColumn() {
        let at = { (p: String) in elements.root.resolve(try! JSONPointer(parsing: p))?.location }
        #expect(at("/cases/1") == SourceLocation(line: 19, column: 5))
        #expect(at("/cases/1/hours") == SourceLocation(line: 22, column: 7))
        #expect(at("/fee") == SourceLocation(line: 59, column: 3))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let d = try Repo.load("{\"kind\":\"mediator-profile\",\"name\":\"Zoë Ødegård\",\"id\":\"X\"}", as: "p.json")
        // "Zoë Ødegård" holds three two-byte characters; the column after it counts each once.
        #expect(d.root["id"]?.location == SourceLocation(line: 1, column: 54))
    }

    @Test func lineAndColumnAgreeWithACharacterByCharacterCount() {
        // Seeded, and the seed is in every failure, so a failing text can be made again.
        let seed = UInt64.random(in: 1...UInt64.max)
        var generator = MutationTests.SplitMix(state: seed)
        let ascii = ["a", "bcdefgh", " ", "\n", "\t", "<case hours=\"8.5\"/>", "\n  "]
        let pieces = ascii + ["é", "Ødegård", "😀"]
        // Each kind of text the cursor tells apart: ASCII with line feeds only (a byte is a
        // column), any text with line feeds only (it jumps from one to the next), and text with
        // CRLF and lone CRs (it reads byte by byte).
        for pool in [ascii, pieces, pieces + ["\r\n", "\r", "x\r\n  "]] {
            for _ in 0..<50 {
                let text = (0..<200).map { _ in pool.randomElement(using: &generator)! }.joined()
                let bytes = Array(text.utf8)
                let scalars = Array(text.unicodeScalars)
                var cursor = LocationCursor()
                var line = 1, column = 1, offset = 0
                for (n, scalar) in scalars.enumerated() {
                    // Every scalar boundary, in increasing order, as the loaders ask.
                    #expect(cursor.location(of: offset, in: bytes) == SourceLocation(line: line, column: column), "seed \(seed)")
                    let crBeforeLF = scalar == "\r" && n + 1 < scalars.count && scalars[n + 1] == "\n"
                    if (scalar == "\n" || scalar == "\r") && !crBeforeLF { line += 1; column = 1 } else { column += 1 }
                    offset += String(scalar).utf8.count
                }
                #expect(cursor.location(of: bytes.count, in: bytes) == SourceLocation(line: line, column: column), "seed \(seed)")
            }
        }
    }

    @Test func pointersEscapeTildeAndSlash() throws {
        let p = JSONPointer.root.appending(key: "a/b").appending(key: "m~n").appending(index: 3)
        #expect(p.description == "/a~1b/m~0n/3")
        #expect(try JSONPointer(parsing: "/a~1b/m~0n/3") == p)
        #expect(throws: PointerSyntaxError.self) { try JSONPointer(parsing: "cases") }
    }

    @Test func civilDateArithmetic() {
        let leap = CivilDate(parsing: "2024-02-29")!
        #expect(leap.adding(years: 1)?.description == "2025-02-28")
        #expect(leap.adding(years: 4)?.description == "2028-02-29")
        #expect(CivilDate(parsing: "2026-01-31")!.adding(months: 1)?.description == "2026-02-28")
        #expect(CivilDate(parsing: "2026-03-01")!.adding(days: -1)?.description == "2026-02-28")
        #expect(CivilDate(parsing: "2026-02-30") == nil)
        #expect(CivilDate(parsing: "2026-2-3") == nil)
        #expect(CivilDate(parsing: "1970-01-01")!.dayNumber == 0)
        #expect(CivilDate(parsing: "2024-01-01")!.days(to: CivilDate(parsing: "2025-01-01")!) == 366)
    }

    /// Every byte at every place of a date: the parse reads digits by subtracting '0', which
    /// wraps for the bytes below it, so each byte is judged against a plain reading.
    @Test func civilDateParsingTakesOnlyDigitsAndDashes() {
        let good = Array("2024-02-29".utf8)
        for place in good.indices {
            for byte in UInt8.min...UInt8.max {
                var text = good
                text[place] = byte
                let parsed = text.withUnsafeBufferPointer { CivilDate(utf8: $0) }
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                let shapeOK = (place == 4 || place == 7) ? byte == UInt8(ascii: "-") : isDigit
                var expected: CivilDate?
                if shapeOK {
                    let s = String(decoding: text, as: UTF8.self)
                    let part = { (r: Range<Int>) in Int(s.utf8.dropFirst(r.lowerBound).prefix(r.count).map { Character(Unicode.Scalar($0)) }.reduce("") { $0 + String($1) })! }
                    expected = CivilDate(year: part(0..<4), month: part(5..<7), day: part(8..<10))
                }
                #expect(parsed == expected, "byte \(byte) at \(place)")
            }
        }
        #expect(CivilDate(parsing: "2024-02-29 ") == nil)
        #expect(CivilDate(parsing: "9999-12-31")?.year == 9999)
        #expect(CivilDate(parsing: "0000-01-01") == nil)
    }
}
