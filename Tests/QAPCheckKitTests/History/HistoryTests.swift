import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GRDB
import Testing
@testable import QAPCheckKit

/// `validate --history`, `history` and `diff`, run as the nightly operator runs them.
@Suite("History")
struct HistoryTests {
    /// A scratch folder holding copies of fixtures under new names, and the database beside it.
    struct Batch {
        let root = Repo.scratch()
        var dossiers: URL { root.appendingPathComponent("dossiers") }
        var db: URL { root.appendingPathComponent("runs.sqlite") }

        init(_ files: [String: String]) throws {
            try FileManager.default.createDirectory(at: dossiers, withIntermediateDirectories: true)
            for (name, fixture) in files { try put(name, fixture) }
        }

        func put(_ name: String, _ fixture: String) throws {
            try put(name, contents: try Data(contentsOf: URL(fileURLWithPath: Repo.fixture(fixture))))
        }

        func put(_ name: String, contents: Data) throws {
            try contents.write(to: dossiers.appendingPathComponent(name))
        }

        func remove(_ name: String) throws { try FileManager.default.removeItem(at: dossiers.appendingPathComponent(name)) }

        @discardableResult
        func validate(_ extra: [String] = [], environment: [String: String] = [:]) throws -> CLI.Run {
            try CLI.run(["validate", dossiers.path, "--as-of", "2026-11-22", "--quiet", "--history", db.path, "--format", "csv",
                         "--output", root.appendingPathComponent("report.csv").path] + extra, environment: environment)
        }

        func history(_ command: [String]) throws -> CLI.Run { try CLI.run(command + ["--db", db.path]) }

        /// The database, read directly.
        func read<T>(_ body: (Database) throws -> T) throws -> T {
            var config = Configuration()
            config.readonly = true
            return try DatabaseQueue(path: db.path, configuration: config).read(body)
        }

        /// Runs recorded, and whether each holds every document its row counts (no half run).
        func runs() throws -> [(id: Int64, documents: Int, rows: Int)] {
            try read { db in
                try Row.fetchAll(db, sql: "SELECT id, documents, (SELECT COUNT(*) FROM document d WHERE d.run = run.id) AS rows FROM run ORDER BY id")
                    .map { ($0["id"], $0["documents"], $0["rows"]) }
            }
        }
    }

