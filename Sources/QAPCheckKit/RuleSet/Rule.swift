/// One rule of a rule set, compiled: what it checks, where it applies, the clause it enforces,
/// and how it words a deviation.
public struct Rule: Sendable {
    public let id: RuleID
    public let title: String
    /// What the rule checks, in plain words, for people reading its documentation; may be empty.
    public let description: String
    public let kinds: KindSelector
    public let phase: PhaseName
    public let severity: Severity
    public let citation: Citation
    public let check: Check
    public let message: MessageTemplate
    public let expected: MessageTemplate?
    public let actual: MessageTemplate?
    /// When this version is in force: the rule's own `effective`, narrowed to one value of each
    /// dated parameter it reads. Reports name it as the version applied.
    public let effective: EffectivePeriod
    /// Where the rule is written, for messages about the rule itself.
    public let file: String
    public let line: Int

    /// Whether this is the kind schema check (`check: schema`).
    public var isSchemaCheck: Bool { if case .schema = check { return true } else { return false } }

    /// The checks built into the engine, by the name a rule set gives them (`check: schema`).
    public enum BuiltinCheck: String, Sendable, CaseIterable {
        case schema
    }

    /// How a rule decides.
    public enum Check: Sendable {
        /// A CEL assertion, over the whole document or once per item of a list.
        case expression(ExpressionCheck)
        /// The kind schema check (`SCHEMA`), built in because it walks every value.
        case schema
    }

    /// A class: the validator reads a rule's check for every document, and a struct of eight
    /// counted fields was copied out of its rule each time, a retain and a release for each.
    public final class ExpressionCheck: Sendable {
        /// The variables, in slot order: doc, params, asOf, phase, [item, index], then the lets.
        public let variables: [String]
        /// The `let` bindings in order. In a per-item rule, those that do not depend on the item
        /// (`perItem` false) are computed once per document, not once per item.
        public let lets: [(name: String, program: CELProgram, perItem: Bool)]
        public let forEach: CELProgram?
        /// For per-item rules: items for which this is false are not checked.
        public let when: CELProgram?
        public let assertion: CELProgram
        /// For aggregate rules: the node a deviation points at (default: the document).
        public let locate: CELProgram?
        /// For rules about a date (a listing to renew, an audit to hold): the date the rule stops
        /// holding, so a run can give notice when it falls due soon (`due:`).
        public let due: CELProgram?
        public let source: String

        init(variables: [String], lets: [(name: String, program: CELProgram, perItem: Bool)], forEach: CELProgram?, when: CELProgram?,
             assertion: CELProgram, locate: CELProgram?, due: CELProgram?, source: String) {
            self.variables = variables
            self.lets = lets
            self.forEach = forEach
            self.when = when
            self.assertion = assertion
            self.locate = locate
            self.due = due
            self.source = source
        }
    }

    /// Whether this version judges a dossier of `kind` whose rules are those in force on `date`.
    public func applies(to kind: String?, on date: CivilDate) -> Bool {
        Self.applies(kinds, effective, to: kind, on: date)
    }

    /// Whether a rule of these `kinds`, in force over `effective`, runs on a dossier of `kind`
    /// whose rules in force are those of `date`.
    static func applies(_ kinds: KindSelector, _ effective: EffectivePeriod, to kind: String?, on date: CivilDate) -> Bool {
        kinds.matches(kind) && effective.contains(date)
    }
}
