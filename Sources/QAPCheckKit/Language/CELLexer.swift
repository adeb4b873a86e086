/// Splits CEL source into tokens, interpreting literals (escapes, raw and triple-quoted strings,
/// bytes, hex and unsigned integers) as the language definition specifies.
struct CELLexer {
    enum Token: Equatable {
        case ident(String)
        case quotedIdent(String)
        case int(UInt64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case punct(Punctuation)
        case eof
    }

    struct Lexeme {
        let token: Token
        let offset: Int
    }

    let source: [Unicode.Scalar]
    private var pos = 0

    init(_ text: String) { source = Array(text.unicodeScalars) }

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    private func error(_ message: String, at offset: Int) -> CELCompileError {
        CELCompileError(message, at: offset, in: source)
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { pos + k < source.count ? source[pos + k] : nil }

    mutating func tokenize() throws(CELCompileError) -> [Lexeme] {
        var out: [Lexeme] = []
        while true {
            skipTrivia()
            let start = pos
            guard let c = peek() else {
                out.append(Lexeme(token: .eof, offset: pos))
                return out
            }
            if isStringStart() {
                out.append(Lexeme(token: try readStringLiteral(), offset: start))
            } else if c == "_" || isLetter(c) {
                while let d = peek(), d == "_" || isLetter(d) || d.isDigit { pos += 1 }
                // ASCII letters, digits and `_`: the name's bytes are its scalars' values.
                let name = String(unsafeUninitializedCapacity: pos - start) { bytes in
                    for i in start..<pos { bytes[i - start] = UInt8(truncatingIfNeeded: source[i].value) }
                    return pos - start
                }
                out.append(Lexeme(token: .ident(name), offset: start))
            } else if c.isDigit || (c == "." && (peek(1)?.isDigit ?? false)) {
                out.append(Lexeme(token: try readNumber(), offset: start))
            } else if c == "`" {
                pos += 1
                var name = ""
                while let d = peek(), d != "`" {
                    guard d == "_" || d == "." || d == "-" || d == "/" || d == "~" || isLetter(d) || d.isDigit else {
                        throw error("invalid character in a quoted field name", at: pos)
                    }
                    name.unicodeScalars.append(d)
                    pos += 1
                }
                guard peek() == "`", !name.isEmpty else { throw error("unterminated quoted field name", at: start) }
                pos += 1
                out.append(Lexeme(token: .quotedIdent(name), offset: start))
            } else {
                if let next = peek(1), let p = Punctuation.pairs[UInt64(c.value) << 32 | UInt64(next.value)] {
                    pos += 2
                    out.append(Lexeme(token: .punct(p), offset: start))
                } else if let p = Punctuation.singles[c.value] {
                    pos += 1
                    out.append(Lexeme(token: .punct(p), offset: start))
                } else if c == "=" || c == "&" || c == "|" {
                    throw error("unexpected '\(c)'; did you mean '\(c)\(c)'?", at: start)
                } else {
                    throw error("unexpected character '\(c)'", at: start)
                }
            }
        }
    }

    private func isLetter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
    }

