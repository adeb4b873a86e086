/// The clause of a source document a rule enforces: the document as a reader can look it up
/// (publisher, title and the page's date, from the rule set's `sources`), its section, and the
/// words quoted exactly as the source writes them (typographic quotes and all).
public struct Citation: Sendable, Equatable, Codable {
    public let source: String
    public let section: String
    public let text: String

    public init(source: String, section: String, text: String) {
        self.source = source
        self.section = section
        self.text = text
    }
}

/// How much a deviation weighs: an error fails the document, a warning does not (unless the run
/// says `--fail-on-warn`).
public enum Severity: String, Sendable, Codable, CaseIterable {
    case error, warning
    /// Not a rule's severity: what a run says of a rule that holds but falls due soon.
    case notice
}

/// A named threshold or list a rule refers to as `params.NAME`, so that a program with other
/// numbers overrides the parameter, never the rule.
public struct Parameter: Sendable {
    public let name: String
    public let value: CELValue
    public let description: String
}

/// A group of rules that runs only when its condition holds (the skills assessment runs once the
/// dossier has one, or always under `--phase certification`); its rules are otherwise reported as
/// skipped.
public struct Phase: Sendable {
    public let name: PhaseName
    public let description: String
    /// nil: the phase always runs.
    public let when: CELProgram?
}

/// The source documents a rule set cites. `file` is the rule set's own key for a document (a
/// citation's `source:`); reports show `name`, never the file.
public struct SourceDocument: Sendable, Equatable {
    public let file: String
    public let title: String
    /// The page's own date, as it gives it ("5 January 2021"), where it has one.
    public let updated: String?

    public init(file: String, title: String, updated: String? = nil) {
        self.file = file
        self.title = title
        self.updated = updated
    }

    /// How reports name the document: `International Mediation Institute, "Quality Assurance",
    /// page last updated 5 January 2021`.
    public var name: String {
        (title.isEmpty ? file : title) + (updated.map { ", page last updated \($0)" } ?? "")
    }
}
