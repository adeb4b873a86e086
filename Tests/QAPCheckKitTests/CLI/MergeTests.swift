import Foundation
import Testing
@testable import QAPCheckKit

/// `validate --shard K/N` and `merge`: N shards merged are the report of one run, and parts that
/// do not make one batch are refused, naming the mismatch.
@Suite("Shards and merge")
struct MergeTests {
    static let asOf = ["--as-of", "2026-11-22"]

    /// Runs shard K of N over `inputs` into `folder/part-K.EXT`; returns the part's path.
    @discardableResult
    static func shard(_ k: Int, of n: Int, _ inputs: [String] = ["Fixtures"], into folder: URL, form: String = "jsonl", extra: [String] = []) throws -> String {
        let part = folder.appendingPathComponent("part-\(k).\(form)").path
        let run = try CLI.run(["validate"] + inputs + asOf + ["--quiet", "--shard", "\(k)/\(n)", "--format", form, "--output", part] + extra)
        #expect((0...2).contains(run.status), "shard \(k)/\(n): \(run.stderr)")
        return part
    }

    static func merge(_ parts: [String], _ extra: [String] = []) throws -> CLI.Run {
        try CLI.run(["merge"] + parts + ["--quiet"] + extra)
    }

    /// Every format, from one run and from N shards merged: the same bytes but for the times.
    @Test(arguments: [1, 2, 3, 7])
    func shardsMergedAreOneRunsReportInEveryFormat(n: Int) throws {
        let folder = Repo.scratch()
        let formats = ReportFormat.allCases
        func reports(_ prefix: String) -> [String] { formats.map { "--report" + "=" + "\($0.rawValue)=\(folder.appendingPathComponent("\(prefix).\($0.rawValue)").path)" } }
        let single = try CLI.run(["validate", "Fixtures"] + Self.asOf + ["--quiet", "--format", "text", "--output", folder.appendingPathComponent("single-stdout").path] + reports("single"))
        #expect(single.status == 2, "\(single.stderr)")
        // Odd N read JSON parts, even N JSON Lines: both forms merge.
        let parts = try (1...n).map { try Self.shard($0, of: n, into: folder, form: n % 2 == 1 ? "json" : "jsonl") }
        let merged = try Self.merge(parts.reversed(), ["--format", "text", "--output", folder.appendingPathComponent("merged-stdout").path] + reports("merged"))
        #expect(merged.status == 2, "the merged batch's exit status: \(merged.stderr)")
        for format in formats {
            let one = GoldenReportTests.withoutTimes(try String(contentsOf: folder.appendingPathComponent("single.\(format.rawValue)"), encoding: .utf8))
            let many = GoldenReportTests.withoutTimes(try String(contentsOf: folder.appendingPathComponent("merged.\(format.rawValue)"), encoding: .utf8))
            #expect(!one.isEmpty && one == many, "\(format.rawValue), \(n) shards: \(Self.firstDifference(one, many))")
        }
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = (0..<min(x.count, y.count)).first(where: { x[$0] != y[$0] }) else { return x.count == y.count ? "none" : "lengths \(x.count) and \(y.count)" }
        return "line \(i + 1): \(x[i]) | \(y[i])"
    }

    @Test func aShardTakesItsShareOfTheSortedListAndAnEmptyShareIsNoError() throws {
        let folder = Repo.scratch()
        let counts = try (1...4).map { k -> Int in
            let part = try Self.shard(k, of: 4, ["Fixtures/forms"], into: folder)
            return try String(contentsOfFile: part, encoding: .utf8).split(separator: "\n").count - 1
        }
        #expect(counts == [0, 1, 1, 1], "3 files in 4 shards: \(counts)")
        #expect(Shard(index: 2, count: 3)?.range(of: 10) == 3..<6)
        #expect(Shard(parsing: "0/3") == nil && Shard(parsing: "4/3") == nil && Shard(parsing: "2/3") != nil)
        let noDate = try CLI.run(["validate", "Fixtures/forms", "--shard", "1/2"])
        #expect(noDate.status == 3 && noDate.stderr.contains("--shard needs --as-of"))
        let bad = try CLI.run(["validate", "Fixtures/forms", "--shard", "3/2"] + Self.asOf)
        #expect(bad.status == 3)
    }

    /// Two shards of Fixtures/forms, the second changed by `extra` options.
    func parts(_ extra: [String] = [], secondOf n: Int = 2) throws -> (URL, [String]) {
        let folder = Repo.scratch()
        let first = try Self.shard(1, of: 2, ["Fixtures/forms"], into: folder)
        let second = try Self.shard(2, of: n, ["Fixtures/forms"], into: folder, extra: extra)
        return (folder, [first, second])
    }

    func refusal(_ parts: [String], _ extra: [String] = []) throws -> String {
        let run = try Self.merge(parts, extra)
        #expect(run.status == 3, "refused: \(run.stdout)")
        #expect(run.stdout.isEmpty, "nothing written")
        return run.stderr
    }

