import Foundation

/// The string functions' answers for all-ASCII text, computed on the bytes.
///
/// Case folding and whole-word search go through Foundation's Unicode machinery (NFC, full case
/// folding, grapheme-aware search), which costs microseconds per call; a rule that looks for
/// each appraiser's name in each finding calls them hundreds of times per dossier. For ASCII,
/// NFC changes nothing, full case folding is lower-casing, and a word character is a letter or
/// a digit, so the bytes give the same answer. Each function returns nil for other text, which
/// then takes the Unicode path.
enum ASCIIText {
    /// `s` lower-cased, when it is all ASCII.
    static func lowercased(_ s: String) -> String? {
        return s.withUTF8InPlace { bytes -> String? in
            guard isASCII(bytes) else { return nil }
            guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(decoding: bytes, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for (i, b) in bytes.enumerated() { out[i] = lower(b) }
                return bytes.count
            }
        }
    }

    /// Whether `words`, trimmed, stands in `text` as whole words, ignoring case; nil unless both
    /// are ASCII.
    ///
    /// The places where the needle's first byte stands (in either case) are found with `memchr`,
    /// and only those are compared: a rule looks for each name in each finding, and comparing at
    /// every byte of every finding was most of that rule's time.
    static func containsWord(_ text: String, _ words: String) -> Bool? {
        return text.withUTF8InPlace { haystack -> Bool? in
            guard isASCII(haystack) else { return nil }
            return words.withUTF8InPlace { needle -> Bool? in
                guard isASCII(needle) else { return nil }
                var start = 0, end = needle.count
                while start < end, isSpace(needle[start]) { start += 1 }
                while end > start, isSpace(needle[end - 1]) { end -= 1 }
                guard start < end else { return false }
                let n = end - start
                guard n <= haystack.count, let base = haystack.baseAddress else { return false }
                // A match starts at or before `last`; search only there.
                let last = haystack.count - n
                func next(_ byte: UInt8, from i: Int) -> Int? {
                    guard i <= last, let found = memchr(base + i, Int32(byte), last - i + 1) else { return nil }
                    return UnsafeRawPointer(found) - UnsafeRawPointer(base)
                }
                let low = lower(needle[start])
                let high = low >= 0x61 && low <= 0x7A ? low - 0x20 : low
                var nextLow = next(low, from: 0)
                var nextHigh = high == low ? nil : next(high, from: 0)
                while true {
                    let i: Int
                    switch (nextLow, nextHigh) {
                    case (nil, nil): return false
                    case (let a?, nil): i = a
                    case (nil, let b?): i = b
                    case (let a?, let b?): i = min(a, b)
                    }
                    if i == 0 || !isWordByte(haystack[i - 1]), matches(haystack, at: i, needle, from: start, count: n),
                       i + n == haystack.count || !isWordByte(haystack[i + n]) {
                        return true
                    }
                    if nextLow == i { nextLow = next(low, from: i + 1) }
                    if nextHigh == i { nextHigh = next(high, from: i + 1) }
                }
            }
        }
    }

    @inline(__always)
    private static func matches(_ haystack: UnsafeBufferPointer<UInt8>, at i: Int, _ needle: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Bool {
        for k in 1..<count where lower(haystack[i + k]) != lower(needle[start + k]) { return false }
        return true
    }

    static func isASCII(_ s: String) -> Bool {
        return s.withUTF8InPlace { isASCII($0) }
    }

    /// Whether every byte is ASCII, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let raw = bytes.baseAddress.map(UnsafeRawPointer.init) else { return true }
        var i = 0
        while i + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// The ASCII characters Foundation's `whitespacesAndNewlines` holds.
    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// An ASCII letter or digit: the word characters of `containsWord` and of the redaction's
    /// tokens within ASCII.
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }
}
