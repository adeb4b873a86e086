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

    public init(reports: [String] = [], exclude: [String] = []) {
        self.reports = reports.compactMap { FileIdentity(InputPath($0)) }
        self.excluded = exclude.map { Array($0.utf8CString) }
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
        (try? InputFiles().collect(paths, listing: listing)) ?? PathList()
    }

    /// The files of `paths` and of a `--files-from` list (one path a line, taken byte for byte
    /// as written but for the line break; blank lines skipped). The list is read as bytes into the
    /// compact `PathList`, never as one string a line, so a million-line list costs a few tens of
    /// megabytes, not hundreds, and a name that is not UTF-8 stays as it is.
    public func collect(_ paths: [String], listing: Data?) throws(InputError) -> PathList {
        var list = PathList()
        if let listing { list.reserve(bytes: listing.count, paths: listing.count / 32) }
        var roots = paths.count
        for path in paths { try add(InputPath(path), to: &list) }
        var failure: InputError?
        listing?.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let text = raw.bindMemory(to: UInt8.self)
            var start = 0
            for i in 0...text.count where i == text.count || text[i] == 0x0A {
                var end = i
                if end > start, text[end - 1] == 0x0D { end -= 1 }
                defer { start = i + 1 }
                guard start < end, failure == nil else { continue }
                roots += 1
                let path = InputPath(bytes: Array(text[start..<end]))
                do throws(InputError) { try add(path, to: &list) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        list.sortAndRemoveDuplicates()
        // One root's walk names each file once, but two roots (or a link in a walk) can name one
        // file twice under different spellings: `a.json`, `./a.json`, `/home/x/a.json`.
        if roots > 1 || list.metLinks { list.removeRepeatedFiles() }
        return list
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

    private static func isFolder(_ path: InputPath) -> Bool {
        var info = stat()
        return path.withCString { stat($0, &info) } == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private func add(_ path: InputPath, to list: inout PathList) throws(InputError) {
        if isExcluded(path) { return }
        guard Self.isFolder(path) else {
            if report(at: path) != nil {
                throw InputError(path: path.display, message: "it is a report this run writes (--output or --report), so it cannot also be read as a dossier")
            }
            list.append(path)
            return
        }
        var folder = path.bytes
        if folder.count > 1, folder.last == UInt8(ascii: "/") { folder.removeLast() }
        walk(InputPath(bytes: folder), into: &list)
    }

    /// Adds the `*.json` and `*.xml` files below a folder. A folder that cannot be listed is added
    /// itself, so that the batch reports it (as "cannot read the folder") instead of losing what
    /// it holds without a word. Symlinks to folders are not followed, so a link cycle cannot loop.
    /// Names are bytes throughout: a name that is not UTF-8 is read like any other.
    private func walk(_ folder: InputPath, into list: inout PathList) {
        guard let dir = folder.withCString({ opendir($0) }) else {
            list.append(folder)
            return
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            let full = folder.appending(name: name)
            if isExcluded(full) { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                var info = stat()
                if type == UInt8(DT_LNK) {
                    // A link counts as what it points to, but only a file is taken from it.
                    guard full.withCString({ stat($0, &info) }) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { continue }
                    type = UInt8(DT_REG)
                    list.metLinks = true
                } else if full.withCString({ lstat($0, &info) }) == 0 {
                    type = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
                }
            }
            if type == UInt8(DT_DIR) {
                walk(full, into: &list)
            } else if Self.hasDossierExtension(name), report(at: full) == nil {
                list.append(full)
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

    /// The identity alone.
    struct Key: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    init?(_ path: InputPath) {
        var info = stat()
        guard path.withCString({ stat($0, &info) }) == 0 else { return nil }
        name = Array(path.name)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// File paths stored back to back in one buffer: the batch's list of inputs, compact enough to
/// hold millions of paths, sortable in place, and read one path at a time.
public struct PathList: RandomAccessCollection, Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var order: [Int32] = []

    public init() {}

    /// Room for this many bytes and paths, so the buffers never grow by doubling.
    mutating func reserve(bytes count: Int, paths: Int) {
        bytes.reserveCapacity(count)
        ends.reserveCapacity(paths)
        order.reserveCapacity(paths)
    }

    mutating func append(_ path: InputPath) {
        bytes.append(contentsOf: path.bytes)
        ends.append(bytes.count)
        order.append(Int32(ends.count - 1))
    }

    private func range(_ stored: Int) -> Range<Int> {
        (stored == 0 ? 0 : ends[stored - 1])..<ends[stored]
    }

    /// Sorts by byte order and drops repeats, so every file is read, and reported, once.
    mutating func sortAndRemoveDuplicates() {
        let bytes = self.bytes, ends = self.ends
        func slice(_ i: Int32) -> ArraySlice<UInt8> {
            let stored = Int(i)
            return bytes[(stored == 0 ? 0 : ends[stored - 1])..<ends[stored]]
        }
        order.sort { slice($0).lexicographicallyPrecedes(slice($1)) }
        var unique: [Int32] = []
        unique.reserveCapacity(order.count)
        for i in order where unique.last.map({ slice($0) != slice(i) }) ?? true { unique.append(i) }
        order = unique
    }

    /// Whether a folder walk took a file through a symbolic link, so the list may name a file
    /// under two names.
    var metLinks = false

    /// Keeps one name of each file reached under several: the first in byte order. A file with
    /// several hard links keeps every name, since each link is a name someone gave a dossier,
    /// and a path that cannot be examined stays, so the batch reports it.
    mutating func removeRepeatedFiles() {
        var seen = Set<FileIdentity.Key>()
        seen.reserveCapacity(order.count)
        order = order.filter { i in
            let path = InputPath(bytes: Array(bytes[range(Int(i))]))
            var info = stat()
            guard path.withCString({ stat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else { return true }
            return seen.insert(FileIdentity.Key(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted
        }
    }

    /// Keeps only a shard's share of the (sorted) list.
    public mutating func keep(_ shard: Shard) {
        order = Array(order[shard.range(of: order.count)])
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }

    public subscript(position: Int) -> InputPath {
        InputPath(bytes: Array(bytes[range(Int(order[position]))]))
    }
}
