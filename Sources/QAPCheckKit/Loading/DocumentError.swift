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
