import Foundation
import Testing
@testable import QAPCheckKit

/// The library's fast paths give the answers of the general paths they stand in for, on many
/// generated inputs: ASCII case folding, whole-word search and tokens against Foundation's Unicode
/// folding and search and Swift's characters, the integer decimal sum against `Decimal`, and
/// operators on operands of one type against the general operator table.
@Suite("Fast paths agree with the general paths")
struct FastPathTests {
    typealias SplitMix = MutationTests.SplitMix

    /// ASCII text drawn from letters of both cases, digits, spaces, line breaks and punctuation,
    /// so that word edges, case and trimming all come up.
    static func text(_ rng: inout SplitMix, length: Int) -> String {
        let alphabet = Array("aAbBlLiI09 -.,'\r\n\t")
        return String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    /// A long list is scanned for its first `ListSearch.scansBeforeIndex` searches and answered
    /// from its index after: both give the first position of an equal element (numbers equal
    /// across int, uint and double), or none. Each value is searched for several times over, so
    /// the answers of both paths are compared.
    @Test func aListsIndexAnswersAsItsScansDo() {
        var rng = SplitMix(state: 11)
        var items: [CELValue] = []
        for _ in 0..<60 {
            switch rng.next() % 5 {
            case 0: items.append(.int(Int64(rng.next() % 20)))
            case 1: items.append(.uint(rng.next() % 20))
            case 2: items.append(.double(Double(rng.next() % 20) / 2))
            case 3: items.append(.string("c-\(rng.next() % 20)"))
            default: items.append(.bool(rng.next() % 2 == 0))
            }
        }
        let list = CELList(items)
        var queries: [CELValue] = [.null]
        for n in 0..<25 {
            let number = Double(n) / 2
            queries += [CELValue.int(Int64(n)), .uint(UInt64(n)), .double(number), .string("c-\(n)"), .bool(n % 2 == 0)]
        }
        var searches = 0
        for _ in 0..<3 {
            for q in queries {
                let expected = items.firstIndex { CELOperators.equals($0, q) }
                #expect(list.firstIndex(of: q) == expected, "search \(searches): \(q)")
                searches += 1
            }
        }
        #expect(searches > 4 * ListSearch.scansBeforeIndex, "both paths were taken")
    }

    /// A list of constants is shared by the threads that run rules: searched from several at
    /// once, while its index is being built by one or more of them, every search answers as a
    /// scan does.
    @Test func aListSharedByThreadsAnswersEachAsItsScansDo() {
        let items = (0..<40).map { CELValue.string("c-\($0 % 30)") }
        let list = CELList(items)
        let queries = (0..<45).map { CELValue.string("c-\($0)") }
        let wrong = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            var mine = 0
            for _ in 0..<3 {
                for q in queries where list.firstIndex(of: q) != items.firstIndex(where: { CELOperators.equals($0, q) }) { mine += 1 }
            }
            wrong.withLock { $0 += mine }
        }
        #expect(wrong.withLock { $0 } == 0)
        #expect(3 * queries.count > ListSearch.scansBeforeIndex, "each thread searched past the scans before the index")
    }

