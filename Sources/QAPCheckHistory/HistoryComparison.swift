import GRDB
import QAPCheckKit

extension HistoryDatabase {
    /// Compares two runs (by default the last two). The matching is done by SQLite on keyed temporary
    /// tables, so what is held in memory is what changed, not the two runs. Findings are matched
    /// within matched documents, by fingerprint.
    public func compare(from: Int64? = nil, to: Int64? = nil) throws(HistoryError) -> RunComparison {
        let (older, newer) = try pair(from: from, to: to)
        var comparison = RunComparison(from: older, to: newer)
        let runCauses = comparison.runCauses
        try access { db in
            defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.a; DROP TABLE IF EXISTS temp.b; DROP TABLE IF EXISTS temp.pair") }
            for (table, run) in [("a", older.id), ("b", newer.id)] {
                try db.execute(sql: """
                    CREATE TEMP TABLE \(table) AS
                    SELECT ordinal, path, documentId, kind, sha256, verdict, versions,
                           documentId IS NOT NULL AND COUNT(*) OVER (PARTITION BY documentId) = 1 AS idUnique
                    FROM document WHERE run = ?;
                    CREATE INDEX temp.\(table)_id ON \(table)(documentId);
                    CREATE INDEX temp.\(table)_path ON \(table)(path);
                    """, arguments: [run])
            }
            // Pairs: first by an id each run gives one document, then what is left by path.
            try db.execute(sql: """
                CREATE TEMP TABLE pair (aOrd INTEGER NOT NULL, bOrd INTEGER NOT NULL);
                INSERT INTO pair SELECT a.ordinal, b.ordinal FROM a JOIN b ON a.documentId = b.documentId WHERE a.idUnique AND b.idUnique;
                CREATE INDEX temp.pair_a ON pair(aOrd);
                CREATE INDEX temp.pair_b ON pair(bOrd);
                INSERT INTO pair SELECT a.ordinal, b.ordinal FROM a JOIN b ON a.path = b.path
                    WHERE NOT EXISTS (SELECT 1 FROM pair WHERE aOrd = a.ordinal) AND NOT EXISTS (SELECT 1 FROM pair WHERE bOrd = b.ordinal);
                """)
            func changes(_ sql: String, added: Bool = false) throws -> [RunComparison.DocumentChange] {
                try Row.fetchAll(db, sql: sql).map { row in
                    let old: Verdict? = (row["fromVerdict"] as String?).flatMap(Verdict.init(rawValue:))
                    let new: Verdict? = (row["toVerdict"] as String?).flatMap(Verdict.init(rawValue:))
                    let a: DatabaseValue = row["fromSHA"], b: DatabaseValue = row["toSHA"]
                    let changed: Bool? = a.isNull || b.isNull ? nil : a != b
                    // Another version of a rule judged it (its own date, or the as-of, crossed a change).
                    let versionsChanged = (row["fromVersions"] as String?) != (row["toVersions"] as String?)
                    // Why: a new dossier; nothing, for one removed; else what differs for it.
                    let cause: [RunComparison.Cause] = added ? [.added] : new == nil ? []
                        : (changed == true ? [.dossier] : []) + (versionsChanged ? [.ruleVersion] : []) + runCauses
                    return RunComparison.DocumentChange(path: row["path"], id: row["documentId"], kind: row["kind"], fromVerdict: old, toVerdict: new,
                                                        contentChanged: changed, cause: cause)
                }
            }
            let matched = """
                SELECT b.path, b.documentId, b.kind, a.verdict AS fromVerdict, b.verdict AS toVerdict, a.sha256 AS fromSHA, b.sha256 AS toSHA,
                       a.versions AS fromVersions, b.versions AS toVersions
                FROM pair JOIN a ON a.ordinal = pair.aOrd JOIN b ON b.ordinal = pair.bOrd
                """
            let addedSQL = """
                SELECT b.path, b.documentId, b.kind, NULL AS fromVerdict, b.verdict AS toVerdict, NULL AS fromSHA, b.sha256 AS toSHA,
                       NULL AS fromVersions, NULL AS toVersions
                FROM b WHERE NOT EXISTS (SELECT 1 FROM pair WHERE bOrd = b.ordinal)
                """
            comparison.newlyFailing = try changes("\(matched) WHERE a.verdict = 'pass' AND b.verdict != 'pass' ORDER BY b.ordinal")
                + changes("\(addedSQL) AND b.verdict != 'pass' ORDER BY b.ordinal", added: true)
            comparison.newlyPassing = try changes("\(matched) WHERE a.verdict != 'pass' AND b.verdict = 'pass' ORDER BY b.ordinal")
            comparison.stillFailing = try changes("\(matched) WHERE a.verdict != 'pass' AND b.verdict != 'pass' ORDER BY b.ordinal")
            comparison.changedContent = try changes("\(matched) WHERE a.sha256 IS NOT NULL AND b.sha256 IS NOT NULL AND a.sha256 != b.sha256 ORDER BY b.ordinal")
            comparison.addedDocuments = try changes("\(addedSQL) ORDER BY b.ordinal", added: true)
            comparison.removedDocuments = try changes("""
                SELECT a.path, a.documentId, a.kind, a.verdict AS fromVerdict, NULL AS toVerdict, a.sha256 AS fromSHA, NULL AS toSHA,
                       NULL AS fromVersions, NULL AS toVersions
                FROM a WHERE NOT EXISTS (SELECT 1 FROM pair WHERE aOrd = a.ordinal) ORDER BY a.ordinal
                """)
            // A finding is new when the matched document of the other run has no finding with its
            // fingerprint, outcome and severity (a notice that became a deviation is a new finding;
            // every finding of an added document is new).
            func findings(in run: Int64, notIn other: Int64, documents mine: String, pairedBy own: String, other theirs: String) throws -> [RunComparison.FindingChange] {
                try Row.fetchAll(db, sql: """
                    SELECT d.path, d.documentId, f.rule, f.severity, f.outcome, f.pointer, f.message
                    FROM \(mine) d JOIN finding f ON f.run = ? AND f.document = d.ordinal
                    LEFT JOIN pair p ON p.\(own) = d.ordinal
                    WHERE p.\(theirs) IS NULL
                       OR NOT EXISTS (SELECT 1 FROM finding g WHERE g.run = ? AND g.document = p.\(theirs) AND g.fingerprint = f.fingerprint
                                                     AND g.outcome = f.outcome AND g.severity = f.severity)
                    ORDER BY d.ordinal, f.rowid
                    """, arguments: [run, other]).map { row in
                    RunComparison.FindingChange(path: row["path"], id: row["documentId"], rule: row["rule"], severity: row["severity"],
                                                outcome: row["outcome"], pointer: row["pointer"], message: row["message"])
                }
            }
            comparison.newFindings = try findings(in: newer.id, notIn: older.id, documents: "b", pairedBy: "bOrd", other: "aOrd")
            comparison.resolvedFindings = try findings(in: older.id, notIn: newer.id, documents: "a", pairedBy: "aOrd", other: "bOrd")
        }
        return comparison
    }

    /// The two runs to compare: as given, or the last two.
    private func pair(from: Int64?, to: Int64?) throws(HistoryError) -> (RecordedRun, RecordedRun) {
        if let from, let to { return (try run(from), try run(to)) }
        let all = try runs()
        if let to {
            let newer = try run(to)
            guard let older = all.last(where: { $0.id < to }) else { throw HistoryError(.unknownRun, path: path, "no run before run \(to) to compare it with") }
            return (older, newer)
        }
        if let from {
            let older = try run(from)
            guard let newer = all.last, newer.id != from else { throw HistoryError(.unknownRun, path: path, "no run after run \(from) to compare it with") }
            return (older, newer)
        }
        guard all.count >= 2 else {
            throw HistoryError(.unknownRun, path: path, "it holds \(all.count) run\(all.count == 1 ? "" : "s"); diff compares two")
        }
        return (all[all.count - 2], all[all.count - 1])
    }
}
