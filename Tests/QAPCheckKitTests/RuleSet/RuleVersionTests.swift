import Foundation
import Testing
@testable import QAPCheckKit

/// Rules in force on a date: versions of a rule, dated parameters, and each dossier judged by the
/// rules of its own date.
@Suite("Rules in force by date")
struct RuleVersionTests {
    static let schemas = Repo.rules.appendingPathComponent("schemas").path
    let asOf = CivilDate(parsing: "2027-06-30")!

    /// A rule set whose application rule QAP-HOURS reads the dated `minHours`.
    static func ruleSet(parameters: String = Self.datedHours, rules: String = Self.hoursRule, extra: String = "") -> String {
        """
        name: dated
        version: "1"
        schemas: \(schemas)
        sources:
          - file: a.txt
        parameters:
        \(parameters)
        ruleDates:
          mediator-application:
            name: submitted
            date: doc.submitted
        \(extra)
        rules:
        \(rules)
        """
    }

    static let datedHours = """
      minHours:
        description: Hours an applicant needs.
        value:
          - { from: 2019-01-01, value: 200 }
          - { from: 2027-01-01, value: 220 }
    """

    static let hoursRule = """
      - id: HOURS
        kinds: [mediator-application]
        severity: error
        citation: { source: a.txt, section: S, text: "quoted" }
        assert: doc.cases.map(c, c.hours).sum() >= double(params.minHours)
        message: "fewer than {{ params.minHours }} hours"
    """

