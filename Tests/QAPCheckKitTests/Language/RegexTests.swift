import Testing
@testable import QAPCheckKit

/// `matches` is RE2: its syntax, its refusals, and a search linear in the text.
@Suite("Regular expressions (RE2)")
struct RegexTests {
    func found(_ pattern: String, _ text: String) throws -> Bool? {
        try CELRegex(pattern).matches(text)
    }

    @Test(arguments: [
        // pattern, text, found
        ("abc", "xxabcxx", true), ("^abc$", "xabc", false), ("^abc$", "abc", true), ("", "", true),
        ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true), ("a|b|c", "zzc", true), ("colou?r", "color", true),
        ("^a{2,3}$", "aaaa", false), ("^a{2,3}$", "aaa", true), ("^a{2,}$", "aaaaaa", true), ("^a{2}$", "a", false),
        ("^x{0}$", "", true), ("a{,3}", "a{,3}", true), ("a{", "a{", true), ("^[a-c]+$", "abcabc", true),
        ("^[^a-c]+$", "xyz", true), ("^[^a-c]+$", "xaz", false), ("[]a]", "]", true), ("[a-]", "-", true),
        ("\\d{4}-\\d{2}", "on 2026-11 then", true), ("^\\D+$", "abc1", false), ("\\s", "a\tb", true), ("^\\S+$", "a b", false),
        ("^\\w+$", "a_1Z", true), ("^\\w+$", "é", false), ("\\W", "a-b", true), ("[\\d\\s]", "x 1", true), ("^[^\\d]+$", "ab1", false),
        ("\\bcat\\b", "a cat sat", true), ("\\bcat\\b", "concat", false), ("\\Bcat", "concat", true), ("\\Acat", "cat", true), ("cat\\z", "cat\n", false),
        ("(?i)straße", "STRAßE", true), ("(?i)ABC", "abc", true), ("(?i:a)B", "AB", true), ("(?i:a)B", "Ab", false), ("[[:alpha:]]+$", "ab1c", true),
        ("^[[:digit:]]+$", "123", true), ("^[[:^digit:]]+$", "1", false), ("^\\pL+$", "Zoë", true), ("^\\p{Lu}", "Émile", true), ("^\\PL", "1a", true),
        ("^\\p{^L}", "a", false), ("^\\p{Nd}+$", "٣4", true), ("(?m)^b$", "a\nb\nc", true), ("^b$", "a\nb\nc", false),
        ("\\x41\\x{1F600}", "A😀", true), ("\\Q.*\\E", "a.*b", true), ("\\Q.*\\E", "ab", false), ("\\.", "a.b", true), ("\\.", "ab", false),
        ("(?P<year>\\d{4})", "1999", true), ("(?<y>x)y", "xy", true), ("a*?b", "aab", true), ("(a|ab)(c|bcd)(d*)", "abcd", true),
        ("😀+", "x😀😀", true), ("^.$", "é", true), ("^..$", "e\u{301}", true), ("(a*)*b", "aaab", true), ("(a*)+$", "b", true),
    ])
    func re2Semantics(pattern: String, text: String, expected: Bool) throws {
        #expect(try found(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test(arguments: [
        ("(a)\\1", "back-references are not supported"), ("(?=a)", "look-ahead is not supported"), ("(?!a)", "look-ahead is not supported"),
        ("a++", "possessive repetition is not supported"), ("a**", "bad repetition operator"), ("*a", "missing argument to repetition operator"),
        ("a{1001}", "counts over 1000"), ("a{3,2}", "bad repetition operator: {3,2}"), ("\\q", "invalid escape sequence"), ("(ab", "missing closing )"),
        ("ab)", "unexpected )"), ("[ab", "missing closing ]"), ("[z-a]", "invalid character class range"), ("\\p{Greek}", "unsupported Unicode class"),
        ("\\", "trailing backslash"), ("[[:nope:]]", "[:nope:]"), ("((a{1000}){1000})", "the pattern is too large"), ("\\x{110000}", "invalid escape sequence"),
    ])
    func whatRE2RefusesIsRefused(pattern: String, message: String) {
        #expect(throws: RegexSyntaxError.self) { try CELRegex(pattern) }
        do { _ = try CELRegex(pattern) } catch {
            #expect(error.message.contains(message), "\(pattern): \(error)")
        }
    }

    /// The classic patterns that make a backtracking engine take exponential time: here the work
    /// (threads moved, counted, never timed) grows in proportion to the text.
    @Test(arguments: ["^(a+)+$", "(a|a)*b", "(a*)*b", "^(x+x+)+y", "(.*a){20}", "^(a|aa)+$", "(\\w+\\s?)+$"])
    func catastrophicPatternsRunInLinearTime(pattern: String) throws {
        let regex = try CELRegex(pattern)
        func steps(_ n: Int) -> Int {
            var steps = 0
            let text = String(repeating: pattern.contains("x") ? "x" : "a", count: n) + "!"
            _ = regex.matches(text, steps: &steps, limit: .max)
            return steps
        }
        let small = steps(1_000), large = steps(4_000)
        #expect(large <= 4 * small + 1_000, "\(pattern): \(small) steps for 1,000 characters, \(large) for 4,000")
        #expect(regex.matches(String(repeating: "a", count: 28) + "!") != nil)
    }

    @Test func aSearchOverItsBudgetStopsWithTheBudgetError() throws {
        let long = CELValue.string(String(repeating: "ab", count: 50_000))
        let program = try CELProgram.compile("s.matches('(a|b)*c')", declarations: CELDeclarations(variables: ["s"]))
        var small = EvaluationBudget(limit: 100)
        guard case .error(let e) = program.evaluate([long], budget: &small) else { Issue.record("a long search ran in 100 units"); return }
        #expect(e.kind == .budgetExceeded)
        var ample = EvaluationBudget()
        guard case .bool(false) = program.evaluate([long], budget: &ample) else { Issue.record("the search did not finish"); return }
        #expect(ample.remaining < EvaluationBudget.defaultLimit, "the search was charged")
    }

    @Test func aBadConstantPatternIsFoundWhenTheRuleCompiles() throws {
        let e = compileError("s.matches('(a')", variables: ["s"])
        #expect(e?.message.hasPrefix("invalid regular expression: missing closing )") == true, "\(String(describing: e))")
        #expect(e?.column == 2, "at the call")
        let dynamic = try cel("s.matches(p)", [("s", .string("x")), ("p", .string("a{2000}"))])
        guard case .error(let err) = dynamic else { Issue.record("a bad pattern at run time matched"); return }
        #expect(err.message.contains("counts over 1000"))
    }
}
