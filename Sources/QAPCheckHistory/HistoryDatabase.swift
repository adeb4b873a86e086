import Foundation
import GRDB

/// The SQLite file the nightly runs are recorded in.
///
/// Opening it is where a bad file is refused, before any dossier is read: a path that is not a
/// regular file, a file that is not SQLite (never overwritten), a schema from a newer qapcheck.
/// It is kept in WAL mode, so the morning's `diff` reads while a run records, and every writer
/// waits its turn (up to `busyTimeout`) instead of failing, so two runs recording at once both land.
public final class HistoryDatabase {
    public let path: String
    let queue: DatabaseQueue

    /// How long a writer waits for another to finish its transaction.
    static let busyTimeout: TimeInterval = 300

    /// Opens the database at `path`; `create` makes it when there is none (recording a run), else
    /// a missing file is an error (listing and comparing runs).
    public init(path: String, create: Bool) throws(HistoryError) {
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG else { throw HistoryError(.notAFile, path: path, "not a regular file") }
        } else if !create {
            throw HistoryError(.missing, path: path, "no such file (a run recorded with --history makes it)")
        }
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "qapcheck history"
        // The recorder keeps a spool transaction open between documents (see `HistoryRecorder`).
        config.allowsUnsafeTransactions = true
        // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a power cut may lose the
        // last run recorded, but never leaves half of one, and never damages the file.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        // Two processes making a new file at once can find it mid-change (its journal mode being
        // set, its first tables being written): the one that loses looks again.
        var opened: DatabaseQueue?
        for attempt in 0..<50 {
            do {
                opened = try DatabaseQueue(path: path, configuration: config)
                break
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && attempt < 49 {
                Thread.sleep(forTimeInterval: 0.1)
            } catch {
                throw Self.refusal(error, path: path)
            }
        }
        guard let opened else { throw HistoryError(.database, path: path, "could not be opened") }
        queue = opened
        try migrate()
    }

    /// Brings an older schema up to date; refuses a newer one. Two processes opening a new file
    /// at once may collide on the first migration: the loser retries once the winner is done (a
    /// real fault fails the same way every time, and is reported after the last try).
    private func migrate() throws(HistoryError) {
        let migrator = HistorySchema.migrator
        for attempt in 0..<50 {
            do {
                let superseded = try queue.read { db in
                    try migrator.hasBeenSuperseded(db) ? try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted() : []
                }
                guard superseded.isEmpty else {
                    throw HistoryError(.newerSchema, path: path,
                                       "written by a newer qapcheck (schema \(superseded.joined(separator: ", "))); this one knows up to \(HistorySchema.current). Use the newer qapcheck, or another --db")
                }
                try migrator.migrate(queue)
                return
            } catch let e as HistoryError {
                throw e
            } catch let e as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR].contains(e.resultCode) && attempt < 49 {
                // Locked, or the other process's tables appeared between our look and our write
                // ("table run already exists"): look again once it is done.
                Thread.sleep(forTimeInterval: 0.1)
            } catch {
                throw Self.refusal(error, path: path)
            }
        }
    }

    /// A database error in the words of the person who gave the path.
    static func refusal(_ error: any Error, path: String) -> HistoryError {
        guard let e = error as? DatabaseError else { return HistoryError(.database, path: path, "\(error)") }
        switch e.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return HistoryError(.corrupt, path: path, "not a qapcheck history database, or damaged (\(e.message ?? "unreadable")); it was left as it is")
        case .SQLITE_BUSY:
            return HistoryError(.database, path: path, "another run keeps it locked (waited up to \(Int(busyTimeout)) s): \(e.message ?? "database is locked")")
        default:
            return HistoryError(.database, path: path, e.message ?? "\(e)")
        }
    }

    /// Runs `body` on the connection, turning any SQLite error into a `HistoryError`.
    func access<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try queue.inDatabase(body)
        } catch let e as HistoryError {
            throw e
        } catch {
            throw Self.refusal(error, path: path)
        }
    }
}
