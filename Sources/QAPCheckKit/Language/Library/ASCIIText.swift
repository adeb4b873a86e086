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
        var s = s
        return s.withUTF8 { bytes -> String? in
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
    static func containsWord(_ text: String, _ words: String) -> Bool? {
        var text = text, words = words
        return text.withUTF8 { haystack -> Bool? in
            guard isASCII(haystack) else { return nil }
            return words.withUTF8 { needle -> Bool? in
                guard isASCII(needle) else { return nil }
                var start = 0, end = needle.count
                while start < end, isSpace(needle[start]) { start += 1 }
                while end > start, isSpace(needle[end - 1]) { end -= 1 }
                guard start < end else { return false }
                let n = end - start
                guard n <= haystack.count else { return false }
                let first = lower(needle[start])
                var i = 0
                while i + n <= haystack.count {
                    if lower(haystack[i]) == first, matches(haystack, at: i, needle, from: start, count: n),
                       i == 0 || !isWordByte(haystack[i - 1]), i + n == haystack.count || !isWordByte(haystack[i + n]) {
                        return true
                    }
                    i += 1
                }
                return false
            }
        }
    }

    @inline(__always)
    private static func matches(_ haystack: UnsafeBufferPointer<UInt8>, at i: Int, _ needle: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Bool {
        for k in 1..<count where lower(haystack[i + k]) != lower(needle[start + k]) { return false }
        return true
    }

    static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isASCII($0) }
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
