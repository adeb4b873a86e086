import Foundation
import Testing
@testable import QAPCheckKit

/// Evaluates an expression with the given variables.
func cel(_ text: String, _ bindings: [(String, CELValue)] = []) throws -> CELValue {
    try CELProgram.compile(text, declarations: CELDeclarations(variables: bindings.map(\.0))).evaluate(bindings.map(\.1))
}

func compileError(_ text: String, variables: [String] = []) -> CELCompileError? {
    do {
        _ = try CELProgram.compile(text, declarations: CELDeclarations(variables: variables))
        return nil
    } catch { return error }
}

@Suite("The rule language")
struct CELLanguageTests {
    /// The names `containsWord` looks for are trimmed as Foundation's whitespacesAndNewlines
    /// trims, found without it: every Unicode white space and the zero-width space at either end,
    /// and nothing else. `trim()` drops the white space only, as CEL's does.
    @Test func trimmingDropsUnicodeWhiteSpaceAsFoundationDoes() {
        let spaces = (0...0x3000).compactMap(Unicode.Scalar.init).filter { $0.properties.isWhitespace }.map(String.init)
        #expect(spaces.count == 25)
        for space in spaces + ["\u{200B}", "x", "\u{200D}", "é", "\u{1F600}"] {
            for text in [space + "a b" + space, space, "a" + space, space + space + "é" + space] {
                let foundation = text.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(StringFunctions.trimmedName(text) == foundation, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
                #expect(StringFunctions.trimmed(text) == (space == "\u{200B}" ? text : foundation))
            }
        }
    }

    @Test func parseErrorsNameTheColumnAndWhatWasExpected() {
        let e = compileError("doc.cases.size() >= ")
        #expect(e?.column == 21)
        #expect(e?.message == "unexpected end of expression; expected a value")
        #expect(compileError("(1 + 2")?.message == "expected ')', found end of expression")
        #expect(compileError("a = 1", variables: ["a"])?.message == "unexpected '='; did you mean '=='?")
        #expect(compileError("'unterminated")?.column == 1)
        #expect(compileError("x.if", variables: ["x"]) == nil)
        #expect(compileError("if + 1")?.message == "'if' is a reserved word and cannot be a name")
        #expect(compileError("\"\\q\"")?.message == "invalid escape sequence '\\q'")
    }

    /// Timestamps, durations and the optional macros, checked here as well as by the conformance
    /// run, which needs ../shared.
    @Test(arguments: [
        ("int(timestamp('2009-02-13T23:31:30Z')) == 1234567890", true),
        ("string(timestamp('2009-02-13T23:31:30.5+01:00')) == '2009-02-13T22:31:30.500Z'", true),
        ("timestamp('2009-02-13T23:31:30Z').getDate('Australia/Sydney') == 14", true),
        ("timestamp('2009-02-13T02:00:00Z').getDayOfMonth('-02:30') == 11", true),
        ("timestamp('2009-02-13T23:31:30Z').getDayOfWeek() == 5 && timestamp('2009-02-13T23:31:30Z').getDayOfYear() == 43", true),
        ("timestamp('2009-02-13T23:00:00Z') + duration('4m') == timestamp('2009-02-13T23:04:00Z')", true),
        ("timestamp('2009-02-14T00:00:00Z') - timestamp('2009-02-13T00:00:00Z') == duration('24h')", true),
        ("duration('1h45m47s').getMinutes() == 105 && string(duration('1.5s')) == '1.500s'", true),
        ("duration('-90s') < duration('0') && type(duration('1s')) == google.protobuf.Duration", true),
        ("optional.of(42).optMap(y, y + 1).value() == 43 && !optional.none().optMap(y, y).hasValue()", true),
        ("{'k': {}}.?k.optFlatMap(m, m.?x).hasValue()", false),
        ("has({}.?x.y) || [?optional.none(), ?optional.of(1)] != [1]", false),
    ])
    func timestampsDurationsAndOptionals(text: String, expected: Bool) throws {
        guard case .bool(let b) = try cel(text) else { Issue.record("\(text) is not a bool: \(try cel(text))"); return }
        #expect(b == expected, "\(text)")
    }

    @Test(arguments: ["timestamp('0000-01-01T00:00:00Z')", "timestamp('10000-01-01T00:00:00Z')", "timestamp(253402300800)",
                      "timestamp('9999-12-31T23:59:59.999999999Z') + duration('1ns')", "timestamp('0001-01-01T00:00:00Z') - duration('1ns')",
                      "timestamp('9999-12-31T23:59:59Z') - timestamp('0001-01-01T00:00:00Z')", "duration('320000000000s')",
                      "duration('5000000h') + duration('5000000h')", "timestamp('2009-02-13T23:31:30Z').getHours('Mars/Olympus')",
                      "timestamp('2009-02-13 23:31:30Z')", "duration('1d')", "timestamp('0001-01-01T00:00:00Z').getFullYear('-01:00')"])
    func timesOutOfRangeOrMalformedAreErrors(text: String) throws {
        #expect(try cel(text).isError, "\(text)")
    }

    /// Operators and functions whose operand types are known are checked when the expression
    /// compiles; where a type depends on the document (`doc.x`), evaluation decides.
    @Test(arguments: [
        ("asOf + 1 > asOf", "no matching overload for '_+_' applied to (date, int)", 6),
        ("doc.cases.size() + 'a' == ''", "no matching overload for '_+_' applied to (int, string)", 18),
        ("phase < 3", "no matching overload for '_<_' applied to (string, int)", 7),
        ("!doc", "no matching overload for '!_' applied to (map)", 1),
        ("asOf.startsWith('x')", "no matching overload for 'startsWith' applied to (date, string)", 5),
        ("size(doc) > 0 && 'yes'", "no matching overload for '_&&_' applied to (bool, string)", 15),
        ("(phase == 'a' ? 1 : 2) - 1.5 > 0", "no matching overload for '_-_' applied to (int, double)", 24),
        ("1 in 'abc'", "no matching overload for '_in_' applied to (int, string)", 3),
        ("asOf.all(x, x > 0)", "no matching overload for 'all' applied to (date)", 5),
        ("doc.cases.exists(c, c.hours > 8) + 1 > 0", "no matching overload for '_+_' applied to (bool, int)", 34),
    ])
    func typeErrorsAreFoundWhenTheRuleCompiles(text: String, message: String, column: Int) {
        let declarations = CELDeclarations(variables: RuleVariable.names(RuleVariable.document), types: RuleVariable.types)
        do {
            _ = try CELProgram.compile(text, declarations: declarations)
            Issue.record("\(text) compiled")
        } catch {
            #expect(error.message == message, "\(text)")
            #expect(error.column == column, "\(text)")
        }
        for fine in ["doc.fee.amount + 1 > 0", "asOf < date('2026-01-01') && phase == 'application'", "1 < 1.5 && 2u == 2",
                     "doc.cases.map(c, c.hours).size() + 1 == 2", "size(doc.x) + doc.y > 0.5 || asOf.addDays(1) > asOf"] {
            #expect((try? CELProgram.compile(fine, declarations: declarations)) != nil, "\(fine) depends on the document, so it compiles")
        }
    }

    @Test func dynIsAConversionNotATypeValue() throws {
        #expect(compileError("dyn")?.message.hasPrefix("undeclared reference to 'dyn'") == true, "\(String(describing: compileError("dyn")))")
        #expect(compileError("type(1) == dyn")?.message.hasPrefix("undeclared reference to 'dyn'") == true)
        guard case .bool(true) = try cel("type(dyn([1, 'one'])) == list && dyn(1) == 1") else { Issue.record("dyn(x) is x"); return }
    }

    @Test func deepNestingIsAParseErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(compileError(deep)?.message.contains("nested too deeply") == true)
    }

