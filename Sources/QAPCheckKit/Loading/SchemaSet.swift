import Foundation

/// The kind schemas of a rule set, one per document kind, read from `schemas/*.json`.
public struct SchemaSet: Sendable {
    public let schemas: [String: SchemaNode]

    public init(_ schemas: [String: SchemaNode]) { self.schemas = schemas }

    /// The kinds known, sorted, for messages that list them.
    public var kinds: [String] { schemas.keys.sorted() }

    public subscript(kind: String) -> SchemaNode? { schemas[kind] }

    /// Builds the set from the schema files' names and bytes (the rule set reads them from its
    /// `schemas` folder); a file's kind is the `const`/`enum` of its `kind` property, or its
    /// file name without extension.
    public static func load(files: [(name: String, bytes: [UInt8])]) throws -> SchemaSet {
        var schemas: [String: SchemaNode] = [:]
        for file in files.sorted(by: { $0.name < $1.name }) {
            let schema = try SchemaReader.read(bytes: file.bytes, file: file.name)
            let base = ((file.name as NSString).lastPathComponent as NSString).deletingPathExtension
            schemas[schema.properties["kind"]?.enumeration?.first ?? base] = schema
        }
        return SchemaSet(schemas)
    }
}