    private mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                pos += 1
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { pos += 1 }
            } else {
                return
            }
        }
    }

    // MARK: - Numbers

    private mutating func readNumber() throws(CELCompileError) -> Token {
        let start = pos
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            pos += 2
            var digits = ""
            while let d = peek(), d.properties.isASCIIHexDigit { digits.unicodeScalars.append(d); pos += 1 }
            guard let value = UInt64(digits, radix: 16) else { throw error("invalid hexadecimal literal", at: start) }
            if peek() == "u" || peek() == "U" { pos += 1; return .uint(value) }
            return .int(value)
        }
        var text = ""
        var isDouble = false
        while let d = peek(), d.isDigit { text.unicodeScalars.append(d); pos += 1 }
        if peek() == ".", peek(1)?.isDigit ?? false {
            isDouble = true
            text += "."
            pos += 1
            while let d = peek(), d.isDigit { text.unicodeScalars.append(d); pos += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var look = 1
            if peek(1) == "+" || peek(1) == "-" { look = 2 }
            if peek(look)?.isDigit ?? false {
                isDouble = true
                for _ in 0..<look { text.unicodeScalars.append(peek()!); pos += 1 }
                while let d = peek(), d.isDigit { text.unicodeScalars.append(d); pos += 1 }
            }
        }
        if isDouble {
            guard let d = Double(text.hasPrefix(".") ? "0" + text : text) else { throw error("invalid number", at: start) }
            return .double(d)
        }
        guard let value = UInt64(text) else { throw error("integer literal is out of range", at: start) }
        if peek() == "u" || peek() == "U" { pos += 1; return .uint(value) }
        return .int(value)
    }

    // MARK: - Strings

    /// Whether a string literal starts here: a quote, after at most one `r` and one `b` prefix
    /// (either case, either order).
    private func isStringStart() -> Bool {
        var k = 0
        var sawRaw = false, sawBytes = false
        while let c = peek(k), c == "r" || c == "R" || c == "b" || c == "B" {
            let raw = c == "r" || c == "R"
            if (raw ? sawRaw : sawBytes) || k >= 2 { return false }
            if raw { sawRaw = true } else { sawBytes = true }
            k += 1
        }
        return peek(k) == "\"" || peek(k) == "'"
    }

    private mutating func readStringLiteral() throws(CELCompileError) -> Token {
        let start = pos
        var raw = false
        var isBytes = false
        while let c = peek(), c != "\"" && c != "'" {
            if c == "r" || c == "R" { raw = true } else { isBytes = true }
            pos += 1
        }
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        pos += triple ? 3 : 1
        var bytes: [UInt8] = []
        // Encoded in place: a string and an array made for each character were most of lexing.
        func appendScalar(_ s: Unicode.Scalar) {
            if s.isASCII { bytes.append(UInt8(truncatingIfNeeded: s.value)) } else { bytes.append(contentsOf: UTF8.encode(s)!) }
        }
        while true {
            guard let c = peek() else { throw error("unterminated string literal", at: start) }
            if triple {
                if c == quote && peek(1) == quote && peek(2) == quote { pos += 3; break }
            } else {
                if c == quote { pos += 1; break }
                if c == "\n" || c == "\r" { throw error("newline in a single-quoted string literal", at: pos) }
            }
            if c == "\\" && !raw {
                try readEscape(into: &bytes, isBytes: isBytes)
            } else {
                appendScalar(c)
                pos += 1
            }
        }
        if isBytes { return .bytes(bytes) }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    private mutating func readEscape(into bytes: inout [UInt8], isBytes: Bool) throws(CELCompileError) {
        let start = pos
        pos += 1
        guard let e = peek() else { throw error("unterminated escape sequence", at: start) }
        pos += 1
        func code(_ v: UInt32) throws(CELCompileError) {
            guard let s = Unicode.Scalar(v) else { throw error("invalid code point in escape sequence", at: start) }
            bytes.append(contentsOf: Array(String(s).utf8))
        }
        func hex(_ n: Int) throws(CELCompileError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<n {
                guard let d = peek(), let h = d.properties.isASCIIHexDigit ? UInt32(String(d), radix: 16) : nil else {
                    throw error("invalid escape sequence: expected \(n) hex digits", at: start)
                }
                v = v * 16 + h
                pos += 1
            }
            return v
        }
        switch e {
        case "\\": bytes.append(0x5C)
        case "?": bytes.append(0x3F)
        case "\"": bytes.append(0x22)
        case "'": bytes.append(0x27)
        case "`": bytes.append(0x60)
        case "a": bytes.append(0x07)
        case "b": bytes.append(0x08)
        case "f": bytes.append(0x0C)
        case "n": bytes.append(0x0A)
        case "r": bytes.append(0x0D)
        case "t": bytes.append(0x09)
        case "v": bytes.append(0x0B)
        case "x", "X":
            let v = try hex(2)
            if isBytes { bytes.append(UInt8(v)) } else { try code(v) }
        case "u":
            let v = try hex(4)
            if (0xD800...0xDFFF).contains(v) { throw error("surrogate code points are not allowed in escapes", at: start) }
            try code(v)
        case "U":
            if isBytes { throw error("\\U escapes are not allowed in bytes literals", at: start) }
            let v = try hex(8)
            if (0xD800...0xDFFF).contains(v) || v > 0x10FFFF { throw error("invalid code point in escape sequence", at: start) }
            try code(v)
        case "0"..."3":
            guard let d1 = peek(), ("0"..."7").contains(d1), let d2 = peek(1), ("0"..."7").contains(d2) else {
                throw error("invalid octal escape sequence", at: start)
            }
            pos += 2
            let v = (e.value - 48) * 64 + (d1.value - 48) * 8 + (d2.value - 48)
            if isBytes { bytes.append(UInt8(v)) } else { try code(v) }
        default:
            throw error("invalid escape sequence '\\\(e)'", at: start)
        }
    }
}

extension Unicode.Scalar {
    var isDigit: Bool { self >= "0" && self <= "9" }
}

/// The punctuation of CEL's grammar, one and two characters long.
enum Punctuation: String, Sendable, CaseIterable {
    /// The two-character marks by their scalars (first in the high half), and the one-character
    /// ones: the lexer looks a mark up without making a string of it.
    static let pairs: [UInt64: Punctuation] = Dictionary(uniqueKeysWithValues: allCases.compactMap { p in
        let s = Array(p.rawValue.unicodeScalars)
        return s.count == 2 ? (UInt64(s[0].value) << 32 | UInt64(s[1].value), p) : nil
    })
    static let singles: [UInt32: Punctuation] = Dictionary(uniqueKeysWithValues: allCases.compactMap { p in
        let s = Array(p.rawValue.unicodeScalars)
        return s.count == 1 ? (s[0].value, p) : nil
    })

        case equal = "=="
        case notEqual = "!="
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case and = "&&"
        case or = "||"
        case optionalDot = ".?"
        case optionalBracket = "[?"
        case plus = "+"
        case minus = "-"
        case star = "*"
        case slash = "/"
        case percent = "%"
        case less = "<"
        case greater = ">"
        case bang = "!"
        case question = "?"
        case colon = ":"
        case dot = "."
        case comma = ","
        case openParen = "("
        case closeParen = ")"
        case openBracket = "["
        case closeBracket = "]"
        case openBrace = "{"
        case closeBrace = "}"
}
