/// The strings of one dossier that a report must not copy, each with the words that describe it
/// instead.
///
/// Messages are written by rule authors, and their `{{ }}` holes may read any field: a relation
/// that holds an e-mail address, an attachment path that holds a person's name. Only what the
/// kind schema marks safe (identifiers, enumerated values that are in their enumeration, dates
/// that are dates, numbers, booleans) may appear as written; every other string found in a hole's
/// value is replaced by its description. Built only for a document that has a deviation.
struct PersonalValues {
    /// Longest first, so that a value containing another is replaced whole.
    private let values: [(text: String, description: String)]

    init(root: Node, schema: SchemaNode?) {
        var found: [String: String] = [:]
        Self.collect(root, schema, into: &found)
        values = found.map { ($0.key, $0.value) }.sorted { $0.text.utf8.count > $1.text.utf8.count }
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

    /// The text with every personal value in it (standing as a whole word, not inside another
    /// word) replaced by its description.
    func redact(_ text: String) -> String {
        var out = text
        for (value, description) in values where out.contains(value) {
            out = Self.replace(value, with: description, in: out)
        }
        return out
    }

    private static func replace(_ value: String, with description: String, in text: String) -> String {
        var result = ""
        var rest = text[...]
        while let range = rest.range(of: value) {
            let before = range.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            let standsAlone = !(before.map(isWordCharacter) ?? false) && !(after.map(isWordCharacter) ?? false)
            result += rest[..<range.lowerBound]
            result += standsAlone ? description : String(rest[range])
            rest = rest[range.upperBound...]
        }
        return result + rest
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
