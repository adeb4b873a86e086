/// The kinds of dossier a rule applies to: every kind (`"*"` in a rule set), or the kinds named.
public enum KindSelector: Sendable, Equatable, Codable {
    case every
    case only([String])

    /// How a rule set writes it: `["*"]`, or the kinds.
    public var names: [String] {
        switch self {
        case .every: return ["*"]
        case .only(let kinds): return kinds
        }
    }

    public init(names: [String]) {
        self = names.contains("*") ? .every : .only(names)
    }

    public func matches(_ kind: String?) -> Bool {
        switch self {
        case .every: return true
        case .only(let kinds): return kind.map(kinds.contains) ?? false
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(names: try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(names)
    }
}
