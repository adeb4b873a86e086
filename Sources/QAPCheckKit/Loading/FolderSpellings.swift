import Foundation

/// Whether a list of paths may name one file twice: only if some folder is named under two
/// spellings (`a/x.json` and `./a/x.json`, or a folder and a link to it), or through a link to
/// a file, which the list's collector notes itself.
///
/// Telling the files of a long list apart by their entries (`EntryIdentities`) sorts a record
/// for every path, a third of listing a hundred thousand; when every folder has one spelling,
/// two different paths cannot be one entry, and none of that is needed. A folder is known by its
/// spelling up to and with the last `/` of the path (empty for a bare name), so that a path is
/// its folder's spelling and its name, and two paths alike in both are one path.
struct FolderSpellings {
    /// The most folders followed; past them the list is taken to name some file twice, so
    /// memory stays bounded however many folders a list spans.
    let most: Int

    init(most: Int = 65_536) { self.most = most }

    private var last: [UInt8]?
    private var spellings: [FolderKey: [UInt8]] = [:]
    /// Whether some folder was met under two spellings (or too many folders were met to tell).
    private(set) var twice = false

    private struct FolderKey: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// Notes the folder of a file on the list.
    mutating func note(_ path: InputPath) {
        guard !twice else { return }
        let bytes = path.bytes
        let end = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        // The paths of one folder come one after another, from a walk and mostly from a list.
        if let last, last.count == end, end == 0 || bytes.withUnsafeBufferPointer({ b in
            last.withUnsafeBufferPointer { memcmp(b.baseAddress!, $0.baseAddress!, end) == 0 }
        }) { return }
        let spelling = Array(bytes[..<end])
        last = spelling
        var info = stat()
        let folder = spelling.isEmpty ? InputPath(".") : InputPath(bytes: spelling)
        // A folder that cannot be examined gives its files no identity: none of them is dropped.
        guard folder.withCString({ stat($0, &info) }) == 0 else { return }
        let key = FolderKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if let known = spellings[key] {
            if known != spelling { twice = true }
        } else if spellings.count >= most {
            twice = true
        } else {
            spellings[key] = spelling
        }
    }
}
