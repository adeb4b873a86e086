/// What changed between two recorded runs (`qapcheck diff`): the morning's first question.
///
/// Documents are matched by id (an id each run gives to exactly one document), then what is left
/// by path: a renamed dossier keeps its history, and dossiers sharing an id are told apart by path. Findings are matched by fingerprint (rule, document, pointer), so
/// an edit that only moves lines changes nothing here.
public struct RunComparison: Sendable, Equatable, Codable {
    /// A matched, added or removed document, with its verdict in each run (nil where it is absent).
    public struct DocumentChange: Sendable, Equatable, Codable {
        public let path: String
        public let id: String?
        public let kind: String?
        public let fromVerdict: Verdict?
        public let toVerdict: Verdict?
        /// Whether the file's bytes differ between the runs (nil when either run lacks it).
        public let contentChanged: Bool?
        /// Why the verdict may have changed: what differs between the runs for this document.
        public let cause: [Cause]

        public init(path: String, id: String?, kind: String?, fromVerdict: Verdict?, toVerdict: Verdict?, contentChanged: Bool?, cause: [Cause]) {
            self.path = path
            self.id = id
            self.kind = kind
            self.fromVerdict = fromVerdict
            self.toVerdict = toVerdict
            self.contentChanged = contentChanged
            self.cause = cause
        }
    }

    /// What can make a verdict change: the dossier, another version of a rule (the dossier's date
    /// or the as-of date crossed a change), the rules, the date judged at, the exemptions.
    public enum Cause: String, Sendable, Equatable, Codable, CaseIterable {
        case dossier, ruleVersion = "rule-version", ruleSet = "rule-set", asOf = "as-of", exemptions, added

        public var words: String {
            switch self {
            case .dossier: return "the dossier changed"
            case .ruleVersion: return "another version of a rule judged it"
            case .ruleSet: return "the rule set changed"
            case .asOf: return "the as-of date moved"
            case .exemptions: return "the exemptions changed"
            case .added: return "a new dossier"
            }
        }
    }

    /// A finding present in one run and not the other.
    public struct FindingChange: Sendable, Equatable, Codable {
        public let path: String
        public let id: String?
        public let rule: String
        public let severity: String
        public let outcome: String
        public let pointer: String
        public let message: String

        public init(path: String, id: String?, rule: String, severity: String, outcome: String, pointer: String, message: String) {
            self.path = path
            self.id = id
            self.rule = rule
            self.severity = severity
            self.outcome = outcome
            self.pointer = pointer
            self.message = message
        }
    }

    public let from: RecordedRun
    public let to: RecordedRun
    /// Failing now and not before: a matched document that passed, or a new one that fails.
    public var newlyFailing: [DocumentChange] = []
    public var newlyPassing: [DocumentChange] = []
    public var stillFailing: [DocumentChange] = []
    public var newFindings: [FindingChange] = []
    public var resolvedFindings: [FindingChange] = []
    public var addedDocuments: [DocumentChange] = []
    public var removedDocuments: [DocumentChange] = []
    /// Matched documents whose bytes changed, whatever their verdicts.
    public var changedContent: [DocumentChange] = []

    public init(from: RecordedRun, to: RecordedRun) {
        self.from = from
        self.to = to
    }

    /// What differs between the two runs themselves, whatever the document.
    public var runCauses: [Cause] {
        var causes: [Cause] = []
        if from.ruleSetDigest != to.ruleSetDigest { causes.append(.ruleSet) }
        if from.asOf != to.asOf { causes.append(.asOf) }
        if from.exemptionsDigest != to.exemptionsDigest { causes.append(.exemptions) }
        return causes
    }

    /// Exit 1 when something is newly failing, for alerting; else 0.
    public var exitStatus: Int32 { newlyFailing.isEmpty ? 0 : 1 }

    private enum CodingKeys: String, CodingKey {
        case from, to, newlyFailing, newlyPassing, stillFailing, newFindings, resolvedFindings, addedDocuments, removedDocuments, changedContent
    }
}

extension Verdict {
    /// A document that did not pass: it failed, or could not be read.
    public var isFailing: Bool { self != .pass }
}
