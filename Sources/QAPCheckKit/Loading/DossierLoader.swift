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
        let bytes = try FileReader.read(path, maxBytes: limits.maxBytes)
        return try load(bytes: bytes, file: path)
    }

    /// Parses bytes that were read elsewhere; `file` names them in the result and errors.
    public func load(bytes: [UInt8], file: String) throws(DocumentError) -> Dossier {
        guard bytes.count <= limits.maxBytes else {
            throw DocumentError(.tooLarge, "the file is \(bytes.count) bytes, over the limit of \(limits.maxBytes)")
        }
        let source = SourceText(bytes: bytes)
        try source.validate()
        let format = Self.format(of: file, bytes: bytes)
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
            if let kindNode = root["kind"], case .string(let kind) = kindNode.value, schemas[kind] == nil {
                throw DocumentError(.unknownKind, "unknown kind \(JSONText.quoted(kind)); expected one of \(schemas.kinds.joined(separator: ", "))", at: kindNode.location)
            }
            return Dossier(file: file, format: .json, root: root)
        }
    }

    /// The form of a file: by its extension, else by its first significant byte.
    static func format(of file: String, bytes: [UInt8]) -> Dossier.Format {
        let lower = file.lowercased()
        if lower.hasSuffix(".xml") { return .xml }
        if lower.hasSuffix(".json") { return .json }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<") ? .xml : .json
    }
}
