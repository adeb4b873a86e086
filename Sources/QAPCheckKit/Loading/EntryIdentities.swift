import Foundation

/// Tells files apart by their entry in a folder: the folder's device and inode, then the entry's
/// name.
///
/// Two spellings of one path (`a.json`, `./a.json`, `/home/x/a.json`, a folder reached through a
/// link) give one identity; two hard links, each a name someone gave a dossier, give two. Only the
/// folders are examined, not the files: the paths of one folder follow each other in a sorted
/// list, and their folder's `stat` is kept for the next.
struct EntryIdentities {
    private var folder: [UInt8]?
    private var folderIdentity: (device: UInt64, inode: UInt64)?

    /// Appends the identity of the entry at `path` to `out`: the folder's device and inode
    /// (big-endian), the name and a NUL, which no name holds, so that no identity is the start of
    /// another. False when the folder cannot be examined, or the last part of the path is no name.
    mutating func identity(ofEntry path: [UInt8], into out: inout [UInt8]) -> Bool {
        guard let (folderPath, name) = ListedPathKinds.split(InputPath(bytes: path)) else { return false }
        if folder.map({ !ByteStrings.equal($0[...], folderPath) }) ?? true {
            folder = Array(folderPath)
            var info = stat()
            folderIdentity = InputPath(bytes: Array(folderPath)).withCString { stat($0, &info) } == 0
                ? (UInt64(info.st_dev), UInt64(info.st_ino)) : nil
        }
        guard let (device, inode) = folderIdentity else { return false }
        withUnsafeBytes(of: device.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: inode.bigEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: name)
        out.append(0)
        return true
    }

    /// Appends the identity of the entry a link leads to, through every link on the way.
    mutating func identity(ofLink path: [UInt8], into out: inout [UInt8]) -> Bool {
        guard let target = InputPath(bytes: path).withCString({ realpath($0, nil) }) else { return false }
        defer { free(target) }
        let bytes = UnsafeRawBufferPointer(start: target, count: strlen(target))
        return identity(ofEntry: Array(bytes), into: &out)
    }
}
