import Foundation

/// Reads a kind schema file into `SchemaNode`s, refusing any keyword outside the documented
/// subset so that a typo in a schema is an error, not a silently ignored constraint.
enum SchemaReader {
    /// A schema file that is not valid JSON, or not of the subset.
    struct Failure: Error, CustomStringConvertible {
        let file: String
        let location: SourceLocation?
        let message: String
        var description: String {
            "\(file):\(location.map { "\($0.line):\($0.column):" } ?? "") \(message)"
        }
    }

    static let keywords: Set<String> = [
        "$schema", "$id", "title", "description", "type", "format", "enum", "const",
        "properties", "required", "items", "xmlItem", "additionalProperties", "safe",
    ]

    static func read(bytes: [UInt8], file: String) throws -> SchemaNode {
        let root: Node
        var parser = JSONParser(bytes: bytes, limits: .default, schemas: nil)
        do throws(DocumentError) { root = try parser.parse() } catch {
            throw Failure(file: file, location: error.location, message: error.message)
        }
        return try node(root, file: file)
    }

    private static func node(_ n: Node, file: String) throws -> SchemaNode {
        guard case .object(let o) = n.value else {
            throw Failure(file: file, location: n.location, message: "a schema must be an object")
        }
        for m in o.members where !keywords.contains(m.key) {
            throw Failure(file: file, location: m.keyLocation, message: "'\(m.key)' is not a keyword of the schema subset (\(keywords.sorted().joined(separator: ", ")))")
        }
        var type: SchemaNode.ValueType?
        if let t = o["type"] {
            guard case .string(let s) = t.value, let vt = SchemaNode.ValueType(rawValue: s) else {
                throw Failure(file: file, location: t.location, message: "'type' must be one of \(SchemaNode.ValueType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            type = vt
        }
        var format: String?
        if let f = o["format"] {
            guard case .string("date") = f.value else {
                throw Failure(file: file, location: f.location, message: "the only 'format' is \"date\"")
            }
            format = "date"
        }
        var enumeration: [String]?
        if let e = o["enum"] {
            enumeration = try strings(e, file: file, what: "enum")
        }
        if let c = o["const"] {
            guard case .string(let s) = c.value else { throw Failure(file: file, location: c.location, message: "'const' must be a string") }
            enumeration = [s]
        }
        var properties: [String: SchemaNode] = [:]
        if let p = o["properties"] {
            guard case .object(let po) = p.value else { throw Failure(file: file, location: p.location, message: "'properties' must be an object") }
            for m in po.members { properties[m.key] = try node(m.value, file: file) }
        }
        let required = try o["required"].map { try strings($0, file: file, what: "required") } ?? []
        let items = try o["items"].map { try node($0, file: file) }
        var xmlItem: String?
        if let x = o["xmlItem"] {
            guard case .string(let s) = x.value else { throw Failure(file: file, location: x.location, message: "'xmlItem' must be a string") }
            xmlItem = s
        }
        if type == .array, xmlItem == nil {
            throw Failure(file: file, location: n.location, message: "an array needs 'xmlItem', the element name of one item in XML")
        }
        var description: String?
        if case .string(let d)? = o["description"]?.value { description = d }
        var safe = false
        if let s = o["safe"] {
            guard case .bool(let b) = s.value else { throw Failure(file: file, location: s.location, message: "'safe' must be true or false") }
            safe = b
        }
        return SchemaNode(type: type, format: format, enumeration: enumeration, properties: properties,
                          required: required, items: items, xmlItem: xmlItem, description: description, safe: safe)
    }

    private static func strings(_ n: Node, file: String, what: String) throws -> [String] {
        guard case .array(let items) = n.value else { throw Failure(file: file, location: n.location, message: "'\(what)' must be a list of strings") }
        return try items.map {
            guard case .string(let s) = $0.value else { throw Failure(file: file, location: $0.location, message: "'\(what)' must be a list of strings") }
            return s
        }
    }
}
