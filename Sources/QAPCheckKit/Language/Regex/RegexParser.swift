/// A pattern RE2 would refuse, or one this engine does not take: where and why.
struct RegexSyntaxError: Error, Equatable, CustomStringConvertible {
    let message: String
    /// Scalars into the pattern.
    let offset: Int
    var description: String { "\(message) (at \(offset) in the pattern)" }
}

/// Parses RE2 syntax (https://github.com/google/re2/wiki/Syntax) into a `RegexNode`: literals and
/// escapes, `.`, classes with ranges, Perl (`\d \s \w`), POSIX (`[:alpha:]`) and Unicode general
/// category (`\pL`, `\p{Lu}`) classes, groups (capturing, named, non-capturing, with flags
/// `i m s U`), alternation, `* + ? {n} {n,} {n,m}` and their lazy forms, and the anchors
/// `^ $ \A \z \b \B`. What RE2 refuses is refused here too: back-references, look-around,
/// possessive and doubled repetition, and counts over 1,000. Unicode scripts (`\p{Greek}`) are
/// refused with a message of their own.
struct RegexParser {
    private let scalars: [UInt32]
    private var pos = 0
    private var flags = Flags()
    private var depth = 0

    private struct Flags {
        var foldCase = false
        var multiLine = false
        var dotAll = false
    }

    static let maxRepeat = 1_000
    static let maxNesting = 1_000