    @Test func aRunIsRecordedWithItsDocumentsFindingsAndDigests() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json", "b.xml": "rules/QAP-HOURS/fail-199.5.xml", "c.json": "bad/broken.json"])
        let run = try batch.validate()
        #expect(run.status == 2, "one unreadable file: \(run.stderr)")
        #expect(try batch.runs().map(\.documents) == [3] && batch.runs().map(\.rows) == [3])
        try batch.read { db throws in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            let rows = try Row.fetchAll(db, sql: "SELECT path, verdict, hex(sha256) AS sha FROM document ORDER BY ordinal")
            #expect(rows.map { $0["verdict"] as String } == ["pass", "fail", "error"])
            for row in rows {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: row["path"] as String)))
                #expect((row["sha"] as String).lowercased() == ContentDigest.sha256(bytes), "the content's SHA-256, unreadable files too")
            }
            #expect(try String.fetchAll(db, sql: "SELECT rule FROM finding") == ["QAP-HOURS"])
        }
        let listing = try batch.history(["history", "--format", "json"])
        let runs = try #require((try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["documents"] as? Int == 3 && runs[0]["fail"] as? Int == 1 && runs[0]["error"] as? Int == 1)
        #expect(runs[0]["asOf"] as? String == "2026-11-22" && (runs[0]["ruleSetDigest"] as? String)?.hasPrefix("sha256:") == true)
        #expect(try batch.history(["history"]).stdout.hasPrefix("run 1: "))
    }

    @Test func noPersonalFieldIsStored() throws {
        let batch = try Batch(["app.json": "forms/application.json", "profile.xml": "rules/IMI-LISTING-GRACE/warn-in-grace.xml"])
        try batch.validate()
        let stored = try Data(contentsOf: batch.db)
        for personal in ["Ana Ruiz", "ana@example.org", "J. Smith", "Lena Fischer"] {
            #expect(stored.range(of: Data(personal.utf8)) == nil, "\(personal) is in the history")
        }
        #expect(try batch.runs().count == 1, "and the run is there")
    }

    /// The morning's question, for each kind of change: a dossier edited to fail, one renamed
    /// and edited to pass, one whose lines only moved, one added.
    @Test func diffSaysWhatChangedAndExitsOneWhenSomethingIsNewlyFailing() throws {
        let batch = try Batch(["app.json": "rules/QAP-HOURS/pass-exactly-200.json", "audit.json": "rules/IMI-AUDIT-INTERVAL/fail-overdue-by-a-day.json",
                               "profile.xml": "rules/IMI-LISTING-GRACE/warn-in-grace.xml"])
        try batch.validate()
        try batch.put("app.json", "rules/QAP-FEE/fail-359.99.json")
        try batch.remove("audit.json")
        try batch.put("audit-renamed.xml", "rules/IMI-AUDIT-INTERVAL/pass.xml")
        let profile = try String(contentsOfFile: Repo.fixture("rules/IMI-LISTING-GRACE/warn-in-grace.xml"), encoding: .utf8)
        try batch.put("profile.xml", contents: Data(profile.replacingOccurrences(of: "?>\n", with: "?>\n<!-- moved -->\n\n\n").utf8))
        try batch.put("new.json", "rules/IMI-LISTING-STRICKEN/fail-waiver-expired.json")
        try batch.validate()

        let diff = try batch.history(["diff", "--format", "json"])
        #expect(diff.status == 1, "something is newly failing: \(diff.stderr)")
        let c = try JSONDecoder().decode(RunComparison.self, from: Data(diff.stdout.utf8))
        #expect(c.from.id == 1 && c.to.id == 2)
        let app = try #require(c.newlyFailing.first { $0.path.hasSuffix("app.json") })
        #expect(app.fromVerdict == .pass && app.toVerdict == .fail && app.contentChanged == true && app.cause == [.dossier])
        #expect(c.newFindings.contains { $0.path.hasSuffix("app.json") && $0.rule == "QAP-FEE" })
        #expect(c.newlyFailing.contains { $0.path.hasSuffix("new.json") && $0.cause == [.added] }, "a new dossier that fails is news too")
        #expect(c.addedDocuments.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["new.json"])
        #expect(c.removedDocuments.isEmpty, "the renamed audit is matched by its id")
        #expect(c.newlyPassing.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["audit-renamed.xml"])
        #expect(c.resolvedFindings.contains { $0.rule == "IMI-AUDIT-INTERVAL" })
        #expect(c.changedContent.contains { $0.path.hasSuffix("profile.xml") }, "its bytes changed")
        #expect(!c.newFindings.contains { $0.path.hasSuffix("profile.xml") } && !c.resolvedFindings.contains { $0.path.hasSuffix("profile.xml") },
                "moving lines makes no finding new")
        #expect(c.stillFailing.isEmpty)

        // Nothing changed: exit 0.
        try batch.validate()
        let quiet = try batch.history(["diff"])
        #expect(quiet.status == 0 && quiet.stdout.contains("0 documents newly failing"), "\(quiet.stdout)")
        // The other formats, between the first two runs.
        let markdown = try batch.history(["diff", "--from", "1", "--to", "2", "--format", "markdown"])
        #expect(markdown.status == 1 && markdown.stdout.contains("## Newly failing") && markdown.stdout.contains("app.json"))
        let html = try batch.history(["diff", "--from", "1", "--to", "2", "--format", "html"])
        #expect(html.stdout.contains("<h2>New findings</h2>") && html.stdout.contains("QAP-FEE"))
        _ = try XMLDocument(xmlString: html.stdout.replacingOccurrences(of: "<!DOCTYPE html>", with: ""), options: [])
    }

    @Test func aRunKilledJustBeforeItsCommitLeavesTheHistoryAsItWas() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json", "b.xml": "rules/QAP-HOURS/fail-199.5.xml"])
        try batch.validate()
        let killed = try batch.validate(environment: ["QAPCHECK_TEST_KILL_BEFORE_HISTORY_COMMIT": "1"])
        #expect(killed.status == SIGKILL, "killed: \(killed.status)")
        #expect(try batch.runs().map(\.id) == [1])
        try batch.read { db throws in #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok") }
        try batch.validate()
        #expect(try batch.runs().map(\.id) == [1, 2], "the next run records as usual")
    }

    /// Kills at random moments of a longer run: the history holds whole runs or none.
    @Test func aRunKilledAtAnyMomentLeavesNoHalfRun() throws {
        let batch = try Batch([:])
        let fixtures = ["rules/QAP-HOURS/pass-exactly-200.json", "rules/QAP-HOURS/fail-199.5.xml", "rules/IMI-AUDIT-INTERVAL/pass.xml"]
        for i in 0..<300 { try batch.put("d\(i).\(fixtures[i % 3].hasSuffix("json") ? "json" : "xml")", fixtures[i % 3]) }
        try batch.validate(["--jobs", "1"])
        for delay in [0.02, 0.1, 0.25, 0.5, 0.8] {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["validate", batch.dossiers.path, "--as-of", "2026-11-22", "--quiet", "--jobs", "1", "--history", batch.db.path,
                                 "--format", "csv", "--output", batch.root.appendingPathComponent("r.csv").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let runs = try batch.runs()
            #expect(runs.allSatisfy { $0.rows == $0.documents && $0.documents == 300 }, "after a kill at \(delay) s: \(runs)")
        }
        try batch.read { db throws in #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok") }
    }

    @Test func twoRunsRecordingAtOnceBothLand() throws {
        let batch = try Batch([:])
        for i in 0..<120 { try batch.put("d\(i).json", "rules/QAP-HOURS/pass-exactly-200.json") }
        let processes = (0..<2).map { i -> Process in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["validate", batch.dossiers.path, "--as-of", "2026-11-22", "--quiet", "--history", batch.db.path,
                                 "--format", "csv", "--output", batch.root.appendingPathComponent("r\(i).csv").path]
            process.standardError = FileHandle.nullDevice
            return process
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let runs = try batch.runs()
        #expect(runs.count == 2 && runs.allSatisfy { $0.rows == 120 }, "\(runs)")
    }

    @Test func aVerdictChangedByAnotherRuleVersionIsReportedAsSuchNotAsTheDossier() throws {
        // A profile with no listing dates is judged by the rules of the as-of date: before the
        // policy change of Q3 2020 it has only expired (a warning); after it, it is stricken.
        let batch = try Batch(["profile.xml": "rules/IMI-LISTING-STRICKEN/fail-no-dates.xml"])
        let report = batch.root.appendingPathComponent("r.csv").path
        let run = { (asOf: String, extra: [String]) in
            try CLI.run(["validate", batch.dossiers.path, "--as-of", asOf, "--quiet", "--history", batch.db.path, "--format", "csv", "--output", report] + extra)
        }
        #expect(try run("2020-06-30", []).status == 0)
        #expect(try run("2026-11-22", []).status == 1)
        let stored = try batch.read { db in
            try Row.fetchAll(db, sql: "SELECT CAST(f.run AS TEXT) AS run, f.rule, f.versionFrom, f.versionUntil, d.rulesOn, d.versions FROM finding f JOIN document d ON d.run = f.run AND d.ordinal = f.document ORDER BY f.run")
                .map { [$0["run"], $0["rule"], $0["versionFrom"], $0["versionUntil"], $0["rulesOn"], $0["versions"]] as [String?] }
        }
        #expect(stored == [
            ["1", "IMI-LISTING-GRACE", nil, "2020-09-30", "2020-06-30", "IMI-LISTING-GRACE ..2020-09-30"],
            ["2", "IMI-LISTING-STRICKEN", "2020-09-30", nil, "2026-11-22", "IMI-LISTING-GRACE 2020-09-30..;IMI-LISTING-STRICKEN 2020-09-30.."],
        ])
        var c = try JSONDecoder().decode(RunComparison.self, from: Data(try batch.history(["diff", "--format", "json"]).stdout.utf8))
        #expect(c.newlyFailing.map(\.cause) == [[.ruleVersion, .asOf]], "the dossier did not change; the rule version did")

        // A rule set that moves the change to 2018 judges the same profile on the same date by the
        // new policy: the rule set changed, and so did the version applied.
        let program = batch.root.appendingPathComponent("program.yaml")
        try "name: program\nversion: \"1\"\nextends: \(Repo.rules.path)/imi-cpr.yaml\nparameters:\n  listingPolicyChange: \"2018-01-01\"\n".write(to: program, atomically: true, encoding: .utf8)
        #expect(try run("2020-06-30", []).status == 0)
        #expect(try run("2020-06-30", ["--rules", program.path]).status == 1)
        c = try JSONDecoder().decode(RunComparison.self, from: Data(try batch.history(["diff", "--format", "json"]).stdout.utf8))
        #expect(c.newlyFailing.map(\.cause) == [[.ruleVersion, .ruleSet]])
        let text = try batch.history(["diff"]).stdout
        #expect(text.contains("another version of a rule judged it"), "\(text)")
    }

    @Test func aHistoryFromTheFirstSchemaIsBroughtUpToDate() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json"])
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // The first schema's tables, as an older qapcheck made them.
            try db.execute(sql: """
                CREATE TABLE run (id INTEGER PRIMARY KEY, startedAt TEXT NOT NULL, finishedAt TEXT NOT NULL, toolVersion TEXT NOT NULL,
                    ruleSetName TEXT NOT NULL, ruleSetVersion TEXT NOT NULL, ruleSetDigest TEXT NOT NULL, asOf TEXT NOT NULL, phase TEXT NOT NULL,
                    failOn TEXT NOT NULL, exemptionsDigest TEXT, shard TEXT, documents INTEGER NOT NULL, pass INTEGER NOT NULL, fail INTEGER NOT NULL,
                    error INTEGER NOT NULL, deviations INTEGER NOT NULL, errors INTEGER NOT NULL, warnings INTEGER NOT NULL,
                    indeterminate INTEGER NOT NULL, notices INTEGER NOT NULL);
                CREATE TABLE document (run INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL, path TEXT NOT NULL,
                    documentId TEXT, kind TEXT, sha256 BLOB, verdict TEXT NOT NULL, PRIMARY KEY (run, ordinal)) WITHOUT ROWID;
                CREATE TABLE finding (run INTEGER NOT NULL, document INTEGER NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
                    outcome TEXT NOT NULL, pointer TEXT NOT NULL, message TEXT NOT NULL, fingerprint BLOB NOT NULL,
                    FOREIGN KEY (run, document) REFERENCES document(run, ordinal) ON DELETE CASCADE);
                CREATE INDEX finding_by_document ON finding(run, document);
                INSERT INTO run VALUES (1, '2026-11-21T00:00:00Z', '2026-11-21T00:01:00Z', '0.1.0', 'imi-cpr', '2', 'sha256:old', '2026-11-21',
                    'application', 'error', NULL, NULL, 1, 1, 0, 0, 0, 0, 0, 0, 0);
                INSERT INTO document VALUES (1, 0, 'a.json', 'APP-1', 'mediator-application', NULL, 'pass');
                """)
        }
        try migrator.migrate(try DatabaseQueue(path: batch.db.path))
        #expect(try batch.validate().status == 0)
        #expect(try batch.runs().map(\.rows) == [1, 1], "the old run kept, the new one recorded")
        let applied = try batch.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(applied == ["v1", "v2"])
    }

    @Test func aDatabaseFromANewerQapcheckIsRefused() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json"])
        try batch.validate()
        try DatabaseQueue(path: batch.db.path).write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99')") }
        for run in [try batch.validate(), try batch.history(["history"]), try batch.history(["diff"])] {
            #expect(run.status == 3)
            #expect(run.stderr.contains("\(batch.db.path): written by a newer qapcheck (schema v99); this one knows up to v2"), "\(run.stderr)")
        }
        #expect(try batch.runs().count == 1, "nothing was recorded")
    }

    @Test func aCorruptedFileIsRefusedAndNeverOverwritten() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json"])
        let garbage = Data((0..<16384).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        try garbage.write(to: batch.db)
        let run = try batch.validate()
        #expect(run.status == 3)
        #expect(run.stderr.contains("not a qapcheck history database, or damaged"), "\(run.stderr)")
        #expect(try Data(contentsOf: batch.db) == garbage, "left as it was")
        #expect(!FileManager.default.fileExists(atPath: batch.root.appendingPathComponent("report.csv").path), "nothing evaluated, no report")
        let listing = try batch.history(["history"])
        #expect(listing.status == 3 && listing.stderr.contains("not a qapcheck history database"))
        #expect(try Data(contentsOf: batch.db) == garbage)
    }

    @Test func aPathThatIsNoFileOrNoDatabaseIsExitThree() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json"])
        let fifo = batch.root.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let onFIFO = try CLI.run(["validate", batch.dossiers.path, "--quiet", "--history", fifo])
        #expect(onFIFO.status == 3 && onFIFO.stderr.contains("\(fifo): not a regular file"), "\(onFIFO.stderr)")
        let missing = try batch.history(["history"])
        #expect(missing.status == 3 && missing.stderr.contains("no such file"), "history never makes a database")
        #expect(!FileManager.default.fileExists(atPath: batch.db.path))
        try batch.validate()
        let one = try batch.history(["diff"])
        #expect(one.status == 3 && one.stderr.contains("it holds 1 run; diff compares two"), "\(one.stderr)")
        let unknown = try batch.history(["diff", "--from", "1", "--to", "7"])
        #expect(unknown.status == 3 && unknown.stderr.contains("there is no run 7"))
        let none = try CLI.run(["history"], in: batch.root)
        #expect(none.status == 3 && none.stderr.contains("--db FILE, or history: in .qapcheck.yml"))
    }

    @Test func pruneKeepsTheNewestRunsAndTheirRowsOnly() throws {
        let batch = try Batch(["b.xml": "rules/QAP-HOURS/fail-199.5.xml"])
        for _ in 0..<3 { try batch.validate() }
        let prune = try batch.history(["history", "prune", "--keep", "1"])
        #expect(prune.status == 0 && prune.stdout.contains("removed 2 runs, kept the newest 1"), "\(prune.stdout)")
        #expect(try batch.runs().map(\.id) == [3])
        try batch.read { db throws in
            #expect(try Int64.fetchAll(db, sql: "SELECT DISTINCT run FROM document") == [3])
            #expect(try Int64.fetchAll(db, sql: "SELECT DISTINCT run FROM finding") == [3])
        }
    }

    @Test func theConfigurationFileNamesTheHistory() throws {
        let batch = try Batch(["a.json": "rules/QAP-HOURS/pass-exactly-200.json"])
        let config = batch.root.appendingPathComponent(".qapcheck.yml")
        try "history: runs.sqlite\n".write(to: config, atomically: true, encoding: .utf8)
        let run = try CLI.run(["validate", "dossiers", "--as-of", "2026-11-22", "--format", "csv", "--output", "r.csv"], in: batch.root)
        #expect(run.status == 0)
        #expect(run.stderr.contains("history: \(batch.db.path) run 1"), "the cron line names the run: \(run.stderr)")
        let listing = try CLI.run(["history"], in: batch.root)
        #expect(listing.status == 0 && listing.stdout.hasPrefix("run 1: "))
    }
}
