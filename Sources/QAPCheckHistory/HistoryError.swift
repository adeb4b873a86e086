/// A history database that cannot be used, or a run that is not in it. Each names the file, so
/// the message a cron mail carries says where to look; the command exits 3 on any of them.
public struct HistoryError: Error, CustomStringConvertible, Equatable {
    public enum Reason: String, Sendable {
        /// There is no database at the path (history and diff never make one).
        case missing
        /// The path is a folder, a FIFO or a device, not a file.
        case notAFile
        /// The file is not an SQLite database, or its pages are damaged. It is left untouched.
        case corrupt
        /// The database was written by a newer qapcheck, with a schema this one does not know.
        case newerSchema
        /// A run id that is not in the database, or too few runs to compare.
        case unknownRun
        /// SQLite refused (locked for too long, disk full, no permission).
        case database
    }

    public let path: String
    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, path: String, _ message: String) {
        self.reason = reason
        self.path = path
        self.message = message
    }

    public var description: String { "the history database \(path): \(message)" }
}
