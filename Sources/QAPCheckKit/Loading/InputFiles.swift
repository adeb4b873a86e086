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

    public init(reports: [String] = []) {
        self.reports = reports.compactMap(FileIdentity.init)
    }

    public static func collect(_ paths: [String]) -> PathList {
        (try? InputFiles().collect(paths, listing: nil)) ?? PathList()
    }

    public static func collect(_ paths: [String], listing: Data) -> PathList {
        (try? InputFiles().collect(paths, listing: listing)) ?? PathList()
    }

    /// The files of `paths` and of a `--files-from` list (one path a line, taken exactly as
    /// written but for the line break; blank lines skipped). The list is read as bytes into the
    /// compact `PathList`, never as one string a line, so a million-line list costs a few tens of
    /// megabytes, not hundreds.
    public func collect(_ paths: [String], listing: Data?) throws(InputError) -> PathList {
        var list = PathList()
        if let listing { list.reserve(bytes: listing.count, paths: listing.count / 32) }
        for path in paths { try add(path, to: &list) }
        var failure: InputError?
        listing?.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let text = raw.bindMemory(to: UInt8.self)
            var start = 0
            for i in 0...text.count where i == text.count || text[i] == 0x0A {
                var end = i
                if end > start, text[end - 1] == 0x0D { end -= 1 }
                defer { start = i + 1 }
                guard start < end, failure == nil else { continue }
                let path = String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
                do throws(InputError) { try add(path, to: &list) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        list.sortAndRemoveDuplicates()
        return list
    }

    /// The report of this run that `path` is, if any.
    private func report(at path: String) -> FileIdentity? {
        guard !reports.isEmpty else { return nil }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        // Compare identities only where the name matches, so a long list costs no stat per file.
        let candidates = reports.filter { $0.name == name }
        guard !candidates.isEmpty, let identity = FileIdentity(path) else { return nil }
        return candidates.first { $0.device == identity.device && $0.inode == identity.inode }
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private func add(_ path: String, to list: inout PathList) throws(InputError) {
        guard Self.isFolder(path) else {
            if report(at: path) != nil {
                throw InputError(path: path, message: "it is a report this run writes (--output or --report), so it cannot also be read as a dossier")
            }
            list.append(path)
            return
        }
        walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, into: &list)
    }

    /// Adds the `*.json` and `*.xml` files below a folder. A folder that cannot be listed is added
    /// itself, so that the batch reports it (as "cannot read the folder") instead of losing what
    /// it holds without a word. Symlinks to folders are not followed, so a link cycle cannot loop.
    private func walk(_ folder: String, into list: inout PathList) {
        guard let dir = opendir(folder) else {
            list.append(folder)
            return
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = folder + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                var info = stat()
                if type == UInt8(DT_LNK) {
                    // A link counts as what it points to, but only a file is taken from it.
                    guard stat(full, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { continue }
                    type = UInt8(DT_REG)
                } else if lstat(full, &info) == 0 {
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

    private static func hasDossierExtension(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".json") || lower.hasSuffix(".xml")
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
    let name: String
    let device: UInt64
    let inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        name = path.split(separator: "/").last.map(String.init) ?? path
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

    mutating func append(_ path: String) {
        bytes.append(contentsOf: path.utf8)
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

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }

    public subscript(position: Int) -> String {
        String(decoding: bytes[range(Int(order[position]))], as: UTF8.self)
    }
}
