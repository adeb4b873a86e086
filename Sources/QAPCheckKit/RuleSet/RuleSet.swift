/// A loaded, checked rule set: metadata, parameters, phases, rules and the kind schemas.
///
/// Immutable and shared by every worker of a batch: each expression in it was parsed and checked
/// once, when it loaded.
public struct RuleSet: Sendable {
    public let name: String
    public let version: String
    public let description: String
    public let sources: [SourceDocument]
    public let parameters: [Parameter]
    public let phases: [Phase]
    public let rules: [Rule]
    public let schemas: SchemaSet
    /// `sha256:` of every file the rule set was read from, so a report says exactly which rules
    /// decided it.
    public let digest: String
    /// The files read, the rule set's own first, then what it extends.
    public let files: [String]
    /// The rule set's own test cases, when it has a tests file.
    public let testsFile: String?

    /// The parameters as the CEL map rules see as `params`.
    public var parameterMap: CELValue {
        switch CELMap.make(parameters.map { (.string($0.name), $0.value) }) {
        case .success(let m): return .map(m)
        case .failure(let e): return .error(e)
        }
    }

    public func rule(_ id: RuleID) -> Rule? { rules.first { $0.id == id } }

    public func phase(_ name: PhaseName) -> Phase? { phases.first { $0.name == name } }
}