    /// A field of a variable (`doc.f`, `has(doc.f)`, `doc.?f.orValue(d)`, `doc.?f.hasValue()`,
    /// and the same of a fold's variable) is read where the variable lies, looked for first where
    /// the select found it last time; the same asked by index (`doc['f']`) looks the
    /// key up and keeps no guess. Both answer alike for documents whose members come in
    /// other orders, a built map, a field there and not, and a value that is no map. Each
    /// program reads every value twice over, so each guess is left by another value.
    @Test func aVariablesFieldReadInPlaceAnswersAsTheGeneralSelect() throws {
        let json = try Repo.loader().load(file: Repo.fixture("forms/application.json"))
        let xml = try Repo.loader().load(file: Repo.fixture("forms/application-elements.xml"))
        let profile = try Repo.loader().load(file: Repo.fixture("rules/IMI-PROFILE-COMPLETE/pass.json"))
        let values: [CELValue] = [CELValue(node: json.root), CELValue(node: xml.root), CELValue(node: profile.root),
                                  try CELProgram.compile("{'n': 2, 'id': 'x'}", declarations: CELDeclarations(variables: [])).evaluate([]), .int(3), .string("id")]
        // Each select, and the same asked by index, which looks the key up in the map and
        // keeps no guess.
        let shapes = [("v.F", "v['F']"), ("has(v.F)", "'F' in v"), ("v.?F.orValue(7)", "v[?'F'].orValue(7)"), ("v.?F.hasValue()", "v[?'F'].hasValue()"),
                      ("[v].exists(c, has(c.F))", "[v].exists(c, 'F' in c)"), ("[v].map(c, c.?F.orValue(7))", "[v].map(c, c[?'F'].orValue(7))"),
                      ("[v].filter(c, c.?F.orValue('') == 'x').size()", "[v].filter(c, c[?'F'].orValue('') == 'x').size()")]
        let declarations = CELDeclarations(variables: ["v"], checked: false)
        var compared = 0, answered = 0
        for field in ["id", "cases", "kind", "missing", "n", "name"] {
            for (select, index) in shapes {
                let inPlace = select.replacingOccurrences(of: "F", with: field)
                let general = index.replacingOccurrences(of: "F", with: field)
                let fast = try CELProgram.compile(inPlace, declarations: declarations)
                let slow = try CELProgram.compile(general, declarations: declarations)
                for _ in 0..<2 {
                    for value in values {
                        let a = fast.evaluate([value]), b = slow.evaluate([value])
                        #expect(a.isError == b.isError && (a.isError || CELFormat.plain(a) == CELFormat.plain(b)), "\(inPlace) against \(general) on \(CELFormat.plain(value).prefix(40))")
                        compared += 1
                        if !a.isError { answered += 1 }
                    }
                }
            }
        }
        #expect(compared == 2 * values.count * 6 * shapes.count)
        #expect(answered > compared / 3, "most reads find a value, not only errors")
    }

    /// `v.?g.?f.orValue(d)` reads `v.g` without boxing it as an optional; `v[?'g'][?'f']` boxes
    /// it and looks each key up by index. Both answer alike for a member that is an object, a list, a
    /// string or missing, and for a variable that is no map.
    @Test func aChainOfOptionalSelectsAnswersAsTheGeneralPath() throws {
        let json = try Repo.loader().load(file: Repo.fixture("forms/application.json"))
        let built = try CELProgram.compile("{'id': 'x', 'm': {'id': 'y', 'n': 2}, 'l': [1]}", declarations: CELDeclarations(variables: [])).evaluate([])
        let declarations = CELDeclarations(variables: ["v"], checked: false)
        var found = 0, compared = 0
        for value in [CELValue(node: json.root), built, .int(3), .optional(CELOptional(built))] {
            for middle in ["applicant", "fee", "m", "l", "id", "cases", "missing"] {
                for field in ["name", "id", "n", "amount", "missing"] {
                    let fast = try CELProgram.compile("v.?\(middle).?\(field).orValue(7)", declarations: declarations).evaluate([value])
                    let general = try CELProgram.compile("v[?'\(middle)'][?'\(field)'].orValue(7)", declarations: declarations).evaluate([value])
                    #expect(fast.isError == general.isError && (fast.isError || CELFormat.plain(fast) == CELFormat.plain(general)), "v.?\(middle).?\(field) on \(CELFormat.plain(value).prefix(40))")
                    compared += 1
                    if !fast.isError, CELFormat.plain(fast) != "7" { found += 1 }
                }
            }
        }
        #expect(compared == 4 * 7 * 5)
        #expect(found >= 4, "some chains reach a value, not only the fallback or an error")
    }

