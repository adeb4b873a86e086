/// One way a document breaks one rule, located in the file.
///
/// Messages name items by id or pointer and never copy personal fields (names, e-mail addresses,
/// statement text) from the document: reports travel to people who must not see them.
public struct Deviation: Sendable, Equatable {
    public let rule: String
    public let severity: Severity
    public let message: String
    public let citation: Citation
    public let location: FindingLocation
    public let expected: String?
    public let actual: String?
}

/// Where a finding is: the JSON Pointer into the tree (the same for the JSON and XML form) and the
/// line and column in the file as written.
public struct FindingLocation: Sendable, Equatable, Comparable {
    public let pointer: String
    public let line: Int
    public let column: Int

    public init(pointer: String, line: Int, column: Int) {
        self.pointer = pointer
        self.line = line
        self.column = column
    }

    init(_ node: Node) {
        self.init(pointer: node.pointer.description, line: node.location.line, column: node.location.column)
    }

    public static func < (a: FindingLocation, b: FindingLocation) -> Bool {
        (a.line, a.column, a.pointer) < (b.line, b.column, b.pointer)
    }
}

/// What happened to one rule on one document.
public struct RuleOutcome: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case passed
        case failed
        /// The rule's phase does not run for this document; the reason says why.
        case skipped(String)
    }

    public let rule: String
    public let status: Status
}

/// A document's verdict: `error` when it could not be read, else `fail` when an error-severity
/// deviation stands (or any deviation, with `--fail-on-warn`), else `pass`.
public enum Verdict: String, Sendable, Codable, Comparable {
    case pass, fail, error

    private var rank: Int { self == .pass ? 0 : (self == .fail ? 1 : 2) }
    public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }
}
