import Foundation

/// Turns the paths of a command line (files and folders, or a `--files-from` list) into the
/// sorted list of files a batch reads: folders are searched recursively for `*.json` and `*.xml`;
/// a file named directly is read whatever its name; a path that does not exist stays in the list,
/// so the report says so.
///
/// A run never reads the reports it writes: a folder search skips them, and a report named as an
/// input is refused before anything is read (it would be overwritten by the report).
public struct InputFiles: Sendable {
    /// The reports the run writes that exist now, by name and file identity.
    private let reports: [FileIdentity]
    /// `--exclude` globs: a file or folder whose path, or whose name, matches one is not read.
    private let excluded: [[CChar]]

    /// When the list goes to disk, and where (see `PathList`).
    let spill: SpillPolicy

    public init(reports: [String] = [], exclude: [String] = [], spill: SpillPolicy = .standard) {
        self.reports = reports.compactMap { FileIdentity(InputPath($0)) }
        self.excluded = exclude.map { Array($0.utf8CString) }
        self.spill = spill
    }

    /// Whether `--exclude` leaves this path out: a glob (fnmatch, `*` crossing folders) matching
    /// the path as found, or the last part of it.
    func isExcluded(_ path: InputPath) -> Bool {
        guard !excluded.isEmpty else { return false }
        let name = InputPath(bytes: Array(path.name))
        return excluded.contains { glob in
            path.withCString { fnmatch(glob, $0, 0) == 0 } || name.withCString { fnmatch(glob, $0, 0) == 0 }
        }
    }

    public static func collect(_ paths: [String]) -> PathList {
        (try? InputFiles().collect(paths, listing: nil)) ?? PathList()
    }

    public static func collect(_ paths: [String], listing: Data) -> PathList {
        (try? InputFiles().collect(paths, listing: .bytes(listing))) ?? PathList()
    }

    /// The files of `paths` and of a `--files-from` list (one path a line, taken byte for byte
    /// as written but for the line break; blank lines skipped). The list is read in blocks and
    /// every path goes through an external sort, so neither the list nor the files found are ever
    /// held whole: a million-line list costs the memory of a short one (see `PathList`), and a
    /// name that is not UTF-8 stays as it is.
    public func collect(_ paths: [String], listing: InputListing?) throws(InputError) -> PathList {
        var collector = Collector(spill)
        // The paths, named and listed, are examined a few thousand at a time, each lot on every
        // core, by reading their folders (see `ListedPathKinds`): a million system calls, one
        // after another, kept one core busy while the others waited for the batch to start. (A
        // shell glob names as many paths as a short list.)
        var lot: [InputPath] = []
        lot.reserveCapacity(min(Self.lotSize, paths.count + (listing == nil ? 0 : Self.lotSize)))
        func addLot() throws(InputError) {
            let kinds = ListedPathKinds.of(lot, skipped: lot.map(isExcluded))
            for i in lot.indices { if let kind = kinds[i] { try add(lot[i], to: &collector, kind: kind) } }
            lot.removeAll(keepingCapacity: true)
        }
        for path in paths {
            lot.append(InputPath(path))
            if lot.count == Self.lotSize { try addLot() }
        }
        try listing?.forEachLine { (line) throws(InputError) in
            lot.append(InputPath(bytes: Array(line)))
            if lot.count == Self.lotSize { try addLot() }
        }
        try addLot()
        return try collector.finish()
    }

    /// How many listed paths are examined together.
    static let lotSize = 4096

    /// What `stat` finds of `path`, following a link; nil when it fails.
    static func status(of path: InputPath) -> stat? {
        var info = stat()
        return path.withCString { stat($0, &info) } == 0 ? info : nil
    }

    /// Whether every path names a regular file (no folder to search, nothing missing).
    public static func areRegularFiles(_ paths: [String]) -> Bool {
        paths.allSatisfy { status(of: InputPath($0)).map { ($0.st_mode & S_IFMT) == S_IFREG } ?? false }
    }

    /// What a listing gathers: every path in an external sort, and whether any file may be
    /// named twice under different spellings.
    ///
    /// A path is sorted as its bytes, a NUL (which no path holds, so the order is the paths'
    /// order) and what tells its file from others (see `EntryIdentities`): nothing for an entry
    /// of its folder, known by the folder and its name; `linkMark` for a link, known by its
    /// target; `unknownMark` for a path that names nothing that can be told apart (missing, or a
    /// folder that cannot be read).
    private struct Collector {
        var sorter: ExternalSort
        /// Whether a link to a file was listed or met: it names its target a second time.
        var metLinks = false
        var folders = FolderSpellings()
        let spill: SpillPolicy
        /// One path's record, made in place for each (a listing names a million paths, and an
        /// array made for each record, and for each part of it, was most of listing one).
        private var record: [UInt8] = []

        init(_ spill: SpillPolicy) {
            self.spill = spill
            sorter = ExternalSort(spill)
        }

        static let unknownMark: UInt8 = 0
        static let linkMark: UInt8 = 2

        /// A path, and what it is.
        mutating func append(_ path: InputPath, as kind: PathKind) throws(InputError) {
            record.removeAll(keepingCapacity: true)
            record.append(contentsOf: path.bytes)
            record.append(0)
            switch kind {
            case .file: folders.note(path)
            case .fileLink:
                metLinks = true
                record.append(Self.linkMark)
            case .missing, .folder, .folderLink: record.append(Self.unknownMark)
            }
            try sorter.add(record)
        }

