#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report goes, decided from what is at the path the user named.
///
/// Only a regular file may be replaced by renaming a finished temporary file over it: renaming
/// over a FIFO, a device or a symlink would put a plain file where the user's pipe, `/dev/null`
/// or link was (as root, `--output /dev/null` once replaced the machine's `/dev/null`).
public enum ReportDestination: Sendable, Equatable, CustomStringConvertible {
    /// `-`, or no `--output`: the process's standard output.
    case standardOutput
    /// A FIFO or a character device: opened and written straight through, never replaced.
    case stream(String)
    /// A regular file, or a name with nothing there yet: written beside it and renamed over it
    /// when complete. For a symlink this is the file the link finally points to, so the link stays.
    case file(String)

    /// The destination for a path as typed: `-` is standard output, symlinks are followed.
    public static func resolve(_ typed: String) throws(ReportWriteError) -> ReportDestination {
        if typed == "-" { return .standardOutput }
        let path = try followLinks(typed)
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .file(path) }
            throw ReportWriteError(path: typed, reason: SystemError.describe(errno))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(path)
        case S_IFIFO, S_IFCHR: return .stream(path)
        case S_IFDIR: throw ReportWriteError(path: typed, reason: "it is a folder, not a file")
        default: throw ReportWriteError(path: typed, reason: "it is neither a file, a FIFO nor a character device")
        }
    }

    /// The path a symlink chain ends at (relative targets resolved against the link's folder).
    /// A dangling link resolves to the name it points to, so the report is created there.
    private static func followLinks(_ typed: String) throws(ReportWriteError) -> String {
        var path = typed
        for _ in 0..<40 {
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &target, target.count - 1)
            guard n >= 0 else { throw ReportWriteError(path: typed, reason: SystemError.describe(errno)) }
            let link = String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                path = link
            } else {
                let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
                path = folder + link
            }
        }
        throw ReportWriteError(path: typed, reason: "too many levels of symbolic links")
    }

    /// The place in a message: the path, or "standard output".
    public var description: String {
        switch self {
        case .standardOutput: return "standard output"
        case .stream(let path), .file(let path): return path
        }
    }

    /// The folder a report file is written into (for the temporary file beside it).
    public var folder: String? {
        guard case .file(let path) = self else { return nil }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