    init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
    }

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        let node = try parser.alternation()
        if parser.pos < parser.scalars.count {
            throw RegexSyntaxError(message: "unexpected )", offset: parser.pos)
        }
        return node
    }

    private func error(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(message: message, offset: offset ?? pos)
    }

    private var peek: UInt32? { pos < scalars.count ? scalars[pos] : nil }

    private func isChar(_ c: Character) -> Bool { peek == c.unicodeScalars.first!.value }

    // MARK: - Alternation, concatenation, repetition

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try concatenation()]
        while isChar("|") {
            pos += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != 0x7C /* | */, c != 0x29 /* ) */ {
            let start = pos
            guard let atom = try atom() else { continue }
            items.append(try repetitions(of: atom, start: start))
        }
        return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func repetitions(of atom: RegexNode, start: Int) throws(RegexSyntaxError) -> RegexNode {
        var node = atom
        var repeated = false
        while let c = peek {
            let bounds: (Int, Int?)
            let at = pos
            switch c {
            case 0x2A: bounds = (0, nil); pos += 1        // *
            case 0x2B: bounds = (1, nil); pos += 1        // +
            case 0x3F: bounds = (0, 1); pos += 1          // ?
            case 0x7B:                                    // {
                guard let counted = try counts() else { return node }
                bounds = counted
            default:
                return node
            }
            if repeated { throw error("bad repetition operator: the repetition is repeated", at: at) }
            if isChar("?") { pos += 1 }                     // lazy: the same language
            if isChar("+") { throw error("possessive repetition is not supported", at: pos) }
            node = .repeat(node, min: bounds.0, max: bounds.1)
            repeated = true
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when the brace starts no count, in
    /// which case RE2 reads it as a literal `{`.
    private mutating func counts() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = pos
        var i = pos + 1
        func number(_ i: inout Int) -> Int? {
            var value = 0, digits = 0
            while i < scalars.count, scalars[i] >= 0x30, scalars[i] <= 0x39 {
                value = min(value * 10 + Int(scalars[i] - 0x30), 100_000)
                digits += 1
                i += 1
            }
            return digits > 0 ? value : nil
        }
        guard let low = number(&i) else { return nil }
        var high: Int? = low
        if i < scalars.count, scalars[i] == 0x2C {
            i += 1
            high = number(&i)
        }
        guard i < scalars.count, scalars[i] == 0x7D else { return nil }
        pos = i + 1
        if low > Self.maxRepeat || (high ?? 0) > Self.maxRepeat {
            throw error("bad repetition operator: counts over \(Self.maxRepeat) are not allowed", at: start)
        }
        if let high, high < low { throw error("bad repetition operator: {\(low),\(high)}", at: start) }
        return (low, high)
    }

    // MARK: - Atoms

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode? {
        let c = scalars[pos]
        switch c {
        case 0x28: return try group()                                   // (
        case 0x5B: return .set(try bracketClass())                      // [
        case 0x2E:                                                      // .
            pos += 1
            return .set(flags.dotAll ? .ranges([(0, 0x10FFFF)]) : .ranges([(0x0A, 0x0A)], negated: true))
        case 0x5E: pos += 1; return .assertion(flags.multiLine ? .beginLine : .beginText)   // ^
        case 0x24: pos += 1; return .assertion(flags.multiLine ? .endLine : .endText)       // $
        case 0x5C: return try escape()                                  // \
        case 0x2A, 0x2B, 0x3F:                                          // * + ?
            throw error("missing argument to repetition operator")
        case 0x7B:                                                      // {
            if (try? lookaheadIsCount()) == true { throw error("missing argument to repetition operator") }
            pos += 1
            return literal(c)
        default:
            pos += 1
            return literal(c)
        }
    }

    private func lookaheadIsCount() throws -> Bool {
        var copy = self
        return try copy.counts() != nil
    }

    private func literal(_ c: UInt32) -> RegexNode {
        .scalar(c, foldCase: flags.foldCase && CaseVariants.of(c).count > 1)
    }

    private mutating func group() throws(RegexSyntaxError) -> RegexNode? {
        let open = pos
        pos += 1
        let saved = flags
        if isChar("?") {
            pos += 1
            guard let c = peek else { throw error("missing closing )", at: open) }
            switch c {
            case 0x3A: pos += 1                                          // (?:
            case 0x50, 0x3C:                                             // (?P<name> or (?<name>
                if c == 0x50 { pos += 1 }
                guard isChar("<") else { throw error("invalid or unsupported Perl syntax", at: open) }
                pos += 1
                let nameStart = pos
                while let n = peek, RegexAssertion.isWord(n) { pos += 1 }
                guard pos > nameStart, isChar(">") else { throw error("invalid named capture group", at: open) }
                pos += 1
            case 0x3D, 0x21: throw error("look-ahead is not supported", at: open)            // (?= (?!
            default:
                // Flags: (?flags) applies to the rest of the group; (?flags:re) to re alone.
                var negate = false
                var new = flags
                while let f = peek, f != 0x29, f != 0x3A {
                    switch f {
                    case 0x69: new.foldCase = !negate                    // i
                    case 0x6D: new.multiLine = !negate                   // m
                    case 0x73: new.dotAll = !negate                      // s
                    case 0x55: break                                     // U: greediness only
                    case 0x2D where !negate: negate = true               // -
                    default: throw error("invalid or unsupported Perl syntax", at: open)
                    }
                    pos += 1
                }
                guard let end = peek else { throw error("missing closing )", at: open) }
                pos += 1
                if end == 0x29 {
                    flags = new
                    return nil
                }
                flags = new
            }
        }
        depth += 1
        if depth > Self.maxNesting { throw error("the pattern nests deeper than \(Self.maxNesting)", at: open) }
        let inner = try alternation()
        depth -= 1
        guard isChar(")") else { throw error("missing closing )", at: open) }
        pos += 1
        flags = saved
        return inner
    }

    // MARK: - Escapes

    private mutating func escape() throws(RegexSyntaxError) -> RegexNode {
        let start = pos
        pos += 1
        guard let c = peek else { throw error("trailing backslash at end of the pattern", at: start) }
        switch c {
        case 0x41: pos += 1; return .assertion(.beginText)                  // \A
        case 0x7A: pos += 1; return .assertion(.endText)                    // \z
        case 0x62: pos += 1; return .assertion(.wordBoundary)               // \b
        case 0x42: pos += 1; return .assertion(.notWordBoundary)            // \B
        case 0x31...0x39: throw error("back-references are not supported", at: start)
        case 0x51:                                                          // \Q...\E
            pos += 1
            var items: [RegexNode] = []
            while pos < scalars.count {
                if scalars[pos] == 0x5C, pos + 1 < scalars.count, scalars[pos + 1] == 0x45 { pos += 2; break }
                items.append(literal(scalars[pos]))
                pos += 1
            }
            return items.count == 1 ? items[0] : .concat(items)
        default:
            if let set = try classEscape(start: start) { return .set(set) }
            return literal(try scalarEscape(start: start))
        }
    }

    /// `\d \D \s \S \w \W \pX \p{X} \PX \P{X}`, or nil for any other escape (nothing consumed).
    private mutating func classEscape(start: Int) throws(RegexSyntaxError) -> ScalarSet? {
        guard let c = peek else { return nil }
        let perl: [(UInt32, UInt32)]
        switch c {
        case 0x64, 0x44: perl = [(0x30, 0x39)]
        case 0x73, 0x53: perl = [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)]
        case 0x77, 0x57: perl = [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0x5F, 0x5F)]
        case 0x70, 0x50:
            pos += 1
            return try unicodeClass(negated: c == 0x50, start: start)
        default: return nil
        }
        pos += 1
        return ScalarSet.ranges(perl, negated: c < 0x61)
    }

    private mutating func unicodeClass(negated: Bool, start: Int) throws(RegexSyntaxError) -> ScalarSet {
        var name = ""
        guard let c = peek else { throw error("invalid character class range", at: start) }
        if c == 0x7B {
            pos += 1
            while let n = peek, n != 0x7D { name.unicodeScalars.append(Unicode.Scalar(n)!); pos += 1 }
            guard isChar("}") else { throw error("invalid character class range", at: start) }
            pos += 1
        } else {
            name.unicodeScalars.append(Unicode.Scalar(c)!)
            pos += 1
        }
        var negate = negated
        if name.hasPrefix("^") { negate.toggle(); name.removeFirst() }
        if name == "Any" { return ScalarSet.ranges([(0, 0x10FFFF)], negated: negate) }
        guard let categories = GeneralCategories.named[name] else {
            throw error("unsupported Unicode class \\p{\(name)}: general categories (L, Lu, Nd, ...) and Any are supported", at: start)
        }
        return ScalarSet(items: [.categories(categories, negated: false)], negated: negate)
    }

    /// One escaped scalar: `\n \t \r \f \v \a`, `\xHH`, `\x{H..}`, octal `\0nn`, or escaped
    /// punctuation.
    private mutating func scalarEscape(start: Int) throws(RegexSyntaxError) -> UInt32 {
        let c = scalars[pos]
        pos += 1
        switch c {
        case 0x6E: return 0x0A
        case 0x74: return 0x09
        case 0x72: return 0x0D
        case 0x66: return 0x0C
        case 0x76: return 0x0B
        case 0x61: return 0x07
        case 0x30:
            var value: UInt32 = 0, digits = 0
            while digits < 2, let d = peek, d >= 0x30, d <= 0x37 { value = value * 8 + d - 0x30; pos += 1; digits += 1 }
            return value
        case 0x78:
            var digits: [UInt32] = []
            if isChar("{") {
                pos += 1
                while let d = peek, d != 0x7D { digits.append(d); pos += 1 }
                guard isChar("}") else { throw error("invalid escape sequence", at: start) }
                pos += 1
            } else {
                for _ in 0..<2 {
                    guard let d = peek else { throw error("invalid escape sequence", at: start) }
                    digits.append(d)
                    pos += 1
                }
            }
            var value: UInt32 = 0
            for d in digits {
                guard let h = Self.hex(d), value <= 0x10FFFF else { throw error("invalid escape sequence", at: start) }
                value = value * 16 + h
            }
            guard !digits.isEmpty, value <= 0x10FFFF else { throw error("invalid escape sequence", at: start) }
            return value
        default:
            // Only punctuation may be escaped to stand for itself.
            guard c < 0x80, !RegexAssertion.isWord(c) else { throw error("invalid escape sequence", at: start) }
            return c
        }
    }

    private static func hex(_ d: UInt32) -> UInt32? {
        switch d {
        case 0x30...0x39: return d - 0x30
        case 0x41...0x46: return d - 0x41 + 10
        case 0x61...0x66: return d - 0x61 + 10
        default: return nil
        }
    }

    // MARK: - Bracket classes

    private mutating func bracketClass() throws(RegexSyntaxError) -> ScalarSet {
        let open = pos
        pos += 1
        var set = ScalarSet(foldCase: flags.foldCase)
        if isChar("^") { set.negated = true; pos += 1 }
        var first = true
        while true {
            guard let c = peek else { throw error("missing closing ]", at: open) }
            if c == 0x5D && !first { pos += 1; break }                        // ]
            first = false
            if c == 0x5B, pos + 1 < scalars.count, scalars[pos + 1] == 0x3A {  // [:name:]
                set.items.append(.set(try posixClass()))
                continue
            }
            let low: UInt32
            if c == 0x5C {
                let start = pos
                pos += 1
                guard peek != nil else { throw error("missing closing ]", at: open) }
                if let inner = try classEscape(start: start) { set.items.append(.set(inner)); continue }
                low = try scalarEscape(start: start)
            } else {
                low = c
                pos += 1
            }
            var high = low
            if isChar("-"), pos + 1 < scalars.count, scalars[pos + 1] != 0x5D {
                let start = pos
                pos += 1
                if isChar("\\") {
                    pos += 1
                    high = try scalarEscape(start: start)
                } else {
                    high = scalars[pos]
                    pos += 1
                }
                if high < low { throw error("invalid character class range", at: start) }
            }
            set.items.append(.range(low, high))
        }
        return set
    }

    private mutating func posixClass() throws(RegexSyntaxError) -> ScalarSet {
        let start = pos
        pos += 2
        var name = ""
        while let c = peek, c != 0x3A { name.unicodeScalars.append(Unicode.Scalar(c)!); pos += 1 }
        guard pos + 1 < scalars.count, scalars[pos + 1] == 0x5D else { throw error("invalid character class range", at: start) }
        pos += 2
        var negated = false
        if name.hasPrefix("^") { negated = true; name.removeFirst() }
        guard let ranges = Self.posix[name] else { throw error("invalid character class range: [:\(name):]", at: start) }
        return ScalarSet.ranges(ranges, negated: negated)
    }

    static let posix: [String: [(UInt32, UInt32)]] = [
        "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)], "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
        "ascii": [(0, 0x7F)], "blank": [(0x09, 0x09), (0x20, 0x20)], "cntrl": [(0, 0x1F), (0x7F, 0x7F)],
        "digit": [(0x30, 0x39)], "graph": [(0x21, 0x7E)], "lower": [(0x61, 0x7A)], "print": [(0x20, 0x7E)],
        "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)], "space": [(0x09, 0x0D), (0x20, 0x20)],
        "upper": [(0x41, 0x5A)], "word": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0x5F, 0x5F)],
        "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
    ]
}
