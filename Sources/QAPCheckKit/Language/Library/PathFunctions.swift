/// `isContainedPath(p)`: whether an attachment path is relative and never leaves the folder it is
/// relative to, so the pipeline is never sent to read a file outside a dossier's own folder.
/// `a/../b` stays inside; `../b`, `/etc/passwd`, `C:\x`, `~/x` and paths with NUL do not.
enum PathFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("isContainedPath", .global, arity: 1...1) { args in
                guard case .string(let path) = args[0] else { return .noOverload("isContainedPath", args) }
                return .bool(isContained(path))
            },
        ]
    }

    /// Works on the UTF-8 bytes, never on characters: a file system splits paths at the byte
    /// `/`, so `/` followed by a combining mark is still a separator (as a grapheme it would not
    /// be, and `/\u{301}etc/shadow` would pass as relative), and a NUL is a NUL whatever follows.
    static func isContained(_ path: String) -> Bool {
        let slash = UInt8(ascii: "/")
        let bytes = path.utf8.map { $0 == UInt8(ascii: "\\") ? slash : $0 }
        if bytes.isEmpty || bytes.contains(0) { return false }
        if bytes[0] == slash || bytes[0] == UInt8(ascii: "~") { return false }
        let segments = bytes.split(separator: slash, omittingEmptySubsequences: true)
        // A drive (`C:x`) or an alternate data stream in the first segment names another place.
        if let first = segments.first, first.contains(UInt8(ascii: ":")) { return false }
        var depth = 0
        for segment in segments {
            if segment.elementsEqual([UInt8(ascii: ".")]) { continue }
            if segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                depth -= 1
                if depth < 0 { return false }
            } else {
                depth += 1
            }
        }
        return true
    }
}