        /// The sorted list, each path once. A folder named under two spellings, or a link, can
        /// name one file twice: `a.json`, `./a.json`, `/home/x/a.json`, a link. Then the first
        /// name in byte order is kept. A file with several hard links keeps every name, since
        /// each link is a name someone gave a dossier, and a path that cannot be examined stays,
        /// so the batch reports it.
        mutating func finish() throws(InputError) -> PathList {
            // Two paths are one file only through a folder named twice or a link (`FolderSpellings`).
            let identify = folders.twice || metLinks
            var identities = ExternalSort(spill)
            var builder = PathList.Builder(spill)
            var previous: [UInt8] = []
            var entries = EntryIdentities()
            // An identity record (identity, then position), made in place for each path.
            var entry: [UInt8] = []
            try sorter.forEach { (record) throws(InputError) in
                let nul = record.firstIndex(of: 0)!
                let path = UnsafeBufferPointer(rebasing: record[..<nul])
                // The same path found by a walk and named directly: one record each, one path.
                if builder.count > 0, previous.withUnsafeBufferPointer({ ByteStrings.compare(path, $0) }) == 0 { return }
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: path)
                if identify {
                    entry.removeAll(keepingCapacity: true)
                    let mark = nul + 1 < record.count ? record[nul + 1] : nil
                    let known = switch mark {
                    case nil: entries.identity(ofEntry: previous, into: &entry)
                    case Self.linkMark: entries.identity(ofLink: previous, into: &entry)
                    default: false
                    }
                    if known {
                        withUnsafeBytes(of: UInt64(builder.count).bigEndian) { entry.append(contentsOf: $0) }
                        try identities.add(entry)
                    }
                }
                try builder.append(path)
            }
            // Records sort by identity, then position: each identity's first record is its
            // first name in byte order, and every later one is a repeat.
            var dropped: [Int] = []
            var key: [UInt8] = []
            try identities.forEach { record in
                let identity = UnsafeBufferPointer(rebasing: record.dropLast(8))
                if key.withUnsafeBufferPointer({ ByteStrings.compare(identity, $0) }) == 0 {
                    dropped.append(Int(UInt64(bigEndianBytes: record.suffix(8))))
                } else {
                    key.removeAll(keepingCapacity: true)
                    key.append(contentsOf: identity)
                }
            }
            dropped.sort()
            return try builder.finish(dropping: dropped)
        }
    }

    /// The report of this run that `path` is, if any.
    private func report(at path: InputPath) -> FileIdentity? {
        guard !reports.isEmpty else { return nil }
        let name = path.name
        // Compare identities only where the name matches, so a long list costs no stat per file.
        let candidates = reports.filter { $0.name.elementsEqual(name) }
        guard !candidates.isEmpty, let identity = FileIdentity(path) else { return nil }
        return candidates.first { $0.device == identity.device && $0.inode == identity.inode }
    }

    /// Adds a path named directly, not excluded, of the kind found.
    private func add(_ path: InputPath, to list: inout Collector, kind: PathKind) throws(InputError) {
        guard kind.isSearched else {
            if report(at: path) != nil {
                throw InputError(path: path.display, message: "it is a report this run writes (--output or --report), so it cannot also be read as a dossier")
            }
            try list.append(path, as: kind)
            return
        }
        var folder = path.bytes
        if folder.count > 1, folder.last == UInt8(ascii: "/") { folder.removeLast() }
        try walk(InputPath(bytes: folder), into: &list)
    }

    /// Adds the `*.json` and `*.xml` files below a folder. A folder that cannot be listed is added
    /// itself, so that the batch reports it (as "cannot read the folder") instead of losing what
    /// it holds without a word. Symlinks to folders are not followed, so a link cycle cannot loop.
    /// Names are bytes throughout: a name that is not UTF-8 is read like any other.
    private func walk(_ folder: InputPath, into list: inout Collector) throws(InputError) {
        guard let dir = folder.withCString({ opendir($0) }) else {
            try list.append(folder, as: .folder)
            return
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            let full = folder.appending(name: name)
            if isExcluded(full) { continue }
            // A link counts as what it points to, but only a file is taken from it.
            switch PathKind(entryType: entry.pointee.d_type) ?? PathKind.of(full) {
            case .folder: try walk(full, into: &list)
            case .folderLink, .missing: continue
            case let kind where Self.hasDossierExtension(name) && report(at: full) == nil:
                try list.append(full, as: kind)
            default: continue
            }
        }
    }

    private static func hasDossierExtension(_ name: [UInt8]) -> Bool {
        let lower = name.suffix(5).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        return lower.elementsEqual(".json".utf8) || lower.suffix(4).elementsEqual(".xml".utf8)
    }

    /// Byte order of the UTF-8 paths: the same on every machine and locale.
    public static func sorted(_ files: [String]) -> [String] {
        files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// An input that cannot be read because of what the run itself does with it.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}

/// A file by name and identity (device and inode), to recognise it under another spelling.
struct FileIdentity: Sendable {
    let name: [UInt8]
    let device: UInt64
    let inode: UInt64

    init?(_ path: InputPath) {
        var info = stat()
        guard path.withCString({ stat($0, &info) }) == 0 else { return nil }
        name = Array(path.name)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