    @Test func partsFromDifferentRunsAreRefused() throws {
        let (_, asOf) = try parts(["--as-of", "2026-11-23"])
        #expect(try refusal(asOf).contains("the parts differ in as-of date: ") && refusal(asOf).contains("2026-11-22") && refusal(asOf).contains("2026-11-23"))
        let (_, phase) = try parts(["--phase", "certification"])
        #expect(try refusal(phase).contains("the parts differ in phase"))
        let exemptions = Repo.scratch().appendingPathComponent("exemptions.yaml")
        try "exemptions:\n  - rule: QAP-HOURS\n    document: '*'\n    reason: r\n    grantedBy: g\n    grantedOn: 2026-01-01\n    expires: 2027-01-01\n"
            .write(to: exemptions, atomically: true, encoding: .utf8)
        let (_, exempted) = try parts(["--exemptions", exemptions.path])
        #expect(try refusal(exempted).contains("the parts differ in exemptions digest"))
        let (_, counts) = try parts(secondOf: 3)
        #expect(try refusal(counts).contains("the parts differ in shard count"))
        for (key, value, what) in [("\"version\":\"\(QAPCheckKit.version)\"", "\"version\":\"9.9.9\"", "tool version"),
                                   ("\"digest\":\"sha256:", "\"digest\":\"sha256:0", "rule set digest")] {
            let (_, good) = try parts()
            let text = try String(contentsOfFile: good[1], encoding: .utf8)
            #expect(text.contains(key))
            try text.replacingOccurrences(of: key, with: value).write(toFile: good[1], atomically: true, encoding: .utf8)
            #expect(try refusal(good).contains("the parts differ in \(what)"), "\(what)")
        }
    }

    @Test func aShardMissingOrGivenTwiceIsRefusedByName() throws {
        let (folder, good) = try parts()
        #expect(try refusal([good[0]]).contains("shard 2/2 is missing"))
        let copy = folder.appendingPathComponent("copy.jsonl").path
        try FileManager.default.copyItem(atPath: good[0], toPath: copy)
        let twice = try refusal([good[0], copy, good[1]])
        #expect(twice.contains("shard 1/2 is given twice: \(good[0]) and \(copy)"), "\(twice)")
        let whole = folder.appendingPathComponent("whole.json").path
        _ = try CLI.validate(["Fixtures/forms", "--format", "json", "--output", whole])
        #expect(try refusal([whole]).contains("\(whole): not a shard's report"))
        let junk = folder.appendingPathComponent("junk.jsonl").path
        try "not json\n".write(toFile: junk, atomically: true, encoding: .utf8)
        #expect(try refusal([junk]).contains("\(junk): not a qapcheck JSON or JSON Lines report"))
        let other = try refusal(good, ["--rules", "Fixtures/rulesets/program-150"])
        #expect(other.contains("the parts were judged by the rule set imi-cpr"), "\(other)")
        // The good pair merges.
        #expect(try Self.merge(good).status == 1)
    }

    /// A part's lines are decoded on several threads: the report, and the first damaged line
    /// named when a part has several, are the same whatever the count.
    @Test func partsDecodedOnSeveralThreadsMergeAsOnOne() throws {
        let folder = Repo.scratch()
        let parts = try (1...2).map { try Self.shard($0, of: 2, into: folder) }
        let reports = try [1, 3].map { jobs -> String in
            let run = try Self.merge(parts, ["--jobs", "\(jobs)", "--format", "json"])
            #expect(run.status == 2, "\(run.stderr)")
            return GoldenReportTests.withoutTimes(run.stdout)
        }
        #expect(reports[0].contains("\"documents\"") && reports[0] == reports[1], "\(Self.firstDifference(reports[0], reports[1]))")

        var lines = try String(contentsOfFile: parts[1], encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count > 40, "enough documents for the threads to share")
        lines[7] = "{\"file\": 7}"
        lines[30] = "not json"
        try lines.joined(separator: "\n").write(toFile: parts[1], atomically: true, encoding: .utf8)
        for jobs in [1, 3] {
            let run = try Self.merge(parts, ["--jobs", "\(jobs)", "--format", "json"])
            #expect(run.status == 3)
            #expect(run.stderr.contains("\(parts[1]): line 8 is not a document"), "\(jobs) jobs: \(run.stderr)")
        }
        #expect(try Self.merge(parts, ["--jobs", "0"]).status == 3)
    }

    @Test func theMergedBatchIsRecordedOnceInTheHistory() throws {
        let (folder, good) = try parts()
        let db = folder.appendingPathComponent("runs.sqlite").path
        let run = try Self.merge(good, ["--history", db, "--format", "csv"])
        #expect(run.status == 1, "\(run.stderr)")
        let listing = try CLI.run(["history", "--db", db, "--format", "json"])
        let runs = try #require((try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["documents"] as? Int == 3, "one run of the whole batch: \(listing.stdout)")
        #expect(runs[0]["shard"] == nil || runs[0]["shard"] is NSNull)
        // A shard's report carries each dossier's digest; the merged report, like any run's, does not.
        #expect(try String(contentsOfFile: good[1], encoding: .utf8).contains("\"sha256\":\""))
        #expect(!run.stdout.contains("sha256"))
    }
}
