import Foundation
import GRDB
import QAPCheckKit

/// Records a run in the history: a sink like any report.
///
/// While the run goes, rows go to a private spool database attached to the connection (SQLite
/// deletes it when the connection closes, even after a kill), so the history file is not locked
/// for the hours a nightly batch may take and memory stays flat. When the run ends, one immediate
/// transaction copies the spool into the history with the run's row: a run killed at any point
/// before that commit leaves the history exactly as it was.
public final class HistoryRecorder: ResultSink {
    private let database: HistoryDatabase
    private let info: RunInfo
    private let shard: String?
    private var ordinal = 0
    private var summary: ReportSummary?
    private var spoolOpen = false
    /// Rows since the spool's last commit: batched, as one transaction a row would crawl.
    private var pending = 0
    /// Called inside the final transaction, just before it commits (for the tests that kill a
    /// run at that moment).
    public var beforeCommit: (() -> Void)?
    /// The run's id once recorded.
    public private(set) var runID: Int64?

    public init(database: HistoryDatabase, info: RunInfo, shard: String? = nil) throws(HistoryError) {
        self.database = database
        self.info = info
        self.shard = shard
        try database.access { db in
            try db.execute(sql: "ATTACH DATABASE '' AS spool")
            try db.execute(sql: "PRAGMA spool.journal_mode = OFF; PRAGMA spool.synchronous = OFF")
            try db.execute(sql: HistorySchema.spoolTables)
        }
        spoolOpen = true
    }

    /// One document's rows, made on the worker that judged it.
    struct Rows: Sendable {
        let document: [DatabaseValue]
        let findings: [[DatabaseValue]]
    }

    public var preparer: @Sendable (DocumentResult) -> any Sendable {
        { r in
            let document: [DatabaseValue] = [r.file.databaseValue, r.id.databaseValue, r.kind.databaseValue,
                                             r.contentSHA256.flatMap(Self.bytes).databaseValue, r.verdict.rawValue.databaseValue,
                                             r.rulesOn?.date.description.databaseValue ?? .null, Self.versionsText(r).databaseValue]
            let findings = r.deviations.map { d -> [DatabaseValue] in
                let pointer = d.location.pointer.description
                let fingerprint = Data(ContentDigest.fingerprintBytes(rule: d.rule.rawValue, document: r.id ?? r.file, pointer: pointer))
                let outcome = d.exemption != nil ? Outcome.exempt : d.outcome
                return [d.rule.rawValue.databaseValue, d.severity.rawValue.databaseValue, outcome.rawValue.databaseValue,
                        pointer.databaseValue, d.message.databaseValue, fingerprint.databaseValue,
                        d.version.from?.description.databaseValue ?? .null, d.version.until?.description.databaseValue ?? .null]
            }
            return Rows(document: document, findings: findings)
        }
    }

    /// The versions applied of the rules with dated versions, as one comparable text
    /// (`RULE from..until;...`, by rule id); nil when none has.
    static func versionsText(_ r: DocumentResult) -> String? {
        let versions = r.versions
        guard !versions.isEmpty else { return nil }
        return versions.keys.sorted().map { "\($0) \(versions[$0]!.from?.description ?? "")..\(versions[$0]!.until?.description ?? "")" }.joined(separator: ";")
    }

    public func accept(_ result: DocumentResult, prepared: any Sendable) throws {
        let rows = prepared as? Rows ?? preparer(result) as! Rows
        ordinal += 1
        let n = ordinal
        try database.access { db in
            if pending == 0 { try db.execute(sql: "BEGIN") }
            try db.cachedStatement(sql: "INSERT INTO spool.document VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: StatementArguments([n.databaseValue] + rows.document))
            let finding = try db.cachedStatement(sql: "INSERT INTO spool.finding VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for f in rows.findings { try finding.execute(arguments: StatementArguments([n.databaseValue] + f)) }
            pending += 1
            if pending >= 4096 {
                try db.execute(sql: "COMMIT")
                pending = 0
            }
        }
    }

    public func finish(_ summary: ReportSummary) throws {
        self.summary = summary
    }

    /// The one transaction that makes the run part of the history.
    public func commit() throws {
        guard let summary else { return }
        let info = self.info, shard = self.shard, hook = beforeCommit
        runID = try database.access { db -> Int64 in
            if pending > 0 { try db.execute(sql: "COMMIT") }
            pending = 0
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try db.execute(sql: """
                    INSERT INTO main.run (startedAt, finishedAt, toolVersion, ruleSetName, ruleSetVersion, ruleSetDigest, asOf, phase, failOn,
                                          exemptionsDigest, shard, documents, pass, fail, error, deviations, errors, warnings, indeterminate, notices)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        RunRecord.iso(info.startedAt ?? Date()), RunRecord.iso(summary.finishedAt ?? Date()), info.tool.version,
                        info.ruleSet.name, info.ruleSet.version, info.ruleSet.digest, info.asOf.description, info.phase.rawValue,
                        info.failOn.rawValue, info.exemptions.file.isEmpty ? nil : info.exemptions.digest, shard,
                        summary.documents, summary.pass, summary.fail, summary.error, summary.deviations, summary.errors,
                        summary.warnings, summary.indeterminate, summary.notices,
                    ])
                let id = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO main.document (run, \(HistorySchema.documentColumns)) SELECT ?, \(HistorySchema.documentColumns) FROM spool.document ORDER BY ordinal",
                               arguments: [id])
                try db.execute(sql: "INSERT INTO main.finding (run, \(HistorySchema.findingColumns)) SELECT ?, \(HistorySchema.findingColumns) FROM spool.finding",
                               arguments: [id])
                hook?()
                try db.execute(sql: "COMMIT")
                return id
            } catch {
                try? db.execute(sql: "ROLLBACK")
                throw error
            }
        }
        closeSpool()
    }

    public func abandon() {
        try? database.access { db in
            if !db.isInsideTransaction { return }
            try db.execute(sql: "ROLLBACK")
        }
        pending = 0
        closeSpool()
    }

    private func closeSpool() {
        guard spoolOpen else { return }
        spoolOpen = false
        try? database.access { db in try db.execute(sql: "DETACH DATABASE spool") }
    }

    /// Hex digits to bytes (a SHA-256 is kept as 32 bytes, not 64 characters).
    static func bytes(_ hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out = Data(capacity: digits.count / 2)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var i = 0
        while i < digits.count {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
