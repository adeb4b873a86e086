#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes written in place into room made ahead, for JSON text and the report writers: a JSON
/// report writes some two hundred small pieces per document, and an array's own append of each
/// (its generic path, its uniqueness and capacity checks) cost more than the bytes themselves.
struct ByteBuffer {
    /// Room, of which the first `count` bytes are written.
    private var storage: [UInt8]
    private(set) var count = 0

    init(capacity: Int = 4096) {
        storage = [UInt8](filledWith: 0, count: max(capacity, 64))
    }

    /// Forgets what was written, keeping the room: a scratch buffer emptied for each element of
    /// a parse costs a store, where an array's `removeAll(keepingCapacity:)` was a call of its own.
    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// The bytes written, for reading while `body` runs.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// What has been written, as text.
    var text: String {
        storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[..<count]), as: UTF8.self) }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == storage.count { grow(by: 1) }
        let at = count
        storage.withUnsafeMutableBufferPointer { $0[at] = byte }
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if storage.count - count < bytes.count { grow(by: bytes.count) }
        let at = count
        storage.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress! + at, source, bytes.count) }
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func append(_ text: String) {
        text.withUTF8InPlace { append($0) }
    }

    /// Writes a piece of at most `maxCount` bytes in place: `body` gets where the piece starts
    /// and returns how many bytes it wrote. One check of room for a piece of several parts (a
    /// line break, its indentation, a quoted name), where an append of each part checked again.
    @inline(__always)
    mutating func write(upTo maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if storage.count - count < maxCount { grow(by: maxCount) }
        let at = count
        let written = storage.withUnsafeMutableBufferPointer { body($0.baseAddress! + at) }
        precondition(written <= maxCount, "a piece longer than its room")
        count += written
    }

    /// `byte` `times` times over.
    mutating func append(repeating byte: UInt8, times: Int) {
        guard times > 0 else { return }
        if storage.count - count < times { grow(by: times) }
        let at = count
        storage.withUnsafeMutableBufferPointer { _ = memset($0.baseAddress! + at, Int32(byte), times) }
        count += times
    }

    /// The JSON string literal of `text`, escaping what RFC 8259 requires and nothing else
    /// (non-ASCII text is written as UTF-8): runs that need no escape are copied whole, found
    /// eight bytes at a time (`JSONText.firstSpecial`).
    mutating func appendQuoted(_ text: String) {
        text.withUTF8InPlace { utf8 in
            let length = utf8.count
            if JSONText.firstSpecial(in: utf8, from: 0) == length {
                // Nothing to escape, as in nearly every name and value: the quotes and the text
                // written as one piece.
                write(upTo: length + 2) { at in
                    at[0] = 0x22
                    if let source = utf8.baseAddress { memcpy(at + 1, source, length) }
                    at[length + 1] = 0x22
                    return length + 2
                }
                return
            }
            append(0x22)
            var start = 0
            while true {
                let special = JSONText.firstSpecial(in: utf8, from: start)
                append(UnsafeBufferPointer(rebasing: utf8[start..<special]))
                guard special < utf8.count else { break }
                appendEscaped(utf8[special])
                start = special + 1
            }
            append(0x22)
        }
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        let hex: StaticString = "0123456789abcdef"
        switch byte {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        default:
            append("\\u00")
            append(hex.utf8Start[Int(byte >> 4)])
            append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    /// Room for at least `needed` more bytes, doubling.
    private mutating func grow(by needed: Int) {
        storage.append(contentsOf: repeatElement(0, count: max(storage.count, needed)))
    }
}