    @Test func theCheckerRejectsUnknownNamesFunctionsAndArity() {
        #expect(compileError("doc.fee > 1", variables: ["asOf"])?.message == "undeclared reference to 'doc'; the variables are asOf")
        #expect(compileError("frobnicate(1)")?.message == "unknown function 'frobnicate'")
        #expect(compileError("size(1, 2)")?.message == "size() takes 1 argument, not 2")
        #expect(compileError("'a'.substring()")?.message == "substring() takes 1 to 2 arguments, not 0")
        #expect(compileError("[1].all(x, y > 0)")?.message.hasPrefix("undeclared reference to 'y'") == true)
        #expect(compileError("daysBetween(asOf)", variables: ["asOf"])?.column == 1)
        #expect(compileError("x.daysBetween(x)", variables: ["x"])?.message == "daysBetween() is not called on a value; write daysBetween(x)")
    }

    @Test func errorsAreValuesThatLogicAbsorbs() throws {
        #expect(try cel("1 / 0 == 1 || true").isError == false)
        guard case .error(let e) = try cel("1 / 0") else { Issue.record("no error"); return }
        #expect(e.message == "divide by zero")
        guard case .error = try cel("9223372036854775807 + 1") else { Issue.record("no overflow error"); return }
        guard case .bool(false) = try cel("{'a': 1}.b == 1 && false") else { Issue.record("&& did not absorb"); return }
    }

