/// One input file read into a tree: what the rules are evaluated over.
public struct Dossier: Sendable {
    /// The encoding a dossier was written in; rules never see it, reports may.
    public enum Format: String, Sendable { case json, xml }

    /// The path as the user gave it, which is how reports name the file.
    public let file: String
    public let format: Format
    public let root: Node

    public init(file: String, format: Format, root: Node) {
        self.file = file
        self.format = format
        self.root = root
    }

    /// The document kind, when the dossier names one as a string.
    public var kind: String? {
        if case .string(let k)? = root["kind"]?.value { return k }
        return nil
    }

    /// The dossier's own id, when it has one as a string.
    public var id: String? {
        if case .string(let i)? = root["id"]?.value { return i }
        return nil
    }
}
