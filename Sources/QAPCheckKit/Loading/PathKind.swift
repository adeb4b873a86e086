import Foundation

/// What a path names, as far as gathering a batch's files needs to know: a folder is searched,
/// anything else is read as a dossier (and the batch reports what is not one), and a link is the
/// same file as what it points to.
enum PathKind: Sendable, Equatable {
    /// Nothing there, or nothing that can be examined: the path stays, so the batch reports it.
    case missing
    /// A folder.
    case folder
    /// A symbolic link to a folder: searched when named or listed, not when met in a search (so
    /// that a link cycle cannot loop).
    case folderLink
    /// A file, FIFO or device under a name of its own.
    case file
    /// A symbolic link to anything but a folder.
    case fileLink

    /// What `lstat` (and, for a link, `stat`) finds at `path`.
    static func of(_ path: InputPath) -> PathKind {
        path.withCString { name in
            var info = stat()
            guard lstat(name, &info) == 0 else { return .missing }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .folder
            case S_IFLNK:
                guard stat(name, &info) == 0 else { return .missing }
                return (info.st_mode & S_IFMT) == S_IFDIR ? .folderLink : .fileLink
            default: return .file
            }
        }
    }

    /// What a folder entry's type says, when it says enough (`DT_UNKNOWN` and links do not).
    init?(entryType: UInt8) {
        switch Int32(entryType) {
        case Int32(DT_DIR): self = .folder
        case Int32(DT_LNK), Int32(DT_UNKNOWN): return nil
        default: self = .file
        }
    }

    /// Whether the path is searched when named or listed.
    var isSearched: Bool { self == .folder || self == .folderLink }
}
