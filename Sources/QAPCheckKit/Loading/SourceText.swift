#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The raw bytes of one input file, with the byte-level checks both loaders need first:
/// not empty, not binary, valid UTF-8. It also turns byte offsets into line and column.
struct SourceText {
    let bytes: [UInt8]

    /// Checks that the bytes are text a loader may parse; the error carries the first bad place.
    func validate() throws(DocumentError) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw DocumentError(.empty, "the file is empty")
        }
        if let nul = bytes.withUnsafeBufferPointer({ b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base, 0, b.count) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }) {
            throw DocumentError(.binary, "the file holds NUL bytes: it is binary, or text in an encoding other than UTF-8", at: location(of: nul))
        }
        if let bad = Self.firstInvalidUTF8(bytes) {
            throw DocumentError(.invalidUTF8, "invalid UTF-8 byte sequence", at: location(of: bad))
        }
    }

    /// Offset of the first byte that breaks UTF-8 (overlongs, surrogates and values past
    /// U+10FFFF included), or nil when all is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        guard let raw = b.baseAddress.map(UnsafeRawPointer.init) else { return nil }
        while i < n {
            // ASCII thirty-two bytes at a time (a dossier is nearly all ASCII), then eight.
            while i + 32 <= n, (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                                | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                                & 0x8080_8080_8080_8080 == 0 {
                i += 32
            }
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            guard i < n else { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var min: UInt32 = 0
            var cp: UInt32 = 0
            switch c {
            case 0xC2...0xDF: need = 1; cp = UInt32(c & 0x1F); min = 0x80
            case 0xE0...0xEF: need = 2; cp = UInt32(c & 0x0F); min = 0x800
            case 0xF0...0xF4: need = 3; cp = UInt32(c & 0x07); min = 0x10000
            default: return i
            }
            if i + need >= n { return i }
            for k in 1...need {
                let cc = b[i + k]
                if cc & 0xC0 != 0x80 { return i }
                cp = (cp << 6) | UInt32(cc & 0x3F)
            }
            if cp < min || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { return i }
            i += need + 1
        }
        return nil
    }

    /// Line and column of a byte offset (columns count Unicode scalars).
    func location(of offset: Int) -> SourceLocation {
        var cursor = LocationCursor()
        return cursor.location(of: offset, in: bytes)
    }
}

/// Turns increasing byte offsets into line and column in one forward pass, so that locating
/// every node of a file costs as much as reading the file once, even when it is all on one line.
struct LocationCursor {
    private var offset = 0
    private var line = 1
    private var column = 1
    /// What the file holds, found at the first call. Without a carriage return a line ends only
    /// at LF, which `memchr` finds many bytes at a time; without a non-ASCII byte as well, every
    /// byte is a column. Most files are written that way.
    private var text: Text?
    private enum Text { case asciiLineFeeds, lineFeeds, any }

    /// This cursor (with what it found the file holds) moved back to the start of a line.
    func rewound(toLine line: Int, at lineStart: Int) -> LocationCursor {
        var cursor = self
        cursor.offset = lineStart
        cursor.line = line
        cursor.column = 1
        return cursor
    }

    mutating func location(of target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        if target < offset { self = LocationCursor() }
        let end = min(target, bytes.count)
        guard let base = bytes.baseAddress, offset < end else { return SourceLocation(line: line, column: column) }
        if text == nil { text = Self.classify(bytes) }
        switch text {
        case .asciiLineFeeds: advanceOverLineFeeds(to: end, base, ascii: true)
        case .lineFeeds: advanceOverLineFeeds(to: end, base, ascii: false)
        case .any, nil: advanceByteByByte(to: end, bytes)
        }
        offset = end
        return SourceLocation(line: line, column: column)
    }

    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> Text {
        guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) == nil else { return .any }
        let raw = UnsafeRawPointer(base)
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count { high |= UInt64(bytes[i]); i += 1 }
        return high & 0x8080_8080_8080_8080 == 0 ? .asciiLineFeeds : .lineFeeds
    }

    /// Jumps from line feed to line feed, then counts the columns of the last line's stretch: in
    /// ASCII one a byte, otherwise a word at a time, each byte that does not continue a UTF-8
    /// sequence being one column.
    private mutating func advanceOverLineFeeds(to end: Int, _ base: UnsafePointer<UInt8>, ascii: Bool) {
        var i = offset
        while let found = memchr(base + i, 0x0A, end - i) {
            line += 1
            column = 1
            i = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
        }
        if ascii {
            column += end - i
            return
        }
        let raw = UnsafeRawPointer(base)
        while i + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A continuation byte is 10xxxxxx: its high bit set and the bit below it clear.
            let continuations = (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            column += 8 - continuations
            i += 8
        }
        while i < end {
            if base[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
    }

    /// A line ends at LF, CRLF or a lone CR, as editors count lines. Eight bytes at a time while
    /// they hold no line break and no non-ASCII byte (then each byte is one column); byte by byte
    /// through a word that does.
    private mutating func advanceByteByByte(to end: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        var i = offset
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        while i < end {
            if i + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let lf = word ^ 0x0A0A_0A0A_0A0A_0A0A, cr = word ^ 0x0D0D_0D0D_0D0D_0D0D
                let hasBreak = ((lf &- 0x0101_0101_0101_0101) & ~lf | (cr &- 0x0101_0101_0101_0101) & ~cr) & 0x8080_8080_8080_8080
                if hasBreak == 0 && word & 0x8080_8080_8080_8080 == 0 {
                    column += 8
                    i += 8
                    continue
                }
            }
            let stop = min(i + 8, end)
            while i < stop {
                let b = bytes[i]
                if b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
                    line += 1
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
        }
    }

    mutating func location(of target: Int, in bytes: [UInt8]) -> SourceLocation {
        bytes.withUnsafeBufferPointer { location(of: target, in: $0) }
    }
}