    @Test func asciiCaseFoldingAndWordSearchMatchTheUnicodePath() throws {
        var rng = SplitMix(state: 42)
        var found = 0
        for _ in 0..<4000 {
            let haystack = Self.text(&rng, length: Int(rng.next() % 24))
            let needle = Self.text(&rng, length: Int(rng.next() % 4))
            let fast = try #require(ASCIIText.containsWord(haystack, needle) as Bool?)
            #expect(fast == StringFunctions.unicodeContainsWord(haystack, needle), "\(haystack.debugDescription) contains \(needle.debugDescription)")
            #expect(ASCIIText.lowercased(haystack) == StringFunctions.unicodeCaseFold(haystack))
            if fast { found += 1 }
        }
        #expect(found > 200, "the generated cases should include matches, not only misses")
    }

    /// Long texts searched for pieces of themselves: a needle found many times, at the text's
    /// ends, next to word bytes and not, in either case, as the first-byte search must handle.
    @Test func wordSearchInLongTextsMatchesTheUnicodePath() throws {
        var rng = SplitMix(state: 5)
        var found = 0
        for _ in 0..<1500 {
            let haystack = Self.text(&rng, length: Int(rng.next() % 200))
            let bytes = Array(haystack.utf8)
            var needle = Self.text(&rng, length: 1 + Int(rng.next() % 6))
            if !bytes.isEmpty, rng.next() % 2 == 0 {
                let from = Int(rng.next() % UInt64(bytes.count))
                let to = min(bytes.count, from + 1 + Int(rng.next() % 8))
                needle = String(decoding: bytes[from..<to], as: UTF8.self)
                if rng.next() % 2 == 0 { needle = needle.uppercased() }
            }
            let fast = try #require(ASCIIText.containsWord(haystack, needle) as Bool?)
            #expect(fast == StringFunctions.unicodeContainsWord(haystack, needle), "\(haystack.debugDescription) contains \(needle.debugDescription)")
            if fast { found += 1 }
        }
        #expect(found > 300, "the generated cases should include matches, not only misses")
    }

    @Test func asciiTokensAreTheCharacterTokens() throws {
        var rng = SplitMix(state: 11)
        for _ in 0..<2000 {
            let text = Self.text(&rng, length: Int(rng.next() % 40))
            #expect(try #require(PersonalValues.asciiTokens(text)) == PersonalValues.characterTokens(text), "\(text.debugDescription)")
        }
        #expect(PersonalValues.asciiTokens("by Li.\r\n") == ["by", " ", "Li", ".", "\r\n"])
        #expect(PersonalValues.asciiTokens("Müller") == nil)
        for _ in 0..<2000 {
            let text = Self.text(&rng, length: Int(rng.next() % 40))
            let tokens = PersonalValues.characterTokens(text)
            let first = PersonalValues.firstToken(text)
            #expect(first?.0 == tokens.first && (first?.1 ?? 0) == tokens.count, "\(text.debugDescription)")
        }
    }