    @Test func noImplicitArithmeticButComparisonAcrossNumbers() throws {
        #expect(compileError("1 + 1.0")?.message == "no matching overload for '_+_' applied to (int, double)", "found when compiling")
        let unchecked = try CELProgram.compile("1 + 1.0", declarations: CELDeclarations(variables: [], checked: false))
        #expect(unchecked.evaluate([]).isError, "and, unchecked, when evaluating")
        guard case .bool(true) = try cel("1 < 1.5 && 2u == 2 && 3.0 >= 3") else { Issue.record("cross-type comparison failed"); return }
    }

    @Test func dateExtension() throws {
        func date(_ e: String) throws -> String { CELFormat.plain(try cel(e)) }
        #expect(try date("date('2024-02-29').addYears(1)") == "2025-02-28")
        #expect(try date("date('2024-02-29').addYears(4)") == "2028-02-29")
        #expect(try date("date('2026-01-31').addMonths(1)") == "2026-02-28")
        #expect(try date("date('2026-12-31').addDays(1)") == "2027-01-01")
        #expect(try date("daysBetween(date('2024-01-01'), date('2025-01-01'))") == "366")
        #expect(try date("date('2026-03-01') > date('2026-02-28')") == "true")
        #expect(try cel("date('2026-02-30')").isError)
        #expect(try date("string(date('2026-03-01'))") == "2026-03-01")
    }

