/// The strings of one dossier that a report must not copy, each with the words that describe it
/// instead.
///
/// Messages are written by rule authors, and their `{{ }}` holes may read any field: a relation
/// that holds an e-mail address, an attachment path that holds a person's name. Only what the
/// kind schema marks safe (identifiers, enumerated values that are in their enumeration, dates
/// that are dates, numbers, booleans) may appear as written; every other string found in a hole's
/// value is replaced by its description. Built only for a document that has a deviation.
struct PersonalValues {
    /// Each value as its word tokens, with its description; looked up from the text's tokens, so
    /// that redacting a message costs the same however many values the dossier holds.
    private var byTokens: [[Substring]: String] = [:]
    /// For each first token, the most tokens a value starting with it has.
    private var longestFrom: [Substring: Int] = [:]
    /// Values of more tokens than `maxTokens` (statements, findings): few, found by plain search.
    private var long: [(text: String, description: String)] = []
    static let maxTokens = 64

    init(root: Node, schema: SchemaNode?) {
        var found: [String: String] = [:]
        Self.collect(root, schema, into: &found)
        for (value, description) in found {
            let tokens = Self.tokens(value)
            guard let first = tokens.first else { continue }
            if tokens.count > Self.maxTokens {
                long.append((value, description))
                continue
            }
            byTokens[tokens] = description
            longestFrom[first] = max(longestFrom[first] ?? 0, tokens.count)
        }
    }

    /// Runs of letters and digits are one token each; every other character is a token of its
    /// own. A value matches where its tokens stand in the text, so "Li" is found in "by Li." and
    /// not in "Quality".
    static func tokens(_ text: String) -> [Substring] {
        asciiTokens(text) ?? characterTokens(text)
    }

    static func characterTokens(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        var inWord = false
        var i = text.startIndex
        while i < text.endIndex {
            let word = isWordCharacter(text[i])
            if word && inWord {
                i = text.index(after: i)
                continue
            }
            if inWord { out.append(text[start..<i]) }
            if word {
                start = i
                inWord = true
            } else {
                out.append(text[i...i])
                inWord = false
            }
            i = text.index(after: i)
        }
        if inWord { out.append(text[start..<i]) }
        return out
    }

    /// The same tokens for ASCII text, found on the bytes: there a character is a byte, but for
    /// CR LF, which is one character and so one token.
    static func asciiTokens(_ text: String) -> [Substring]? {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isWord(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
        var out: [Substring] = []
        var i = utf8.startIndex
        while i < utf8.endIndex {
            var j = utf8.index(after: i)
            if isWord(utf8[i]) {
                while j < utf8.endIndex, isWord(utf8[j]) { j = utf8.index(after: j) }
            } else if utf8[i] == 0x0D, j < utf8.endIndex, utf8[j] == 0x0A {
                j = utf8.index(after: j)
            }
            out.append(text[i..<j])
            i = j
        }
        return out
    }

    private static func collect(_ node: Node, _ schema: SchemaNode?, into found: inout [String: String]) {
        switch node.value {
        case .object(let object):
            for member in object.members { collect(member.value, schema?.property(member.key), into: &found) }
        case .array(let items):
            for item in items { collect(item, schema?.items, into: &found) }
        case .string(let s):
            let trimmed = s.trimmingXMLWhitespace()
            guard !trimmed.isEmpty, let description = describe(s, schema) else { return }
            found[trimmed] = description
            if trimmed != s { found[s] = description }
        default:
            break
        }
    }

    /// nil when the value may be shown; else what a report says instead.
    private static func describe(_ s: String, _ schema: SchemaNode?) -> String? {
        guard let schema else { return "a value not shown (it may be personal data)" }
        if schema.safe { return nil }
        if let allowed = schema.enumeration {
            return allowed.contains(s) ? nil : "a value that is not one of \(allowed.joined(separator: ", "))"
        }
        if schema.format == "date" {
            return CivilDate(parsing: s) != nil ? nil : "a value that is not a date"
        }
        return "a value not shown (it may be personal data)"
    }

    /// The text with every personal value in it (standing as whole tokens, not inside a word)
    /// replaced by its description; where values overlap, the longest wins.
    func redact(_ text: String) -> String {
        var text = text
        for (value, description) in long where text.contains(value) {
            text = text.replacingOccurrences(of: value, with: description)
        }
        guard !byTokens.isEmpty else { return text }
        let tokens = Self.tokens(text)
        guard tokens.contains(where: { longestFrom[$0] != nil }) else { return text }
        var out = ""
        var i = 0
        while i < tokens.count {
            if let longest = longestFrom[tokens[i]] {
                var k = min(longest, tokens.count - i)
                var matched = false
                while k >= 1 {
                    if let description = byTokens[Array(tokens[i..<i + k])] {
                        out += description
                        i += k
                        matched = true
                        break
                    }
                    k -= 1
                }
                if matched { continue }
            }
            out += tokens[i]
            i += 1
        }
        return out
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }
}

/// The personal values of one document, found on the first deviation that needs them: most
/// documents pass and never pay for the walk.
final class Redaction {
    private let root: Node
    private let schema: SchemaNode?
    private var values: PersonalValues?

    init(root: Node, schema: SchemaNode?) {
        self.root = root
        self.schema = schema
    }

    func callAsFunction(_ text: String) -> String {
        if values == nil { values = PersonalValues(root: root, schema: schema) }
        return values!.redact(text)
    }
}
