import Foundation

/// The temporary report files of this process that are not yet in place.
///
/// A run stopped by a signal removes them all (`removeAll`), so an interrupted batch leaves no
/// `.tmp` files beside the reports it was writing, and the earlier reports stay as they were.
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()

    private let paths = Locked<Set<String>>([])

    /// Creates a new file (it must not exist) and remembers it; the descriptor, or -1 with `errno`.
    /// Opened for reading too: a report whose head cannot be put in front of its documents in
    /// place is copied from it (see `ReportStream`).
    func create(_ path: String) -> Int32 {
        paths.withLock { paths in
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { paths.insert(path) }
            return fd
        }
    }

    /// The file was renamed into place: it is a report now, not a temporary file.
    func forget(_ path: String) {
        _ = paths.withLock { $0.remove(path) }
    }

    func remove(_ path: String) {
        paths.withLock { paths in
            unlink(path)
            paths.remove(path)
        }
    }

    /// Removes every temporary file still open, for a run that is being stopped.
    public func removeAll() {
        paths.withLock { paths in
            for path in paths { unlink(path) }
            paths.removeAll()
        }
    }
}
