import Foundation

/// The offsets at which a file's lines start, for turning offsets into lines and columns in any
/// order: findings ask in no order the file has, and counting from the start of the file for
/// each would be quadratic in a large dossier with many findings. Lines end as `LocationCursor`
/// ends them (LF, CRLF, a lone CR); within a line the cursor counts the columns.
struct LineIndex: Sendable {
    private let starts: [Int]
    /// A cursor that has seen the file, so that it knows how to read it.
    private let prototype: LocationCursor

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var starts = [0]
        if let base = bytes.baseAddress {
            if memchr(base, 0x0D, bytes.count) == nil {
                var i = 0
                while let found = memchr(base + i, 0x0A, bytes.count - i) {
                    i = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                    starts.append(i)
                }
            } else {
                for i in 0..<bytes.count where bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
                    starts.append(i + 1)
                }
            }
        }
        self.starts = starts
        // One step is enough for the cursor to read what the file holds.
        var cursor = LocationCursor()
        _ = cursor.location(of: min(1, bytes.count), in: bytes)
        prototype = cursor
    }

    func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        // The last line that starts at or before the offset.
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var cursor = prototype.rewound(toLine: low + 1, at: starts[low])
        return cursor.location(of: offset, in: bytes)
    }

    /// A tree's `locate`: `offset` reads a spot (the loader's convention), and the file's line
    /// index is made on the first question, for the document's findings to share.
    static func locator(_ bytes: [UInt8], offset: @escaping @Sendable (SourceSpot, UnsafeBufferPointer<UInt8>) -> Int) -> @Sendable (SourceSpot) -> SourceLocation {
        let index = Locked<LineIndex?>(nil)
        return { spot in
            bytes.withUnsafeBufferPointer { buffer in
                let lines = index.withLock { lines in
                    if lines == nil { lines = LineIndex(buffer) }
                    return lines!
                }
                return lines.location(of: offset(spot, buffer), in: buffer)
            }
        }
    }
}
