import Foundation

/// The CEL strings extension (charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace,
/// split, substring, trim, join, reverse, format, strings.quote), plus `lower`, and for names
/// `caseFold` (compared as people would: "STRASSE" and "straße" are one) and `containsWord`
/// (a name as whole words: "Li" is not in "Quality"). Indexes count Unicode code points, as the
/// extension specifies.
enum StringFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("charAt", .receiver, arity: 1...1) { args in
                guard case .string(let s) = args[0], case .int(let i) = args[1] else { return .noOverload("charAt", args) }
                let scalars = Array(s.unicodeScalars)
                guard i >= 0, i <= scalars.count else { return .fail(.indexOutOfRange, "index out of range: \(i)") }
                return .string(i == scalars.count ? "" : String(scalars[Int(i)]))
            },
            CELFunction("indexOf", .receiver, arity: 1...2) { indexOf($0, last: false) },
            CELFunction("lastIndexOf", .receiver, arity: 1...2) { indexOf($0, last: true) },
            CELFunction("lowerAscii", .receiver, arity: 0...0) { asciiCase($0, upper: false) },
            CELFunction("upperAscii", .receiver, arity: 0...0) { asciiCase($0, upper: true) },
            CELFunction("replace", .receiver, arity: 2...3) { replace($0) },
            CELFunction("split", .receiver, arity: 1...2) { split($0) },
            CELFunction("substring", .receiver, arity: 1...2) { substring($0) },
            CELFunction("trim", .receiver, unary: trim),
            CELFunction("trim", .global, unary: trim),
            CELFunction("lower", .receiver, unary: lower),
            CELFunction("lower", .global, unary: lower),
            CELFunction("join", .receiver, arity: 0...1) { join($0) },
            CELFunction("caseFold", .receiver) { v in
                guard case .string(let s) = v else { return .noOverload("caseFold", [v]) }
                return .string(caseFold(s))
            },
            CELFunction("containsWord", .receiver, arity: 1...1) { args in
                guard case .string(let text) = args[0], case .string(let words) = args[1] else { return .noOverload("containsWord", args) }
                return .bool(containsWord(text, words))
            },
            CELFunction("reverse", .receiver, arity: 0...0) { args in
                guard case .string(let s) = args[0] else { return .noOverload("reverse", args) }
                var out = String.UnicodeScalarView()
                out.append(contentsOf: s.unicodeScalars.reversed())
                return .string(String(out))
            },
            CELFunction("format", .receiver, arity: 1...1) { args in
                guard case .string(let s) = args[0], case .list(let l) = args[1] else { return .noOverload("format", args) }
                return StringFormat.format(s, l.values)
            },
            CELFunction("strings.quote", .global, arity: 1...1) { args in
                guard case .string(let s) = args[0] else { return .noOverload("strings.quote", args) }
                return .string(quote(s))
            },
        ]
    }

    private static func indexOf(_ args: [CELValue], last: Bool) -> CELValue {
        let name = last ? "lastIndexOf" : "indexOf"
        // Our list extension: the first position of a value in a list, or -1 (hashed for long lists).
        if !last, args.count == 2, case .list(let list) = args[0] {
            return .int(list.firstIndex(of: args[1]).map(Int64.init) ?? -1)
        }
        guard case .string(let s) = args[0], case .string(let sub) = args[1] else { return .noOverload(name, args) }
        let hay = Array(s.unicodeScalars)
        let needle = Array(sub.unicodeScalars)
        var offset: Int
        if args.count == 3 {
            guard case .int(let o) = args[2] else { return .noOverload(name, args) }
            guard o >= 0, o <= hay.count else { return .fail(.indexOutOfRange, "index out of range: \(o)") }
            offset = Int(o)
        } else {
            offset = last ? hay.count : 0
        }
        if needle.isEmpty { return .int(Int64(offset)) }
        if last {
            var i = min(offset, hay.count - needle.count)
            while i >= 0 {
                if Array(hay[i..<i + needle.count]) == needle { return .int(Int64(i)) }
                i -= 1
            }
        } else {
            var i = offset
            while i + needle.count <= hay.count {
                if Array(hay[i..<i + needle.count]) == needle { return .int(Int64(i)) }
                i += 1
            }
        }
        return .int(-1)
    }

    private static func asciiCase(_ args: [CELValue], upper: Bool) -> CELValue {
        guard case .string(let s) = args[0] else { return .noOverload(upper ? "upperAscii" : "lowerAscii", args) }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if upper, c >= "a", c <= "z" { out.append(Unicode.Scalar(c.value - 32)!) } else if !upper, c >= "A", c <= "Z" { out.append(Unicode.Scalar(c.value + 32)!) } else { out.append(c) }
        }
        return .string(String(out))
    }

    private static func replace(_ args: [CELValue]) -> CELValue {
        guard case .string(let s) = args[0], case .string(let old) = args[1], case .string(let new) = args[2] else { return .noOverload("replace", args) }
        var limit = -1
        if args.count == 4 {
            guard case .int(let n) = args[3] else { return .noOverload("replace", args) }
            limit = Int(n)
        }
        if limit == 0 || old == new { return .string(s) }
        let hay = Array(s.unicodeScalars), needle = Array(old.unicodeScalars), replacement = Array(new.unicodeScalars)
        var out: [Unicode.Scalar] = []
        var i = 0, done = 0
        while i <= hay.count {
            if limit >= 0 && done >= limit { out.append(contentsOf: hay[i...]); break }
            if needle.isEmpty {
                out.append(contentsOf: replacement)
                done += 1
                if i < hay.count { out.append(hay[i]) }
                i += 1
                continue
            }
            if i + needle.count <= hay.count, Array(hay[i..<i + needle.count]) == needle {
                out.append(contentsOf: replacement)
                i += needle.count
                done += 1
            } else {
                if i < hay.count { out.append(hay[i]) }
                i += 1
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: out)
        return .string(String(view))
    }

    private static func split(_ args: [CELValue]) -> CELValue {
        guard case .string(let s) = args[0], case .string(let sep) = args[1] else { return .noOverload("split", args) }
        var limit = -1
        if args.count == 3 {
            guard case .int(let n) = args[2] else { return .noOverload("split", args) }
            limit = Int(n)
        }
        if limit == 0 { return .list(.empty) }
        let hay = Array(s.unicodeScalars), needle = Array(sep.unicodeScalars)
        var parts: [String] = []
        func text(_ r: ArraySlice<Unicode.Scalar>) -> String { var v = String.UnicodeScalarView(); v.append(contentsOf: r); return String(v) }
        if needle.isEmpty {
            for (k, c) in hay.enumerated() {
                if limit > 0 && parts.count == limit - 1 { parts.append(text(hay[k...])); break }
                parts.append(String(c))
            }
            return .list(CELList(parts.map(CELValue.string)))
        }
        var start = 0, i = 0
        while i + needle.count <= hay.count {
            if limit > 0 && parts.count == limit - 1 { break }
            if Array(hay[i..<i + needle.count]) == needle {
                parts.append(text(hay[start..<i]))
                i += needle.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(text(hay[start...]))
        return .list(CELList(parts.map(CELValue.string)))
    }

    private static func substring(_ args: [CELValue]) -> CELValue {
        guard case .string(let s) = args[0], case .int(let start) = args[1] else { return .noOverload("substring", args) }
        let scalars = Array(s.unicodeScalars)
        var end = Int64(scalars.count)
        if args.count == 3 {
            guard case .int(let e) = args[2] else { return .noOverload("substring", args) }
            end = e
        }
        guard start >= 0, start <= scalars.count else { return .fail(.indexOutOfRange, "index out of range: \(start)") }
        guard end >= 0, end <= scalars.count else { return .fail(.indexOutOfRange, "index out of range: \(end)") }
        guard start <= end else { return .fail(.indexOutOfRange, "invalid substring range. start: \(start), end: \(end)") }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[Int(start)..<Int(end)])
        return .string(String(view))
    }

    private static func trim(_ v: CELValue) -> CELValue {
        guard case .string(let s) = v else { return .noOverload("trim", [v]) }
        return .string(trimmed(s))
    }

    /// `s` without Unicode white space (the `White_Space` property, as CEL's `trim` has it) at
    /// either end.
    static func trimmed(_ s: String) -> String { trimmed(s) { $0.properties.isWhitespace } }

    /// A name `containsWord` looks for, trimmed as Foundation's whitespacesAndNewlines trims
    /// (white space and the zero-width space), found in Swift: Foundation's trimming bridged each
    /// name to an NSString, thousands of instructions a name.
    static func trimmedName(_ s: String) -> String { trimmed(s) { $0.properties.isWhitespace || $0 == "\u{200B}" } }

    private static func trimmed(_ s: String, dropping isSpace: (Unicode.Scalar) -> Bool) -> String {
        // Most text needs no trimming: printable ASCII at both ends.
        if let first = s.utf8.first, let last = s.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return s }
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// NFC, then full Unicode case folding: the form in which two spellings of one name are equal.
    /// ASCII text is its own NFC and folds to its lower case, without Foundation's round trip.
    static func caseFold(_ s: String) -> String {
        ASCIIText.lowercased(s) ?? unicodeCaseFold(s)
    }

    static func unicodeCaseFold(_ s: String) -> String {
        CaseFoldMemo.perThread.value.fold(s, foundationCaseFold)
    }

    private static func foundationCaseFold(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive], locale: nil)
    }

    /// Whether `words` (trimmed; blank matches nothing) occurs in `text` as whole words: at each
    /// end, the text's end or a character that is no letter, digit or mark. Both are case-folded.
    static func containsWord(_ text: String, _ words: String) -> Bool {
        if let ascii = ASCIIText.containsWord(text, words) { return ascii }
        if ASCIIText.isASCII(text) {
            // An ASCII text folds to ASCII, so a name that folds to anything else is not in it, and
            // one that folds to ASCII is found as ASCII is: only the name is folded, not the text
            // (folding a finding's text for each accented name was a hundred thousand instructions).
            let needle = unicodeCaseFold(trimmedName(words))
            return !needle.isEmpty && ASCIIText.containsWord(text, needle) == true
        }
        return unicodeContainsWord(text, words)
    }

    static func unicodeContainsWord(_ text: String, _ words: String) -> Bool {
        let needle = unicodeCaseFold(trimmedName(words))
        guard !needle.isEmpty else { return false }
        let haystack = unicodeCaseFold(text)
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark } }
        var from = haystack.startIndex
        while let found = haystack.range(of: needle, range: from..<haystack.endIndex) {
            let before = found.lowerBound == haystack.startIndex ? nil : haystack[haystack.index(before: found.lowerBound)]
            let after = found.upperBound == haystack.endIndex ? nil : haystack[found.upperBound]
            if !(before.map(isWordCharacter) ?? false) && !(after.map(isWordCharacter) ?? false) { return true }
            from = haystack.index(after: found.lowerBound)
        }
        return false
    }

    private static func lower(_ v: CELValue) -> CELValue {
        guard case .string(let s) = v else { return .noOverload("lower", [v]) }
        return .string(s.lowercased())
    }

    private static func join(_ args: [CELValue]) -> CELValue {
        guard case .list(let l) = args[0] else { return .noOverload("join", args) }
        var separator = ""
        if args.count == 2 {
            guard case .string(let sep) = args[1] else { return .noOverload("join", args) }
            separator = sep
        }
        var parts: [String] = []
        for v in l {
            guard case .string(let s) = v else { return .noOverload("join", args) }
            parts.append(s)
        }
        return .string(parts.joined(separator: separator))
    }

    /// A double-quoted CEL string literal for `s`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
