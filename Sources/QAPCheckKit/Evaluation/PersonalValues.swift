/// The strings of one dossier that a report must not copy, each with the words that describe it
/// instead.
///
/// Messages are written by rule authors, and their `{{ }}` holes may read any field: a relation
/// that holds an e-mail address, an attachment path that holds a person's name. Only what the
/// kind schema marks safe (identifiers, enumerated values that are in their enumeration, dates
/// that are dates, numbers, booleans) may appear as written; every other string found in a hole's
/// value is replaced by its description. Built only for a document that has a deviation.
struct PersonalValues {
    /// A value that may stand in a text as whole tokens.
    private struct Candidate {
        let value: String
        let description: String
        let tokenCount: Int
    }
    /// The values by their first token, longest first, so that where values overlap the longest
    /// wins. Only the first token of each value is found when a document's values are gathered;
    /// its other tokens are found only when that first token stands in a text being redacted,
    /// since most documents hold hundreds of values and most messages name none of them.
    private var byFirstToken: [Substring: [Candidate]] = [:]
    /// Values of more tokens than `maxTokens` (statements, findings): few, found by plain search.
    private var long: [(text: String, description: String)] = []
    static let maxTokens = 64

    init(root: Node, schema: SchemaNode?) {
        let tree = root.tree
        var found: [String: String] = [:]
        found.reserveCapacity(tree.personalCandidates.count)
        let typed = tree.isTyped(by: schema)
        // A tree its loader found to conform to the schema it typed by holds only enumerated
        // values that are in their enumeration and dates that are dates: those are safe unread.
        // The loader listed the strings that are not; each was read by the schema of its place
        // (a conforming tree has no member read before its schema was known, but the `kind` a
        // JSON root is named by, struck off the list once its schema is known), which marks it
        // neither safe, nor enumerated, nor a date, or by none: a value not shown.
        let conforming = typed && tree.conformsToTypingSchema
        if conforming && root.id == tree.root {
            for id in tree.personalCandidates { Self.note(id, in: tree, nil, conforming: true, into: &found) }
        } else {
            Self.collect(root.id, in: tree, schema, typed: typed, conforming: conforming, into: &found)
        }
        byFirstToken.reserveCapacity(found.count)
        for (value, description) in found {
            guard let (first, count) = Self.firstToken(value) else { continue }
            if count > Self.maxTokens {
                long.append((value, description))
                continue
            }
            byFirstToken[first, default: []].append(Candidate(value: value, description: description, tokenCount: count))
        }
        for key in byFirstToken.keys {
            byFirstToken[key]!.sort { ($0.tokenCount, $1.value) > ($1.tokenCount, $0.value) }
        }
        long.sort { $0.text < $1.text }
    }

    /// The first token of `text` and how many tokens it has; nil for an empty text.
    static func firstToken(_ text: String) -> (Substring, Int)? {
        if let (count, firstEnd) = asciiTokenCount(text) {
            guard count > 0 else { return nil }
            return (text[..<text.utf8.index(text.startIndex, offsetBy: firstEnd)], count)
        }
        let tokens = characterTokens(text)
        return tokens.first.map { ($0, tokens.count) }
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
        guard ASCIIText.isASCII(text) else { return nil }
        let utf8 = text.utf8
        var out: [Substring] = []
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let end = asciiTokenEnd(utf8, from: i)
            out.append(text[i..<end])
            i = end
        }
        return out
    }

    /// How many tokens ASCII text has, and where the first one ends (a byte offset), counted on
    /// the bytes; nil for other text. Every personal value of a document with a finding is
    /// counted, so this reads the bytes in place rather than through string indices.
    private static func asciiTokenCount(_ text: String) -> (count: Int, firstEnd: Int)? {
        return text.withUTF8InPlace { bytes -> (Int, Int)? in
            guard ASCIIText.isASCII(bytes) else { return nil }
            var count = 0, firstEnd = 0, i = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if ASCIIText.isWordByte(b) {
                    while i < bytes.count, ASCIIText.isWordByte(bytes[i]) { i += 1 }
                } else if b == 0x0D, i < bytes.count, bytes[i] == 0x0A {
                    i += 1
                }
                if count == 0 { firstEnd = i }
                count += 1
            }
            return (count, firstEnd)
        }
    }

    /// Where the ASCII token that starts at `i` ends: after a run of letters and digits, after
    /// CR LF, or after one other byte.
    private static func asciiTokenEnd(_ utf8: String.UTF8View, from i: String.Index) -> String.Index {
        var end = utf8.index(after: i)
        if ASCIIText.isWordByte(utf8[i]) {
            while end < utf8.endIndex, ASCIIText.isWordByte(utf8[end]) { end = utf8.index(after: end) }
        } else if utf8[i] == 0x0D, end < utf8.endIndex, utf8[end] == 0x0A {
            end = utf8.index(after: end)
        }
        return end
    }

    /// Walks the tree by node number, reading each value where it lies; `typed` as in the
    /// schema check; `conforming` when the loader vouched that every value is what its schema
    /// allows.
    private static func collect(_ id: Int32, in tree: DocumentTree, _ schema: SchemaNode?, typed: Bool, conforming: Bool,
                                into found: inout [String: String]) {
        let e = tree.entry(id)
        switch e.kind {
        case .object:
            for i in Int(e.payload)..<Int(e.payload) + Int(e.count) {
                collect(tree.child(i), in: tree, tree.fieldSchema(i, of: schema, typed: typed), typed: typed, conforming: conforming, into: &found)
            }
        case .array:
            for i in Int(e.payload)..<Int(e.payload) + Int(e.count) {
                collect(tree.child(i), in: tree, schema?.items, typed: typed, conforming: conforming, into: &found)
            }
        case .string:
            note(id, in: tree, schema, conforming: conforming, into: &found)
        default:
            break
        }
    }

    /// Notes string node `id`, read by `schema`, if a report must hide it.
    private static func note(_ id: Int32, in tree: DocumentTree, _ schema: SchemaNode?, conforming: Bool, into found: inout [String: String]) {
        // The schema first: most values are safe, and need no trimming or hashing.
        if let schema, conforming ? schema.safeInConformingDocument : schema.safe { return }
        let s = tree.strings[Int(tree.entry(id).payload)]
        guard let description = describe(s, schema) else { return }
        let trimmed = s.trimmingXMLWhitespace()
        guard !trimmed.isEmpty else { return }
        found[trimmed] = description
        if trimmed != s { found[s] = description }
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
        guard !byFirstToken.isEmpty else { return text }
        let tokens = Self.tokens(text)
        guard tokens.contains(where: { byFirstToken[$0] != nil }) else { return text }
        var out = ""
        var i = 0
        tokenLoop: while i < tokens.count {
            for candidate in byFirstToken[tokens[i]] ?? [] where candidate.tokenCount <= tokens.count - i {
                if Self.tokens(candidate.value).elementsEqual(tokens[i..<i + candidate.tokenCount]) {
                    out += candidate.description
                    i += candidate.tokenCount
                    continue tokenLoop
                }
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