    func load(_ text: String) throws -> RuleSet {
        let file = Repo.scratch().appendingPathComponent("dated.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try RuleSetLoader.load(path: file.path)
    }

    func error(_ text: String) -> RuleSetError? {
        do { _ = try load(text); return nil } catch let e as RuleSetError { return e } catch { Issue.record("\(error)"); return nil }
    }

    /// An application of 210 hours submitted on `submitted`.
    func application(submitted: String) throws -> Dossier {
        let cases = (0..<21).map { #"{"id": "C\#($0)", "role": "mediator", "hours": 10}"# }.joined(separator: ",")
        return try Repo.load(#"{"kind": "mediator-application", "schemaVersion": "1", "id": "A-1", "submitted": "\#(submitted)", "cases": [\#(cases)]}"#, as: "a.json")
    }

    @Test func aDatedParameterJudgesEachDossierByTheValueOfItsOwnDate() throws {
        let set = try load(Self.ruleSet(rules: Self.hoursRule + "\n    effective: { from: 2019-01-01 }"))
        // One version written, cut where minHours changes.
        #expect(set.versions(of: "HOURS").map(\.effective.description) == ["2019-01-01 until 2027-01-01", "from 2027-01-01"])
        let validator = Validator(ruleSet: set)
        let context = EvaluationContext(asOf: asOf)
        let before = validator.validate(try application(submitted: "2026-10-01"), context: context)
        #expect(before.verdict == .pass)
        #expect(before.rulesOn == RulesInForce(date: CivilDate(parsing: "2026-10-01")!, source: "submitted"))
        #expect(before.versions["HOURS"] == EffectivePeriod(from: CivilDate(parsing: "2019-01-01"), until: CivilDate(parsing: "2027-01-01")))
        let after = validator.validate(try application(submitted: "2027-02-01"), context: context)
        #expect(after.verdict == .fail)
        #expect(after.deviations.map(\.message) == ["fewer than 220 hours"])
        #expect(after.deviations.first?.version == EffectivePeriod(from: CivilDate(parsing: "2027-01-01"), until: nil))
        // Submitted before the rule existed: it does not apply.
        let old = validator.validate(try application(submitted: "2018-05-01"), context: context)
        #expect(old.outcome(of: "HOURS") == .notApplicable)
        #expect(old.deviations.isEmpty)
    }

    @Test func aRuleReadingADatedParameterWhereItHasNoValueIsRefused() {
        let e = error(Self.ruleSet())
        #expect(e?.message == "'HOURS' reads params.minHours, which has no value for until 2019-01-01; give the parameter a value then, or the rule an effective period")
        #expect(e?.line == 18)
    }

    @Test func theDossiersOwnDateGivesWayToAsOfWhenMissingOrLater() throws {
        let set = try load(Self.ruleSet(rules: Self.hoursRule + "\n    effective: { from: 2019-01-01 }"))
        let validator = Validator(ruleSet: set)
        let later = validator.validate(try application(submitted: "2028-01-01"), context: EvaluationContext(asOf: asOf))
        #expect(later.rulesOn == RulesInForce(date: asOf, source: "as-of", note: "the dossier's submitted date, 2028-01-01, is after the as-of date"))
        let missing = validator.validate(try application(submitted: "not a date"), context: EvaluationContext(asOf: asOf))
        #expect(missing.rulesOn == RulesInForce(date: asOf, source: "as-of", note: "the dossier gives no valid submitted date"))
        // A kind the rule set gives no date: as-of, with nothing to explain.
        let profile = validator.validate(try Repo.load(#"{"kind": "mediator-profile", "schemaVersion": "1", "id": "P"}"#, as: "p.json"), context: EvaluationContext(asOf: asOf))
        #expect(profile.rulesOn == RulesInForce(date: asOf, source: "as-of"))
    }

    @Test func versionsThatLeaveAGapNeedAReason() {
        let v1 = Self.hoursRule + "\n    effective: { from: 2019-01-01, until: 2020-01-01 }"
        let v2 = Self.hoursRule + "\n    effective: { from: 2021-01-01 }"
        let gap = error(Self.ruleSet(rules: v1 + "\n" + v2))
        #expect(gap?.message.hasPrefix("'HOURS' has no version from 2020-01-01 until 2021-01-01, between the one at ") == true)
        #expect(gap?.line == 31)
        let explained = v2.replacingOccurrences(of: "{ from: 2021-01-01 }", with: "{ from: 2021-01-01, gap: \"suspended for 2020 by the board\" }")
        #expect(error(Self.ruleSet(rules: v1 + "\n" + explained)) == nil)
        // Back to back is no gap.
        #expect(error(Self.ruleSet(rules: v1 + "\n" + v2.replacingOccurrences(of: "2021-01-01", with: "2020-01-01"))) == nil)
    }

    @Test func aChangeDateCanBeAParameterThatAProgramMoves() throws {
        let parameters = Self.datedHours.replacingOccurrences(of: "{ from: 2019-01-01, value: 200 }", with: "{ value: 200, until: 2027-01-01 }")
            + "\n  change:\n    value: \"2024-01-01\""
        func version(_ severity: String, _ effective: String, message: String) -> String {
            """
              - id: OLD
                kinds: [mediator-application]
                severity: \(severity)
                effective: { \(effective) }
                citation: { source: a.txt, section: S, text: "quoted" }
                assert: "false"
                message: \(message)
            """
        }
        let rules = version("warning", "until: params.change", message: "old") + "\n" + version("error", "from: params.change", message: "new")
        let set = try load(Self.ruleSet(parameters: parameters, rules: rules))
        let validator = Validator(ruleSet: set)
        let found = validator.validate(try application(submitted: "2023-12-31"), context: EvaluationContext(asOf: asOf))
        #expect(found.deviations.map(\.message) == ["old"])
        #expect(validator.validate(try application(submitted: "2024-01-01"), context: EvaluationContext(asOf: asOf)).deviations.map(\.message) == ["new"])
        let bad = error(Self.ruleSet(parameters: parameters, rules: rules.replacingOccurrences(of: "params.change }", with: "params.minHours }")))
        #expect(bad?.message == "'until' names the parameter 'minHours', which is not one date YYYY-MM-DD")
    }

    @Test func whatDecidesTheDateOrThePhaseCannotReadADatedParameter() {
        let e = error(Self.ruleSet(extra: "phases:\n  application:\n    when: params.minHours > 0"))
        #expect(e?.message == "a phase's when cannot read params.minHours: its value depends on the date, and this decides which rules run")
    }

    @Test func datedValuesMustNotOverlap() {
        let overlapping = """
          minHours:
            - { from: 2019-01-01, until: 2028-01-01, value: 200 }
            - { from: 2027-01-01, value: 220 }
        """
        let e = error(Self.ruleSet(parameters: overlapping))
        #expect(e?.message == "this value (from 2027-01-01) overlaps an earlier one (2019-01-01 until 2028-01-01); give dated values in date order")
    }

    @Test func rulesDiffListsWhatChangedBetweenTwoDates() throws {
        let set = try load(Self.ruleSet(rules: Self.hoursRule + "\n    effective: { from: 2019-01-01 }"))
        let changes = RuleSetChanges(set, from: CivilDate(parsing: "2018-06-01")!, to: CivilDate(parsing: "2027-06-01")!)
        #expect(changes.added.map(\.rule) == ["HOURS"])
        #expect(changes.parameters == [.init(name: "minHours", from: nil, to: "220")])
        let later = RuleSetChanges(set, from: CivilDate(parsing: "2026-06-01")!, to: CivilDate(parsing: "2027-06-01")!)
        #expect(later.added.isEmpty && later.removed.isEmpty)
        #expect(later.changed.map(\.differences) == [["parameters"]])
        #expect(later.parameters == [.init(name: "minHours", from: "200", to: "220")])
        #expect(later.rendered(as: .text).contains("parameter  minHours  200 -> 220"))
        #expect(RuleSetChanges(set, from: CivilDate(parsing: "2020-01-01")!, to: CivilDate(parsing: "2021-01-01")!).rendered(as: .text).hasSuffix("no change"))
    }
}
