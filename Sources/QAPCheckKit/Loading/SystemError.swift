#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain words for an `errno`, as messages about inputs and reports show them: one wording for
/// the reader of dossiers and the writer of reports alike.
enum SystemError {
    static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "it is a folder, not a file"
        case ENOSPC: return "no space left on the device"
        case ENAMETOOLONG: return "the path is longer than the system allows (\(PATH_MAX) bytes)"
        default: return String(cString: strerror(code))
        }
    }
}
