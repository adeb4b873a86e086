import Foundation

/// A rule set's own test cases: documents with the outcome each must get (verdict, the ids of the
/// rules that fail or are undecided, and, where it matters, a rule's own outcome:
/// `outcomes: {QAP-HOURS: indeterminate}`), read from the file the rule set names under `tests`.
/// A case may name an exemptions file, to show what an exemption excuses, and the date whose
/// rules must judge it (`rulesOn: 2019-06-30`), to show a dossier judged by its own version.
///
/// This is how a rule author knows an edit did what was meant: every rule has a dossier that
/// passes it and one that fails it, boundaries included.
public struct RuleTestSuite: Sendable {
    public struct Case: Sendable {
        public let file: String
        public let verdict: Verdict
        public let failing: [RuleID]
        /// Rules whose outcome must be exactly this, in the order written.
        public var outcomes: [(rule: RuleID, outcome: Outcome)] = []
        /// The date whose rules must judge the dossier, when the case says.
        public var rulesOn: CivilDate?
        public var context: EvaluationContext
    }

    public struct Result: Sendable {
        public let testCase: Case
        public let passed: Bool
        public let problem: String
    }

    public let file: String
    public let cases: [Case]

    public static func load(for ruleSet: RuleSet) throws -> RuleTestSuite {
        guard let file = ruleSet.testsFile else {
            throw RuleSetError(file: ruleSet.files[0], message: "the rule set names no tests file ('tests:')")
        }
        return try load(file: file)
    }

    public static func load(file: String) throws -> RuleTestSuite {
        let text = try RuleSetFiles.text(file, what: "the tests file")
        let root = try YAMLValue.parse(text, file: file)
        let top = try root.mapping(allowed: ["asOf", "phase", "cases"], what: "a tests file")
        let folder = (file as NSString).deletingLastPathComponent
        func date(_ v: YAMLValue) throws -> CivilDate {
            guard let d = CivilDate(parsing: try v.string(what: "a date")) else { throw v.error("a date must be written YYYY-MM-DD") }
            return d
        }
        func phase(_ v: YAMLValue) throws -> EvaluationContext.RunPhase {
            guard let p = EvaluationContext.RunPhase(rawValue: try v.string(what: "phase")) else { throw v.error("phase must be application or certification") }
            return p
        }
        let defaultAsOf = try top.first { $0.key == "asOf" }.map { try date($0.value) } ?? CivilDate(year: 2026, month: 1, day: 1)!
        let defaultPhase = try top.first { $0.key == "phase" }.map { try phase($0.value) } ?? .application
        var cases: [Case] = []
        for entry in try top.first(where: { $0.key == "cases" })?.value.sequence(what: "cases") ?? [] {
            let fields = try entry.mapping(allowed: ["file", "verdict", "failing", "outcomes", "asOf", "phase", "exemptions", "rulesOn"], what: "a test case")
            func field(_ k: String) -> YAMLValue? { fields.first { $0.key == k }?.value }
            guard let fileValue = field("file"), let verdictValue = field("verdict") else { throw entry.error("a test case needs 'file' and 'verdict'") }
            guard let verdict = Verdict(rawValue: try verdictValue.string(what: "verdict")) else { throw verdictValue.error("verdict must be pass, fail or error") }
            let path = RuleSetLoader.resolve(try fileValue.string(what: "file"), relativeTo: folder)
            guard RuleSetFiles.entry(at: path) == .file else { throw fileValue.error("no such dossier: \(path)") }
            var testCase = Case(
                file: path, verdict: verdict,
                failing: try field("failing")?.strings(what: "failing").map { RuleID($0) }.sorted() ?? [],
                context: EvaluationContext(asOf: try field("asOf").map(date) ?? defaultAsOf, phase: try field("phase").map(phase) ?? defaultPhase))
            // The committee's exemptions the case is judged with, as `--exemptions` gives them.
            if let exemptions = field("exemptions") {
                testCase.context.exemptions = try ExemptionSet.load(path: RuleSetLoader.resolve(try exemptions.string(what: "exemptions"), relativeTo: folder))
            }
            testCase.rulesOn = try field("rulesOn").map(date)
            for expected in try field("outcomes")?.mapping(what: "outcomes") ?? [] {
                let name = try expected.value.string(what: "an outcome")
                guard let outcome = Outcome(rawValue: name) else {
                    throw expected.value.error("'\(name)' is not an outcome: \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                testCase.outcomes.append((RuleID(expected.key), outcome))
            }
            cases.append(testCase)
        }
        return RuleTestSuite(file: file, cases: cases)
    }

    /// A case's dossier, from the disk or from the built-in rule set's own fixtures.
    static func load(_ file: String, with loader: DossierLoader) throws(DocumentError) -> Dossier {
        guard RuleSetFiles.isBuiltIn(file) else { return try loader.load(file: file) }
        guard let data = try? RuleSetFiles.read(file, what: "the dossier") else {
            throw DocumentError(.unreadable, "no such built-in file")
        }
        return try loader.load(bytes: Array(data), file: file)
    }

    /// Runs every case; a case passes when its verdict and its failing rules are exactly as expected.
    public func run(_ ruleSet: RuleSet) -> [Result] {
        let loader = DossierLoader(schemas: ruleSet.schemas)
        let validator = Validator(ruleSet: ruleSet)
        return cases.map { c in
            let result: DocumentResult
            do throws(DocumentError) {
                result = validator.validate(try Self.load(c.file, with: loader), context: c.context)
            } catch {
                result = .unreadable(c.file, error)
            }
            // Failing: the rules that failed or could not be decided (not those exempt).
            let failing = Array(Set(result.deviations.filter { $0.outcome == .fail || $0.outcome == .indeterminate }.map(\.rule))).sorted()
            var problems: [String] = []
            if result.verdict != c.verdict {
                problems.append("verdict \(result.verdict.rawValue), expected \(c.verdict.rawValue)\(result.error.map { " (\($0))" } ?? "")")
            }
            if failing != c.failing {
                problems.append("failing [\(failing.map(\.rawValue).joined(separator: ", "))], expected [\(c.failing.map(\.rawValue).joined(separator: ", "))]")
                for d in result.deviations where !c.failing.contains(d.rule) { problems.append("  \(d.rule) at \(d.location.pointer): \(d.message)") }
            }
            for expected in c.outcomes {
                let found = result.outcome(of: expected.rule)
                if found != expected.outcome {
                    problems.append("\(expected.rule) \(found.map { "is \($0.rawValue)" } ?? "is no rule of the set"), expected \(expected.outcome.rawValue)")
                }
            }
            if let expected = c.rulesOn, result.rulesOn?.date != expected {
                problems.append("judged by the rules of \(result.rulesOn?.words ?? "no date"), expected \(expected)")
            }
            return Result(testCase: c, passed: problems.isEmpty, problem: problems.joined(separator: "; "))
        }
    }
}
