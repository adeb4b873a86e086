/// An RFC 6901 JSON Pointer to a node of a dossier tree.
///
/// Pointers are shared between the JSON and XML forms of a dossier, so a finding points at the
/// same place whichever encoding was read. A pointer is a chain of segments that share their
/// parent; a document's nodes do not keep one each (the tree finds a node's pointer by walking up,
/// when a finding needs it), and the text form is only built when a report asks for it.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// One reference token: an object member name or an array index.
    public enum Token: Hashable, Sendable {
        case key(String)
        case index(Int)

        var escaped: String {
            switch self {
            case .index(let i): return String(i)
            case .key(let k):
                guard k.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return k }
                return k.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            }
        }
    }

    final class Segment: Sendable {
        let parent: Segment?
        let token: Token
        let depth: Int
        init(parent: Segment?, token: Token) {
            self.parent = parent
            self.token = token
            self.depth = (parent?.depth ?? 0) + 1
        }
    }

    private let last: Segment?

    /// The whole document.
    public static let root = JSONPointer(last: nil)

    private init(last: Segment?) { self.last = last }

    /// Parses the text form (`/cases/0/hours`); throws on a pointer that does not start with `/`.
    public init(parsing text: String) throws {
        if text.isEmpty { self = .root; return }
        guard text.hasPrefix("/") else { throw PointerSyntaxError(text: text) }
        var pointer = JSONPointer.root
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            pointer = pointer.appending(key: token)
        }
        self = pointer
    }

    public func appending(key: String) -> JSONPointer {
        JSONPointer(last: Segment(parent: last, token: .key(key)))
    }

    public func appending(index: Int) -> JSONPointer {
        JSONPointer(last: Segment(parent: last, token: .index(index)))
    }

    /// The tokens from the root down.
    public var tokens: [Token] {
        var result: [Token] = []
        var segment = last
        while let s = segment {
            result.append(s.token)
            segment = s.parent
        }
        return result.reversed()
    }

    /// Whether `other` is this place or inside it (`/cases` holds `/cases/3/hours`).
    public func isAncestor(ofOrEqualTo other: JSONPointer) -> Bool {
        guard other.depth >= depth else { return false }
        let mine = tokens, theirs = other.tokens
        return Array(theirs.prefix(mine.count)).map(\.escaped) == mine.map(\.escaped)
    }

    /// How many tokens deep the pointer is; the root is 0.
    public var depth: Int { last?.depth ?? 0 }

    public var description: String {
        tokens.map { "/" + $0.escaped }.joined()
    }

    public static func == (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        if lhs.last === rhs.last { return true }
        return lhs.depth == rhs.depth && lhs.description == rhs.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}

/// A pointer's text did not start with `/`.
public struct PointerSyntaxError: Error, CustomStringConvertible {
    public let text: String
    public var description: String { "'\(text)' is not a JSON Pointer: it must be empty or start with '/'" }
}

extension JSONPointer: Codable {
    /// A pointer is written in its RFC 6901 text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
