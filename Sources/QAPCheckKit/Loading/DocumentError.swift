/// Why a file could not be read as a dossier.
///
/// A document error gives that one file the verdict `error`; the batch goes on. It always has a
/// message a person can act on and, where the problem has a place, its line and column.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Codable {
        case unreadable, empty, binary, invalidUTF8, notWellFormed, forbiddenConstruct
        case unknownKind, tooLarge, tooDeep, duplicateKey, badStructure
    }

    public let reason: Reason
    public let message: String
    public let location: SourceLocation?

    public init(_ reason: Reason, _ message: String, at location: SourceLocation? = nil) {
        self.reason = reason
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}

extension DocumentError: Codable {
    private enum CodingKeys: String, CodingKey {
        case message, line, column, reason
    }

    /// `{message, line, column, reason}` as the JSON report writes it; line and column only where
    /// the problem has a place.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reason = try c.decode(Reason.self, forKey: .reason)
        message = try c.decode(String.self, forKey: .message)
        if let line = try c.decodeIfPresent(Int.self, forKey: .line), let column = try c.decodeIfPresent(Int.self, forKey: .column) {
            location = SourceLocation(line: line, column: column)
        } else {
            location = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(location?.line, forKey: .line)
        try c.encodeIfPresent(location?.column, forKey: .column)
        try c.encode(reason, forKey: .reason)
    }
}
