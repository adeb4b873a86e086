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
///
/// A parameter may have dated values (`[{from: 2019-01-01, value: 200}, {from: 2027-01-01, value:
/// 220}]`): a dossier is judged by the value in force on its own date.
public struct Parameter: Sendable {
    public let name: String
    /// The values and when each is in force, in date order; one undated value for most.
    public let values: [DatedValue]
    public let description: String

    public struct DatedValue: Sendable {
        public let effective: EffectivePeriod
        public let value: CELValue
    }

    public init(name: String, values: [DatedValue], description: String) {
        self.name = name
        self.values = values
        self.description = description
    }

    public init(name: String, value: CELValue, description: String) {
        self.init(name: name, values: [DatedValue(effective: .always, value: value)], description: description)
    }

    /// Whether the value depends on the date.
    public var isDated: Bool { values.count != 1 || values[0].effective != .always }

    /// The value in force on `date`, if any.
    public func value(on date: CivilDate) -> CELValue? { values.first { $0.effective.contains(date) }?.value }

    /// The value in force throughout `period`, if one is (a period cut at the value's changes).
    public func value(throughout period: EffectivePeriod) -> CELValue? {
        values.first { v in v.effective.intersection(period) == period }?.value
    }

    /// The value as people read it: the value, or each dated value with its period.
    public var words: String {
        isDated ? values.map { "\(CELFormat.plain($0.value)) (\($0.effective))" }.joined(separator: "; ") : CELFormat.plain(values[0].value)
    }

    /// The value a rule version in force throughout `period` reads, as people read it.
    public func words(throughout period: EffectivePeriod) -> String {
        value(throughout: period).map(CELFormat.plain) ?? words
    }

    /// The dates on which the value changes.
    public var changes: [CivilDate] { values.flatMap { [$0.effective.from, $0.effective.until].compactMap { $0 } } }
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
