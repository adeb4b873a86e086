import Foundation
import Testing
@testable import QAPCheckKit

/// The rules in force by date, as a user meets them on the command line.
@Suite("Rules by date on the command line")
struct RulesByDateTests {
    @Test func oneBatchJudgesEachProfileByTheRulesOfItsOwnLapse() throws {
        let dir = Repo.scratch()
        for (name, fixture) in [("a-before.xml", "rules/IMI-LISTING-GRACE/warn-expired-lapsed-before-policy-change.xml"),
                                ("b-after.json", "rules/IMI-LISTING-STRICKEN/fail-lapsed-on-policy-change.json")] {
            try FileManager.default.copyItem(atPath: Repo.fixture(fixture), toPath: dir.appendingPathComponent(name).path)
        }
        let run = try CLI.validate([dir.path, "--format", "jsonl"])
        #expect(run.status == 1)
        let docs = try run.stdout.split(separator: "\n").dropLast().map { try JSONDecoder().decode(DocumentResult.self, from: Data($0.utf8)) }
        #expect(docs.map(\.rulesOn?.date.description) == ["2019-06-30", "2020-09-30"])
        #expect(docs.map(\.rulesOn?.source) == ["listing lapse", "listing lapse"])
        #expect(docs[0].deviations.map(\.rule) == ["IMI-LISTING-GRACE"] && docs[0].deviations[0].severity == .warning)
        #expect(docs[0].deviations[0].version == EffectivePeriod(from: nil, until: CivilDate(parsing: "2020-09-30")))
        #expect(docs[0].outcome(of: "IMI-LISTING-STRICKEN") == .notApplicable)
        #expect(docs[1].deviations.map(\.rule) == ["IMI-LISTING-STRICKEN"])
        #expect(docs[1].deviations[0].version == EffectivePeriod(from: CivilDate(parsing: "2020-09-30"), until: nil))
        // The raw JSON names the version on every finding, and which versions applied.
        #expect(run.stdout.contains(#""version":{"from":null,"until":"2020-09-30"}"#))
        #expect(run.stdout.contains(#""versions":{"IMI-LISTING-GRACE":{"from":"2020-09-30","until":null},"IMI-LISTING-STRICKEN":{"from":"2020-09-30","until":null}}"#))
        // The appraiser's formats show the version beside the clause, and the date used.
        let html = try CLI.validate([dir.path, "--format", "html"]).stdout
        #expect(html.contains("section “Verification of IMI Mediator status”, the version in force until 2020-09-30</p>"))
        #expect(html.contains("rules in force on 2019-06-30 (listing lapse)"))
        let markdown = try CLI.validate([dir.path, "--format", "markdown"]).stdout
        #expect(markdown.contains("section \"Verification of IMI Mediator status\", the version in force from 2020-09-30:"))
    }

    @Test func aRuleSetWithOverlappingVersionsExitsThreeNamingThePlace() throws {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("overlap.yaml")
        func version(_ severity: String, _ effective: String) -> String {
            """
              - id: EXTRA
                kinds: [mediator-profile]
                severity: \(severity)
                effective: { \(effective) }
                citation: { source: 000_45f9ee5f7106c665.txt, section: S, text: "quoted" }
                assert: "true"
                message: m
            """
        }
        // The second version starts before the first ends: line 15 holds its `effective`.
        try ("name: overlap\nversion: \"1\"\nextends: \(Repo.rules.path)/imi-cpr.yaml\nrules:\n"
             + version("warning", "until: 2022-01-01") + "\n" + version("error", "from: 2021-06-01") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        for args in [["rules", "check", "--rules", file.path], ["validate", "--rules", file.path, "--as-of", "2026-11-22", Repo.fixture("rules/IMI-LISTING-GRACE/warn-in-grace.xml")]] {
            let run = try CLI.run(args)
            #expect(run.status == 3, "\(args)")
            #expect(run.stderr.contains("\(file.path):15:16: versions of 'EXTRA' overlap: this one (from 2021-06-01) and the one at \(file.path):5 (until 2022-01-01) are both in force 2021-06-01 until 2022-01-01"), "\(run.stderr)")
        }
    }

    @Test func explainAndRulesDiffByDate() throws {
        let old = try CLI.run(["explain", "IMI-LISTING-GRACE", "--as-of", "2019-06-30"])
        #expect(old.status == 0)
        #expect(old.stdout.contains("in force: until 2020-09-30  (one of 2 versions: until 2020-09-30; from 2020-09-30)"))
        #expect(old.stdout.contains("Historically, those who did not pay or request a waiver"))
        #expect(!old.stdout.contains("A grace period of one year"))
        let none = try CLI.run(["explain", "IMI-LISTING-STRICKEN", "--as-of", "2019-06-30"])
        #expect(none.status == 3 && none.stderr.contains("IMI-LISTING-STRICKEN is not in force on 2019-06-30; its versions are in force from 2020-09-30"))

        let diff = try CLI.run(["rules", "diff", "--from", "2020-09-29", "--to", "2020-09-30", "--format", "json"])
        #expect(diff.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        #expect((json["added"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["IMI-LISTING-STRICKEN"])
        let changed = try #require((json["changed"] as? [[String: Any]])?.first)
        #expect(changed["rule"] as? String == "IMI-LISTING-GRACE")
        #expect(changed["differences"] as? [String] == ["title", "citation", "check", "message"])
        let markdown = try CLI.run(["rules", "diff", "--from", "2020-09-29", "--to", "2020-09-30", "--format", "markdown"]).stdout
        #expect(markdown.contains("| added | `IMI-LISTING-STRICKEN` |"))
        let same = try CLI.run(["rules", "diff", "--from", "2021-01-01", "--to", "2026-01-01"]).stdout
        #expect(same.hasSuffix("no change\n"))
        #expect(try CLI.run(["rules", "diff", "--from", "2021-02-30", "--to", "2026-01-01"]).status != 0)
    }
}
