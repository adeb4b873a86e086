import Foundation

/// Reads a file from disk into a `Dossier`, choosing the loader by the file's form.
///
/// Every failure is a `DocumentError` for that file alone: a batch that hits a broken file
/// reports it and goes on.
public struct DossierLoader: Sendable {
    public let schemas: SchemaSet
    public let limits: LoadLimits

    public init(schemas: SchemaSet, limits: LoadLimits = .default) {
        self.schemas = schemas
        self.limits = limits
    }

    /// Reads and parses one file.
    public func load(file path: String) throws(DocumentError) -> Dossier {
        try load(file: InputPath(path))
    }

    /// Reads and parses one file named by its bytes; the dossier is named by its display form.
    /// `-` is standard input, named `standardInputName`, its form told by its first byte.
    /// `name` is how reports show it (by default, the path as given).
    public func load(file path: InputPath, name: String? = nil, standardInputName: String = "<stdin>") throws(DocumentError) -> Dossier {
        try load(bytes: try read(path), file: path.isStandardInput ? standardInputName : name ?? path.display, byContent: path.isStandardInput)
    }

    /// The bytes of one file (`-`: standard input), within the size limit.
    public func read(_ path: InputPath) throws(DocumentError) -> [UInt8] {
        path.isStandardInput ? try FileReader.readStandardInput(maxBytes: limits.maxBytes) : try FileReader.read(path, maxBytes: limits.maxBytes)
    }

    /// Parses bytes that were read elsewhere; `file` names them in the result and errors. The
    /// form (JSON or XML) is told by the name's extension, or by the first byte when the name has
    /// none or `byContent` asks.
    public func load(bytes: [UInt8], file: String, byContent: Bool = false) throws(DocumentError) -> Dossier {
        guard bytes.count <= limits.maxBytes else {
            throw DocumentError(.tooLarge, "the file is \(bytes.count) bytes, over the limit of \(limits.maxBytes)")
        }
        let source = SourceText(bytes: bytes)
        try source.validate()
        let format = Self.format(of: byContent ? "" : file, bytes: bytes)
        switch format {
        case .xml:
            let root = try XMLLoader(schemas: schemas, limits: limits).load(bytes: bytes)
            return Dossier(file: file, format: .xml, root: root)
        case .json:
            var parser = JSONParser(bytes: bytes, limits: limits, schemas: schemas)
            let root = try parser.parse()
            guard case .object = root.value else {
                let found = ["array": "an array", "integer": "a number", "number": "a number"][root.typeName] ?? "a \(root.typeName)"
                throw DocumentError(.badStructure, "the top level of a dossier must be an object, not \(found)", at: root.location)
            }
            try checkKind(of: root)
            return Dossier(file: file, format: .json, root: root)
        }
    }

    /// A JSON dossier must say which kind it is, as a string the rule set knows: without one no
    /// rule can be chosen, so the file is an error, never a pass.
    private func checkKind(of root: Node) throws(DocumentError) {
        let expected = "expected one of \(schemas.kinds.joined(separator: ", "))"
        guard let kindNode = root["kind"] else {
            throw DocumentError(.unknownKind, "unknown kind: the dossier has no \"kind\"; \(expected)", at: root.location)
        }
        guard case .string(let kind) = kindNode.value else {
            let found = ["integer": "a number", "number": "a number", "array": "an array", "object": "an object"][kindNode.typeName] ?? kindNode.typeName
            throw DocumentError(.unknownKind, "unknown kind: \"kind\" is \(found), not a string; \(expected)", at: kindNode.location)
        }
        guard schemas[kind] != nil else {
            throw DocumentError(.unknownKind, "unknown kind \(JSONText.quoted(kind)); \(expected)", at: kindNode.location)
        }
    }

    /// The form of a file: by its extension, else by its first significant byte.
    static func format(of file: String, bytes: [UInt8]) -> Dossier.Format {
        let lower = file.lowercased()
        if lower.hasSuffix(".xml") { return .xml }
        if lower.hasSuffix(".json") { return .json }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, Whitespace.contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<") ? .xml : .json
    }
}