    @Test func aggregatesAndStringHelpers() throws {
        #expect(CELFormat.plain(try cel("sum([1.5, 2.5, 4.0])")) == "8")
        #expect(CELFormat.plain(try cel("[1, 2, 3].sum()")) == "6")
        #expect(CELFormat.plain(try cel("sum([])")) == "0")
        #expect(try cel("sum([1, 2.0])").isError)
        // Names as people write them: case folding, and whole words.
        #expect(CELFormat.plain(try cel("'STRASSE'.caseFold() == 'straße'.caseFold()")) == "true")
        #expect(CELFormat.plain(try cel("'e\\u0301'.caseFold() == '\\u00e9'.caseFold()")) == "true", "NFC first")
        #expect(CELFormat.plain(try cel("'Quality review'.containsWord('Li')")) == "false")
        #expect(CELFormat.plain(try cel("'Reviewed by LI, twice'.containsWord(' li ')")) == "true")
        #expect(CELFormat.plain(try cel("'Anything'.containsWord('  ')")) == "false", "a blank name matches nothing")
        #expect(CELFormat.plain(try cel("'Frau Müller-Lüdenscheidt'.containsWord('MÜLLER')")) == "true")
        // Decimals add up as written: 25 × 7.7 + 7.5 is 200, and 0.1 + 0.2 is 0.3.
        let hours = "[" + Array(repeating: "7.7", count: 25).joined(separator: ", ") + ", 7.5]"
        #expect(CELFormat.plain(try cel("sum(\(hours))")) == "200")
        #expect(CELFormat.plain(try cel("sum(\(hours)) >= 200.0")) == "true")
        #expect(CELFormat.plain(try cel("sum([0.1, 0.2]) == 0.3")) == "true")
        // Past what a decimal holds, doubles add as doubles.
        if case .double(let big) = try cel("sum([1e308, 1e308])") { #expect(big == .infinity) } else { Issue.record("not a double") }
        if case .double(let tiny) = try cel("sum([1e-300, 1e-300])") { #expect(tiny == 2e-300) } else { Issue.record("not a double") }
        #expect(CELFormat.plain(try cel("max([3, 9.5, 2u])")) == "9.5")
        #expect(CELFormat.plain(try cel("min(['b', 'a'])")) == "a")
        #expect(try cel("min([])").isError)
        #expect(CELFormat.plain(try cel("lower('  CEDR ').trim()")) == "cedr")
        #expect(CELFormat.plain(try cel("' Centre '.trim().lower()")) == "centre")
    }

    @Test func evaluatesOverADocumentWithoutCopyingIt() throws {
        let d = try Repo.loader().load(file: Repo.fixture("forms/application.xml".replacingOccurrences(of: ".xml", with: "-attributes.xml")))
        let program = try CELProgram.compile(
            "sum(doc.cases.filter(c, c.role in ['mediator', 'co-mediator']).map(c, c.hours))",
            declarations: CELDeclarations(variables: ["doc"]))
        #expect(CELFormat.plain(program.evaluate([CELValue(node: d.root)])) == "20.5")
        // One compiled program serves any number of documents.
        let json = try Repo.loader().load(file: Repo.fixture("forms/application.json"))
        #expect(CELFormat.plain(program.evaluate([CELValue(node: json.root)])) == "20.5")
        guard case .list(let cases)? = { if case .map(let m) = CELValue(node: json.root) { return m["cases"] } else { return nil } }() else {
            Issue.record("cases is not a list"); return
        }
        #expect(cases.nodes?.count == 2, "document lists are read in place, as nodes")
    }

    /// A filter of a document list keeps the items by position; a filter of that, a field map of
    /// it, indexing, `in` and joining still read the same nodes as the plain list does.
    @Test func filteredDocumentListsKeepTheirNodes() throws {
        let d = try Repo.loader().load(file: Repo.fixture("rules/QAP-HOURS/pass-exactly-200.json"))
        let declarations = CELDeclarations(variables: ["doc"])
        func run(_ text: String) throws -> CELValue { try CELProgram.compile(text, declarations: declarations).evaluate([CELValue(node: d.root)]) }
        guard case .list(let all) = try run("doc.cases") else { Issue.record("cases is not a list"); return }
        let nodes = try #require(all.nodes)
        #expect(nodes.count > 3)
        // Every other case, then every other of those: positions 0, 4, 8, ... of the source.
        guard case .list(let picked) = try run("doc.cases.filter(c, doc.cases.indexOf(c) % 2 == 0).filter(c, doc.cases.indexOf(c) % 4 == 0)") else {
            Issue.record("the filter is not a list"); return
        }
        let expected = stride(from: 0, to: nodes.count, by: 4).map { nodes[$0] }
        #expect(picked.nodes?.map(\.pointer.description) == expected.map(\.pointer.description))
        #expect(picked.nodes?.map(\.location) == expected.map(\.location))
        #expect(picked.count == expected.count)
        for i in 0..<picked.count { #expect(CELOperators.equals(picked[i], CELValue(node: expected[i]))) }
        guard case .list(let hours) = try run("doc.cases.filter(c, doc.cases.indexOf(c) % 2 == 1).map(c, c.hours)") else {
            Issue.record("the map is not a list"); return
        }
        #expect(hours.nodes?.map(\.pointer.description) == stride(from: 1, to: nodes.count, by: 2).map { "/cases/\($0)/hours" })
        for text in ["doc.cases.filter(c, true)[1] == doc.cases[1]", "doc.cases[2] in doc.cases.filter(c, true)",
                     "!(doc.cases[1] in doc.cases.filter(c, doc.cases.indexOf(c) != 1))",
                     "size(doc.cases.filter(c, true) + doc.cases.filter(c, false)) == size(doc.cases)"] {
            let result = try run(text)
            guard case .bool(true) = result else { Issue.record("\(text) gave \(result)"); continue }
        }
    }

    @Test func locatesAResultInTheDocument() throws {
        let d = try Repo.loader().load(file: Repo.fixture("forms/application.json"))
        let program = try CELProgram.compile("doc.cases", declarations: CELDeclarations(variables: ["doc"]))
        let located = program.evaluateLocated([CELValue(node: d.root)], nodes: [d.root])
        #expect(located.node?.pointer.description == "/cases")
        #expect(located.node?.location == SourceLocation(line: 7, column: 12))
        let missing = try CELProgram.compile("doc.skillsAssessment.date", declarations: CELDeclarations(variables: ["doc"]))
        #expect(missing.evaluateLocated([CELValue(node: d.root)], nodes: [d.root]).node?.pointer.description == "")
    }

    @Test func doubleToStringIsShortestAndPositional() {
        #expect(CELFormat.double(123.456) == "123.456")
        #expect(CELFormat.double(-4.5e-3) == "-0.0045")
        #expect(CELFormat.double(200) == "200")
        #expect(CELFormat.double(1e21) == "1e+21")
        #expect(CELFormat.double(1e-5) == "1e-05")
        #expect(CELFormat.double(187.5) == "187.5")
    }
}

@Suite("Evaluation error kinds")
struct CELErrorKindTests {
    @Test(arguments: [
        ("x / 0", CELErrorKind.divideByZero), ("x % 0", .divideByZero), ("x * 9223372036854775807", .overflow),
        ("m.missing", .noSuchKey), ("m['missing']", .noSuchKey), ("l[5]", .indexOutOfRange), ("x.y", .noSuchField),
        ("int('ten')", .conversion), ("uint(-x)", .overflow), ("size(x)", .noSuchOverload), ("l[1.5]", .invalidArgument),
        ("date('2026-02-30')", .conversion), ("optional.none().value()", .noValue),
    ])
    func eachFailureHasItsKind(expression: String, kind: CELErrorKind) throws {
        let m = try #require(try? CELMap.make([(.string("a"), .int(1))]).get())
        let value = try cel(expression, [("x", .int(2)), ("m", .map(m)), ("l", .list(CELList([.int(1)])))])
        guard case .error(let e) = value else {
            Issue.record("\(expression) gave \(value), not an error")
            return
        }
        #expect(e.kind == kind, "\(expression): \(e.message)")
    }
}

@Suite("Attachment paths")
struct ContainedPathTests {
    @Test(arguments: [
        ("a/b.pdf", true), ("a/../b.pdf", true), ("./x.pdf", true), ("a\u{301}/b.pdf", true),
        ("../x.pdf", false), ("/etc/shadow", false), ("/\u{301}etc/shadow", false), ("../\u{301}x.pdf", false),
        ("a/\u{0}\u{301}b", false), ("a\u{0}", false), ("C:\\x", false), ("C:x", false), ("~/x", false),
        ("a\\..\\..\\x", false), ("", false), ("a/b/../../..", false),
    ])
    func pathsAreJudgedByTheirBytes(path: String, contained: Bool) throws {
        let value = try cel("isContainedPath(p)", [("p", .string(path))])
        guard case .bool(let b) = value else { Issue.record("\(value)"); return }
        #expect(b == contained, "\(path.unicodeScalars.map { String($0.value, radix: 16) })")
    }
}

/// Expressions a program might write by itself: long chains and huge texts give a parse error
/// with a place, never a crash of `eval`, `rules check` or the batch.
@Suite("Expression limits")
struct ExpressionLimitTests {
    @Test(arguments: [
        Array(repeating: "1", count: 10_000).joined(separator: " + "),
        "x" + String(repeating: ".a", count: 20_000),
        Array(repeating: "true", count: 5_000).joined(separator: " && "),
        Array(repeating: "x", count: 5_000).joined(separator: " || "),
        "l" + String(repeating: "[0]", count: 5_000),
        Array(repeating: "1", count: 5_000).joined(separator: " * "),
        Array(repeating: "1", count: 5_000).joined(separator: " < "),
    ])
    func aLongChainIsAParseError(text: String) {
        let e = compileError(text, variables: ["x", "l"])
        #expect(e?.message.contains("nested too deeply") == true, "\(e?.message ?? "compiled")")
    }

    @Test func chainsWithinTheLimitCompile() throws {
        let sum = Array(repeating: "1", count: 150).joined(separator: " + ")
        guard case .int(150) = try cel(sum) else { Issue.record("the sum of 150 ones"); return }
    }

    @Test func anOverlongExpressionIsRefused() {
        let e = compileError("'" + String(repeating: "a", count: 100_001) + "'")
        #expect(e?.message.contains("over the limit") == true)
    }

    @Test func rulesCheckReportsADeepExpressionInARulePack() throws {
        let dir = Repo.scratch()
        let deep = Array(repeating: "1", count: 10_000).joined(separator: " + ")
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n  - id: R\n    kinds: [mediator-profile]\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    assert: \(deep) > 0\n    message: m\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["rules", "check", "--rules", dir.path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("rules.yaml:10:") && run.stderr.contains("nested too deeply"), "\(run.stderr.prefix(300))")
    }
}

/// Work without end stops at the evaluation budget, with an error the batch reports and survives.
@Suite("Evaluation budget")
struct EvaluationBudgetTests {
    static let nested = "l.map(a, l.map(b, l.map(c, l.map(d, l.map(e, l.map(f, l.map(g, l.map(h, l.map(i, 1)))))))))"
    static let ten: [(String, CELValue)] = [("l", .list(CELList((0..<10).map { .int(Int64($0)) })))]

    @Test func aRunawayExpressionStopsWithTheBudgetError() throws {
        let value = try cel(Self.nested, Self.ten)
        guard case .error(let e) = value else { Issue.record("\(value)"); return }
        #expect(e.kind == .budgetExceeded)
    }

    @Test func theBudgetIsSharedAndSpent() throws {
        let program = try CELProgram.compile("l.map(x, x * 2).size()", declarations: CELDeclarations(variables: ["l"]))
        var budget = EvaluationBudget(limit: 15)
        guard case .int(10) = program.evaluate(Self.ten.map(\.1), budget: &budget) else { Issue.record("first"); return }
        #expect(budget.remaining == 5, "ten steps of the map spent")
        guard case .error(let e) = program.evaluate(Self.ten.map(\.1), budget: &budget) else { Issue.record("second"); return }
        #expect(e.kind == .budgetExceeded)
    }

    @Test func aRuleOverItsBudgetIsNotCheckedAndTheBatchGoesOn() throws {
        let dir = Repo.scratch()
        try "name: x\nversion: \"1\"\nschemas: \(Repo.rules.path)/schemas\nsources: [{file: a.txt, title: A}]\nrules:\n  - id: RUNAWAY\n    kinds: ['*']\n    severity: error\n    citation: {source: a.txt, section: s, text: t}\n    let:\n      l: '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]'\n    assert: size(\(Self.nested)) == 10\n    message: m\n"
            .write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.validate(["--rules", dir.path, "Fixtures/forms", "--format", "jsonl"])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 4, "three dossiers and the summary")
        #expect(lines.dropLast().allSatisfy { $0.contains("evaluation budget exceeded") })
        let stingy = try CLI.validate(["Fixtures/forms/application.json", "--format", "json", "--max-cost", "3"])
        #expect(stingy.status == 1)
        #expect(stingy.stdout.contains("evaluation budget exceeded"), "--max-cost reaches the rules")
        #expect(try CLI.validate(["Fixtures/forms", "--max-cost", "0"]).status == 3)
    }
}
