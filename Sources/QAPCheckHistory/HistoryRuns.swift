import GRDB

import QAPCheckKit

/// A run row decodes straight into the core's `RecordedRun`.
extension RecordedRun: FetchableRecord {}

extension HistoryDatabase {
    /// Every run, oldest first.
    public func runs() throws(HistoryError) -> [RecordedRun] {
        try access { db in try RecordedRun.fetchAll(db, sql: "SELECT * FROM run ORDER BY id") }
    }

    /// One run by id.
    public func run(_ id: Int64) throws(HistoryError) -> RecordedRun {
        guard let run = try access({ db in try RecordedRun.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) }) else {
            throw HistoryError(.unknownRun, path: path, "there is no run \(id) (qapcheck history lists the runs)")
        }
        return run
    }

    /// Keeps the newest `keep` runs and deletes the rest with their documents and findings, in one
    /// transaction; returns how many runs went.
    @discardableResult
    public func prune(keep: Int) throws(HistoryError) -> Int {
        try access { db in
            var removed = 0
            try db.inTransaction(.immediate) {
                try db.execute(sql: "DELETE FROM run WHERE id NOT IN (SELECT id FROM run ORDER BY id DESC LIMIT ?)", arguments: [max(0, keep)])
                removed = db.changesCount
                return .commit
            }
            return removed
        }
    }
}