    @Test func theLongestValueStandingAsWholeTokensIsRedacted() throws {
        let schema = SchemaNode(type: .object, properties: ["a": SchemaNode(type: .string), "b": SchemaNode(type: .string), "c": SchemaNode(type: .string)])
        let root = try Repo.load(#"{"kind": "mediator-profile", "a": "Jane", "b": "Jane Roe", "c": "Müller"}"#, as: "x.json").root
        let values = PersonalValues(root: root, schema: schema)
        let hidden = "a value not shown (it may be personal data)"
        #expect(values.redact("by Jane Roe.") == "by \(hidden).", "the longer value wins where both start")
        #expect(values.redact("Jane Roes") == "\(hidden) Roes", "Roe inside a longer word is no match")
        #expect(values.redact("Frau Müller\r\n") == "Frau \(hidden)\r\n")
        #expect(values.redact("Janet") == "Janet")
    }

    /// An ASCII text searched for a name that is not ASCII (accents, a Kelvin sign or a long s
    /// that fold to ASCII letters, a ligature, no-break spaces around it): only the name is folded,
    /// and the answer is the Unicode path's.
    @Test func nonASCIINamesInASCIITextMatchTheUnicodePath() {
        var rng = SplitMix(state: 17)
        let names = ["García", "TOMÁS", "\u{212A}ai", "\u{017F}ab", "\u{FB01}", "\u{00A0}Li\u{00A0}", "L\u{0130}", "a\u{0301}", "Ba\u{2002}la", "\u{00A0}"]
        var found = 0
        for _ in 0..<3000 {
            var haystack = Self.text(&rng, length: Int(rng.next() % 40))
            if rng.next() % 3 == 0 { haystack += " kai sab fi li " }
            let needle = names[Int(rng.next() % UInt64(names.count))]
            let fast = StringFunctions.containsWord(haystack, needle)
            #expect(fast == StringFunctions.unicodeContainsWord(haystack, needle), "\(haystack.debugDescription) contains \(needle.debugDescription)")
            if fast { found += 1 }
        }
        #expect(found > 100, "the generated cases should include matches, not only misses")
    }

    @Test func textBeyondASCIITakesTheUnicodePath() {
        #expect(ASCIIText.containsWord("Frau Müller", "müller") == nil)
        #expect(ASCIIText.lowercased("STRAẞE") == nil)
        #expect(StringFunctions.containsWord("Frau MÜLLER-Lüdenscheidt", "müller"))
        #expect(StringFunctions.caseFold("STRASSE") == StringFunctions.caseFold("straße"))
        #expect(StringFunctions.containsWord("Reviewed by LI, twice", " li "))
        #expect(!StringFunctions.containsWord("Quality review", "Li"))
    }

    /// The `Decimal` path, which the scaled sum must equal.
    static func decimalPath(_ values: [Double]) -> Double? {
        var total = Decimal(0)
        for d in values {
            guard let exact = Decimal(string: NumberFormatting.shortest(d), locale: nil) else { return nil }
            total += exact
        }
        return Double(total.description)
    }

    @Test func scaledSumEqualsTheDecimalSum() throws {
        var rng = SplitMix(state: 7)
        var scaled = 0
        for _ in 0..<3000 {
            let count = 1 + Int(rng.next() % 30)
            let values: [Double] = (0..<count).map { _ in
                switch rng.next() % 64 {
                case 0..<21: return Double(Int64(rng.next() % 2000) - 1000) / 10         // hours: 7.7
                case 21..<42: return Double(Int64(rng.next() % 200_000)) / 100             // amounts: 1234.56
                case 42..<63: return Double(Int64(rng.next() % 1_000_000)) / 1000 * 0.1    // products with long tails
                default: return Double(bitPattern: 0x3FF0_0000_0000_0000 | rng.next() >> 12) // 1 ≤ d < 2, 17 digits
                }
            }
            let list = CELList(values.map(CELValue.double))
            if let sum = ScaledDecimalSum(list) {
                scaled += 1
                #expect(sum.value == Self.decimalPath(values), "\(values)")
            }
            #expect(AggregateFunctions.decimalSum(list) == Self.decimalPath(values), "\(values)")
        }
        #expect(scaled > 500, "most short decimals should take the scaled path")
        #expect(AggregateFunctions.decimalSum(CELList(Array(repeating: CELValue.double(7.7), count: 25) + [.double(7.5)])) == 200)
        #expect(ScaledDecimalSum(CELList([.double(1e300)])) == nil)
        #expect(ScaledDecimalSum(CELList([.double(0.1), .int(1)])) == nil)
        #expect(ScaledDecimalSum(CELList(Array(repeating: .double(9e14), count: 11))) == nil, "past 2^53 the scaled total is not exact")
    }

    @Test func sameTypeOperatorsGiveTheGeneralAnswer() {
        let values: [CELValue] = [.double(.nan), .double(.infinity), .double(-.infinity), .double(-0.0), .double(0), .double(1.5),
                                  .int(.min), .int(.max), .int(0), .int(-1), .bool(true), .bool(false),
                                  .string(""), .string("é"), .string("e\u{301}"), .string("a"), .string("b")]
        let ops: [BinaryOperator] = [.add, .subtract, .multiply, .divide, .remainder, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in]
        var decided = 0
        for op in ops {
            for a in values {
                for b in values {
                    guard let fast = BinaryNode.sameType(op, a, b) else { continue }
                    decided += 1
                    let general = CELOperators.binary(op, a, b)
                    #expect(CELFormat.plain(fast) == CELFormat.plain(general) && fast.type.name == general.type.name, "\(a) \(op.rawValue) \(b)")
                }
            }
        }
        #expect(decided > 300)
    }

    /// `x in [constant strings]` (planned to compare bytes in place) answers as `in` over the
    /// same list bound as a variable (the general operator), for values of every type.
    @Test func inConstantStringsGivesTheGeneralAnswer() throws {
        let declarations = CELDeclarations(variables: ["x", "list"])
        let literal = try CELProgram.compile("x in ['a', 'é', '', 'co-mediator']", declarations: declarations)
        #expect(literal.planned is InConstantStringsNode, "a literal list of strings is planned to the fast node")
        let general = try CELProgram.compile("x in list", declarations: declarations)
        #expect(general.planned is BinaryNode)
        let list = CELValue.list(CELList([.string("a"), .string("é"), .string(""), .string("co-mediator")]))
        let values: [CELValue] = [.string("a"), .string("é"), .string("e\u{301}"), .string(""), .string("A"), .string("co-mediator"),
                                  .string("co-mediator "), .int(1), .double(.nan), .null, .bool(true), list, .map(.empty),
                                  .error(CELError(.noSuchKey, "no such key: 'role'"))]
        var found = 0
        for x in values {
            let fast = literal.evaluate([x, list])
            let slow = general.evaluate([x, list])
            #expect(CELFormat.plain(fast) == CELFormat.plain(slow) && fast.type.name == slow.type.name, "\(x) in list")
            if case .bool(true) = fast { found += 1 }
        }
        #expect(found == 4)
        // More strings than the fast node takes, or an item that is not a string: the general path.
        let long = (0...InConstantStringsNode.maxItems).map { "'s\($0)'" }.joined(separator: ", ")
        #expect(!(try CELProgram.compile("x in [\(long)]", declarations: declarations).planned is InConstantStringsNode))
        #expect(CELFormat.plain(try cel("1 in ['1', 1]")) == "true")
        #expect(CELFormat.plain(try cel("'s16' in [\(long)]")) == "true")
    }

    /// `has(c.f)` on a comprehension variable is answered in place, as `has` on the same map
    /// reached another way.
    @Test func hasOnAComprehensionVariableGivesTheGeneralAnswer() throws {
        let d = try Repo.load(#"{"kind": "mediator-application", "cases": [{"id": "C-1"}, {"role": "x"}, {"id": null}, 3]}"#, as: "x.json")
        let declarations = CELDeclarations(variables: ["doc"])
        func run(_ text: String) throws -> String { CELFormat.plain(try CELProgram.compile(text, declarations: declarations).evaluate([CELValue(node: d.root)])) }
        #expect(try run("doc.cases.filter(c, type(c) == map).map(c, has(c.id))") == "[true, false, true]")
        #expect(try run("[0, 1, 2].map(i, has(doc.cases[i].id))") == "[true, false, true]")
        #expect(try run("[{'id': 1}, {}].map(m, has(m.id))") == "[true, false]")
        #expect(try run("doc.cases.map(c, has(c.id))").hasPrefix("error"), "has() on a number is an error, as before")
    }

    /// `list.map(x, x.f)` over document nodes takes each item's member from the tree; it gives
    /// what the body gives for the same item reached by index, errors included, over a whole
    /// list and over a filtered one, and the values still point at the file.
    @Test func mappingAMemberOfDocumentNodesGivesTheBodysAnswer() throws {
        let text = #"{"kind": "mediator-application", "cases": [{"id": "C-1"}, {"id": null, "x": 1}, {"id": 7.5}, {"role": "x"}, 3]}"#
        let d = try Repo.load(text, as: "x.json")
        let declarations = CELDeclarations(variables: ["doc"])
        func run(_ text: String) throws -> CELValue { try CELProgram.compile(text, declarations: declarations).evaluate([CELValue(node: d.root)]) }
        let plain = CELFormat.plain(try run("doc.cases.filter(c, type(c) == map && has(c.id)).map(c, c.id)"))
        #expect(plain == "[C-1, null, 7.5]", "\(plain)")
        #expect(CELFormat.plain(try run("doc.cases.filter(c, type(c) == map && has(c.id)).map(c, c.id)"))
                == CELFormat.plain(try run("[0, 1, 2].map(i, doc.cases[i].id)")))
        for (fast, general) in [("doc.cases.map(c, c.id)", "[0, 1, 2, 3, 4].map(i, doc.cases[i].id)"),
                                ("doc.cases.filter(c, type(c) == map).map(c, c.id)", "[0, 1, 2, 3].map(i, doc.cases[i].id)")] {
            let a = try run(fast), b = try run(general)
            #expect(a.isError && CELFormat.plain(a) == CELFormat.plain(b), "\(fast): \(CELFormat.plain(a)) against \(CELFormat.plain(b))")
        }
        // The three-argument form binds the item for its filter and still reads the member in place.
        #expect(CELFormat.plain(try run("doc.cases.map(c, type(c) == map && has(c.id), c.id)")) == plain)
        for text in ["doc.cases.filter(c, type(c) == map && has(c.id)).map(c, c.id)", "doc.cases.map(c, type(c) == map && has(c.id), c.id)"] {
            guard case .list(let ids) = try run(text) else { Issue.record("\(text): not a list"); continue }
            #expect(ids.nodes?.map { d.root.tree.pointer(of: $0.id).description } == ["/cases/0/id", "/cases/1/id", "/cases/2/id"], "\(text)")
        }
    }

    /// `list.map(x, x.?f.orValue(c))` over document nodes reads each item's member in the tree,
    /// or takes the constant: what the body gives for the same item reached by index, whatever
    /// the member holds, and the same error where an item is no object.
    @Test func mappingAMemberOrAConstantGivesTheBodysAnswer() throws {
        let declarations = CELDeclarations(variables: ["doc"])
        let objects = [#"{"hours": 7.5}"#, #"{"id": "c2", "hours": 3}"#, #"{"hours": null}"#, "{}", #"{"hours": "ten"}"#,
                       #"{"hours": {"x": 1}}"#, #"{"x": 1, "hours": [1, 2]}"#, #"{"hours": true}"#]
        for (name, items) in [("objects", objects), ("with a string item", objects + [#""x""#]), ("none", [])] {
            let d = try Repo.load(#"{"kind": "mediator-application", "cases": ["# + items.joined(separator: ", ") + "]}", as: "x.json")
            func run(_ text: String) throws -> (value: CELValue, fused: Bool) {
                let program = try CELProgram.compile(text, declarations: declarations)
                return (program.evaluate([CELValue(node: d.root)]), (program.planned as? FoldNode)?.mappedFieldOr != nil)
            }
            for fallback in ["0.0", "'none'", "null"] {
                let fast = try run("doc.cases.map(c, c.?hours.orValue(\(fallback)))")
                let general = try run("\(Array(items.indices)).map(i, doc.cases[i].?hours.orValue(\(fallback)))")
                #expect(fast.fused && !general.fused)
                #expect(CELFormat.plain(fast.value) == CELFormat.plain(general.value), "\(name), \(fallback): \(CELFormat.plain(fast.value)) against \(CELFormat.plain(general.value))")
            }
        }
        let d = try Repo.load(#"{"kind": "mediator-application", "cases": ["# + objects.joined(separator: ", ") + "]}", as: "x.json")
        let sum = try CELProgram.compile("sum(doc.cases.filter(c, type(c.?hours.orValue(0.0)) == double).map(c, c.?hours.orValue(0.0)))", declarations: declarations)
        #expect(CELFormat.plain(sum.evaluate([CELValue(node: d.root)])) == "10.5", "7.5, 3 read as the number the schema makes it, and 0.0 for the case without hours")
    }

    /// An application whose `list` holds `items` (JSON texts), and a runner of CEL text over it
    /// that says whether the planner answers the text's filter in the tree (`FieldTest`).
    static func filterRunner(list: String, _ items: [String]) throws -> (Dossier, (String) throws -> (value: CELValue, fused: Bool)) {
        let d = try Repo.load(#"{"kind": "mediator-application", ""# + list + #"": ["# + items.joined(separator: ", ") + "]}", as: "x.json")
        let declarations = CELDeclarations(variables: ["doc"])
        return (d, { text in
            let program = try CELProgram.compile(text, declarations: declarations)
            return (program.evaluate([CELValue(node: d.root)]), (program.planned as? FoldNode)?.fieldTest != nil)
        })
    }

    /// Filters by a string field, or by whether a field is there, answered in the tree: what
    /// the general loop gives, over objects of every shape and over a list with a string in it.
    @Test func filteringByAStringFieldGivesTheBodysAnswer() throws {
        var wide = (0..<20).map { "\"f\($0)\": \($0)" }
        wide.append(#""role": "co-mediator""#)
        // The field at different places from item to item: where the last item had it, another
        // name (the third item), or nothing (the fourth).
        let cases = [#"{"role": "mediator"}"#, #"{"id": "c2", "role": "co-mediator"}"#, #"{"role": "mediator", "id": "c3"}"#, #"{"role": "observer"}"#, "{}",
                     #"{"role": 7}"#, #"{"role": null}"#, #"{"role": {"x": 1}}"#, #"{"role": "mediator "}"#, "{" + wide.joined(separator: ", ") + "}",
                     // Compared byte for byte: an empty value, one written decomposed, and ones of a
                     // choice's length that differ from it only in the last byte.
                     #"{"role": ""}"#, #"{"role": "me\u0301diateur"}"#, #"{"role": "médiateur"}"#, #"{"role": "mediatoR"}"#, #"{"role": "co-mediatos"}"#]
        for (name, items) in [("objects", cases), ("with a string item", cases + [#""mediator""#])] {
            let (d, run) = try Self.filterRunner(list: "cases", items)
            for (test, general) in [
                ("c.?role.orValue('') in ['mediator', 'co-mediator']", "(c.?role.orValue('') in ['mediator', 'co-mediator']) == true"),
                ("c.?role.orValue('mediator') in ['mediator', 'co-mediator']", "(c.?role.orValue('mediator') in ['mediator', 'co-mediator']) == true"),
                ("c.?role.orValue('') == 'observer'", "(c.?role.orValue('') == 'observer') == true"),
                ("c.?role.orValue('') in []", "(c.?role.orValue('') in []) == true"),
                ("c.?role.orValue('x') in ['', 'médiateur']", "(c.?role.orValue('x') in ['', 'médiateur']) == true"),
                ("c.?role.orValue('') == 'me\\u0301diateur'", "(c.?role.orValue('') == 'me\\u0301diateur') == true"),
                ("has(c.role)", "has(c.role) == true"),
                ("has(c.id)", "has(c.id) == true"),
            ] {
                let fast = try run("doc.cases.filter(c, \(test))"), slow = try run("doc.cases.filter(c, \(general))")
                #expect(fast.fused && !slow.fused, "\(test)")
                #expect(CELFormat.plain(fast.value) == CELFormat.plain(slow.value), "\(name), \(test): \(CELFormat.plain(fast.value)) against \(CELFormat.plain(slow.value))")
                if case .list(let a) = fast.value, case .list(let b) = slow.value {
                    #expect(a.nodes?.map { d.root.tree.pointer(of: $0.id).description } == b.nodes?.map { d.root.tree.pointer(of: $0.id).description })
                }
            }
            // What the objects give, written out: the matching roles, the wide object found by
            // its index, the missing role by its fallback.
            if name == "objects" {
                let kept = try run("doc.cases.filter(c, c.?role.orValue('mediator') in ['mediator', 'co-mediator'])").value
                guard case .list(let list) = kept else { Issue.record("not a list: \(CELFormat.plain(kept))"); continue }
                #expect(list.nodes?.map { d.root.tree.pointer(of: $0.id).description } == ["/cases/0", "/cases/1", "/cases/2", "/cases/4", "/cases/9"])
            }
        }
    }

    /// A filter by a boolean field answered in the tree gives what the general loop gives, over
    /// members of every type, a missing one, and a list with a string in it.
    @Test func filteringByABooleanFieldGivesTheBodysAnswer() throws {
        let forms = [#"{"completed": true}"#, #"{"completed": false}"#, "{}", #"{"completed": "yes"}"#, #"{"completed": null}"#,
                     #"{"completed": 1}"#, #"{"id": "f7", "completed": true}"#, #"{"completed": [true]}"#]
        for (name, items) in [("objects", forms), ("with a string item", forms + [#""done""#])] {
            let (_, run) = try Self.filterRunner(list: "feedbackForms", items)
            for test in ["f.?completed.orValue(false) == true", "f.?completed.orValue(false) == false", "f.?completed.orValue(true) == true"] {
                let fast = try run("doc.feedbackForms.filter(f, \(test))"), slow = try run("doc.feedbackForms.filter(f, (\(test)) == true)")
                #expect(fast.fused && !slow.fused, "\(test)")
                #expect(CELFormat.plain(fast.value) == CELFormat.plain(slow.value), "\(name), \(test): \(CELFormat.plain(fast.value)) against \(CELFormat.plain(slow.value))")
            }
        }
        #expect((try CELProgram.compile("doc.feedbackForms.filter(f, f.?completed.orValue(0) == true)", declarations: CELDeclarations(variables: ["doc"])).planned as? FoldNode)?.fieldTest == nil,
                "a fallback of another type than the constant is left to the general loop")
    }

    /// A fold the tree answers costs one unit an item, as the general loop does; one that meets
    /// an item it cannot answer gives back what it spent before the general loop does the whole
    /// fold, so that fold is charged once: its least budget exceeds the all-answered one's by at
    /// most the long way of that one item, not by the items before it too.
    @Test func answeredFoldsCostOneUnitAnItemAndAFallbackIsChargedOnce() throws {
        let declarations = CELDeclarations(variables: ["doc"])
        let program = try CELProgram.compile("doc.cases.filter(c, c.?role.orValue('') == 'mediator')", declarations: declarations)
        func leastBudget(_ items: [String]) throws -> (least: Int, kept: String) {
            let d = try Repo.load(#"{"kind": "mediator-application", "cases": ["# + items.joined(separator: ", ") + "]}", as: "x.json")
            for limit in 0..<500 {
                var budget = EvaluationBudget(limit: limit)
                let value = program.evaluate([CELValue(node: d.root)], budget: &budget)
                if case .error(let e) = value {
                    #expect(e.kind == .budgetExceeded, "\(CELFormat.plain(value))")
                    continue
                }
                return (limit, CELFormat.plain(value))
            }
            Issue.record("no budget under 500 sufficed")
            return (-1, "")
        }
        let mediator = #"{"role": "mediator"}"#, other = #"{"role": "observer"}"#
        let short = try leastBudget(Array(repeating: mediator, count: 4))
        let answered = try leastBudget(Array(repeating: mediator, count: 40) + [other])
        #expect(answered.least - short.least == 37, "one unit an item")
        let fallback = try leastBudget(Array(repeating: mediator, count: 40) + [#"{"role": 7}"#])
        #expect(fallback.kept == answered.kept)
        #expect(fallback.least >= answered.least && fallback.least - answered.least < 40,
                "the long way of one item, not the forty before it again: \(fallback.least) against \(answered.least)")
    }

    @Test func doublesPrintAsTheGeneralLayoutDoes() {
        for (d, text) in [(0.0001, "0.0001"), (1e16, "10000000000000000"), (1e20, "100000000000000000000"), (-12.0, "-12"),
                          (0.1 + 0.2, "0.30000000000000004"), (9007199254740992.0, "9007199254740992"), (-0.25, "-0.25")] {
            #expect(CELFormat.double(d) == text, "\(d)")
        }
    }
}
