import Foundation

/// The kind schemas of a rule set, one per document kind, read from `schemas/*.json`.
public struct SchemaSet: Sendable {
    public let schemas: [String: SchemaNode]

    public init(_ schemas: [String: SchemaNode]) { self.schemas = schemas }

    /// The kinds known, sorted, for messages that list them.
    public var kinds: [String] { schemas.keys.sorted() }

    public subscript(kind: String) -> SchemaNode? { schemas[kind] }

    /// Loads every `*.json` file of a folder; a file's kind is the `const`/`enum` of its `kind`
    /// property, or its file name without extension.
    public static func load(directory: URL) throws -> SchemaSet {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var schemas: [String: SchemaNode] = [:]
        for file in files {
            let schema = try SchemaReader.read(file: file)
            let kind = schema.properties["kind"]?.enumeration?.first ?? file.deletingPathExtension().lastPathComponent
            schemas[kind] = schema
        }
        return SchemaSet(schemas)
    }
}
