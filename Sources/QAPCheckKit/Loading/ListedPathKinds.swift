import Foundation

/// The kinds of many listed paths, found by reading each folder once rather than by a `stat` of
/// each path.
///
/// A nightly list names every dossier on file, hundreds to a folder. A `stat` is a system call of
/// about 1.7 µs on the machine the benchmarks run on (a tenth of a second for a 100,000-line
/// list, before the first dossier is read); reading a folder costs about 0.3 µs an entry and gives
/// every entry's type with its name. So the paths are grouped by folder, and a folder that enough
/// of them name is read. What a read does not settle is examined path by path: links, entries of
/// a file system that gives no types, and names not met among the first few entries per name
/// sought (a huge folder of which the list names a few files is not read to its end).
enum ListedPathKinds {
    /// The fewest paths in one folder for which the folder is read.
    static let fewestToRead = 8
    /// How many entries a read looks at per name it seeks, past `entryAllowance`: near where
    /// reading and a `stat` per name cost the same.
    static let entriesPerName = 4
    static let entryAllowance = 64

    /// Paths examined together: those of a folder read once, or (no folder) a part of those
    /// examined one by one.
    struct Unit {
        let folder: [UInt8]?
        var members: [(index: Int, name: ArraySlice<UInt8>)]
    }

    /// The kind of each path, nil where `skipped`; the work is shared among the cores.
    static func of(_ paths: [InputPath], skipped: [Bool]) -> [PathKind?] {
        let units = units(paths, skipped: skipped)
        var kinds = [PathKind?](repeating: nil, count: paths.count)
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, units.count)
        guard parts > 1 else {
            for unit in units { for (i, kind) in examine(unit, paths) { kinds[i] = kind } }
            return kinds
        }
        // Units dealt out in turn, one part for each core.
        let found = Locked<[[(Int, PathKind)]]>(Array(repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var mine: [(Int, PathKind)] = []
            for u in stride(from: part, to: units.count, by: parts) { mine += examine(units[u], paths) }
            found.withLock { $0[part] = mine }
        }
        for (i, kind) in found.withLock({ $0 }).joined() { kinds[i] = kind }
        return kinds
    }

    /// The paths grouped by folder, and those of folders named too few times in parts of 512.
    private static func units(_ paths: [InputPath], skipped: [Bool]) -> [Unit] {
        var groups: [[UInt8]: Int] = [:]
        var work: [Unit] = []
        var oneByOne: [(index: Int, name: ArraySlice<UInt8>)] = []
        // The group of the path before: a list's paths of one folder mostly come together, and
        // comparing with it spares hashing the folder of each.
        var last = -1
        for i in paths.indices where !skipped[i] {
            guard let (folder, name) = split(paths[i]) else {
                oneByOne.append((i, []))
                continue
            }
            if last >= 0, ByteStrings.equal(work[last].folder![...], folder) {
                work[last].members.append((i, name))
            } else if let g = groups[Array(folder)] {
                work[g].members.append((i, name))
                last = g
            } else {
                last = work.count
                groups[Array(folder)] = last
                work.append(Unit(folder: Array(folder), members: [(i, name)]))
            }
        }
        for g in work.indices where work[g].members.count < fewestToRead {
            oneByOne += work[g].members
            work[g].members = []
        }
        work.removeAll { $0.members.isEmpty }
        // Paths examined one by one go in parts of their own, so they too are spread on the cores.
        stride(from: 0, to: oneByOne.count, by: 512).forEach { start in
            work.append(Unit(folder: nil, members: Array(oneByOne[start..<min(start + 512, oneByOne.count)])))
        }
        return work
    }

    /// A path's folder and last part; nil when the last part is not an entry's name (`.`, `..`,
    /// or nothing after a final `/`), which only a `stat` tells.
    static func split(_ path: InputPath) -> (folder: ArraySlice<UInt8>, name: ArraySlice<UInt8>)? {
        let bytes = path.bytes
        let name = path.name
        guard !name.isEmpty, name.count > 2 || name.contains(where: { $0 != UInt8(ascii: ".") }) else { return nil }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return (workingFolder[...], name) }
        return (slash == 0 ? bytes[...0] : bytes[..<slash], name)
    }

    private static let workingFolder: [UInt8] = Array(".".utf8)

    /// The kinds of one unit's paths: its folder read when it has one, then `PathKind.of` for
    /// whatever is left.
    private static func examine(_ unit: Unit, _ paths: [InputPath]) -> [(Int, PathKind)] {
        var found: [(Int, PathKind)] = []
        var settled = [Bool](repeating: false, count: unit.members.count)
        if let folder = unit.folder {
            read(folder, seeking: unit.members) { k, kind in
                settled[k] = true
                found.append((unit.members[k].index, kind))
            }
        }
        for (k, member) in unit.members.enumerated() where !settled[k] {
            found.append((member.index, PathKind.of(paths[member.index])))
        }
        return found
    }

    /// Reads `folder`'s entries until every name sought is met or the allowance is spent, and
    /// calls `settle` with the position among `names` and the kind of each one whose type the
    /// entry gives.
    static func read(_ folder: [UInt8], seeking names: [(index: Int, name: ArraySlice<UInt8>)],
                             settle: (Int, PathKind) -> Void) {
        guard let dir = InputPath(bytes: folder).withCString({ opendir($0) }) else { return }
        defer { closedir(dir) }
        // The names sought by hash: the last with each hash, and before it the one before.
        var sought: [UInt64: Int] = [:]
        sought.reserveCapacity(names.count)
        var before = [Int](repeating: -1, count: names.count)
        for (k, member) in names.enumerated() {
            let h = member.name.withUnsafeBytes(hash)
            if let later = sought.updateValue(k, forKey: h) { before[k] = later }
        }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        var left = names.count
        var allowance = entriesPerName * names.count + entryAllowance
        while left > 0, allowance > 0, let entry = readdir(dir) {
            allowance -= 1
            guard let kind = PathKind(entryType: entry.pointee.d_type) else { continue }
            let start = UnsafeRawPointer(entry).advanced(by: nameOffset)
            let bytes = UnsafeRawBufferPointer(start: start, count: strlen(start.assumingMemoryBound(to: CChar.self)))
            guard var k = sought[hash(bytes)] else { continue }
            // A folder names each entry once, so no name is settled twice.
            while k >= 0 {
                if names[k].name.elementsEqual(bytes) {
                    settle(k, kind)
                    left -= 1
                }
                k = before[k]
            }
        }
    }

    /// FNV-1a: the names sought are found by it without making an array of each entry's name.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
