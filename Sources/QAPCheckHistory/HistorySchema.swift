import GRDB

/// The tables of the history, as numbered migrations: a database made by an older qapcheck is
/// brought up to date when it is opened, and one made by a newer qapcheck is refused rather than
/// written with a schema it does not have.
///
/// One row per run; one per document of a run (no personal field: path, id, kind, the content's
/// SHA-256, the verdict); one per finding (rule, severity, outcome, pointer, message, and the
/// fingerprint that survives edits moving lines). Documents are keyed by run and their place in
/// the run's file order, so a run's rows are written in one pass with no id to look up.
///
/// v2 adds what rules in force by date need: per document, the date whose rules judged it and the
/// versions applied of the rules that have dated versions; per finding, its rule version.
enum HistorySchema {
    /// The newest schema this qapcheck writes.
    static let current = "v2"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    startedAt TEXT NOT NULL,
                    finishedAt TEXT NOT NULL,
                    toolVersion TEXT NOT NULL,
                    ruleSetName TEXT NOT NULL,
                    ruleSetVersion TEXT NOT NULL,
                    ruleSetDigest TEXT NOT NULL,
                    asOf TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    failOn TEXT NOT NULL,
                    exemptionsDigest TEXT,
                    shard TEXT,
                    documents INTEGER NOT NULL,
                    pass INTEGER NOT NULL,
                    fail INTEGER NOT NULL,
                    error INTEGER NOT NULL,
                    deviations INTEGER NOT NULL,
                    errors INTEGER NOT NULL,
                    warnings INTEGER NOT NULL,
                    indeterminate INTEGER NOT NULL,
                    notices INTEGER NOT NULL
                );
                CREATE TABLE document (
                    run INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    path TEXT NOT NULL,
                    documentId TEXT,
                    kind TEXT,
                    sha256 BLOB,
                    verdict TEXT NOT NULL,
                    PRIMARY KEY (run, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE finding (
                    run INTEGER NOT NULL,
                    document INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    pointer TEXT NOT NULL,
                    message TEXT NOT NULL,
                    fingerprint BLOB NOT NULL,
                    FOREIGN KEY (run, document) REFERENCES document(run, ordinal) ON DELETE CASCADE
                );
                CREATE INDEX finding_by_document ON finding(run, document);
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE document ADD COLUMN rulesOn TEXT;
                ALTER TABLE document ADD COLUMN versions TEXT;
                ALTER TABLE finding ADD COLUMN versionFrom TEXT;
                ALTER TABLE finding ADD COLUMN versionUntil TEXT;
                """)
        }
        return migrator
    }

    /// The columns a run writes, in the spool's order.
    static let documentColumns = "ordinal, path, documentId, kind, sha256, verdict, rulesOn, versions"
    static let findingColumns = "document, rule, severity, outcome, pointer, message, fingerprint, versionFrom, versionUntil"

    /// The rows a run writes, as the private spool database holds them until the run ends.
    static let spoolTables = """
        CREATE TABLE spool.document (ordinal INTEGER PRIMARY KEY, path TEXT NOT NULL, documentId TEXT, kind TEXT, sha256 BLOB, verdict TEXT NOT NULL,
                                     rulesOn TEXT, versions TEXT);
        CREATE TABLE spool.finding (document INTEGER NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL, outcome TEXT NOT NULL,
                                    pointer TEXT NOT NULL, message TEXT NOT NULL, fingerprint BLOB NOT NULL, versionFrom TEXT, versionUntil TEXT);
        """
}
