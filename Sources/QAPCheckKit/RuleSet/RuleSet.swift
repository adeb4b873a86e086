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
    /// Where each kind keeps the date that picks its rules; as-of for a kind not listed.
    public let ruleDates: [RuleDateSource]
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

    /// The parameters as the CEL map rules see as `params`, with the values in force on `date`.
    public func parameterMap(on date: CivilDate) -> CELValue {
        switch CELMap.make(parameters.compactMap { p in p.value(on: date).map { (.string(p.name), $0) } }) {
        case .success(let m): return .map(m)
        case .failure(let e): return .error(e)
        }
    }

    /// Each rule id once, in rule set order (a rule with several versions has one id).
    public var ids: [RuleID] {
        var seen = Set<RuleID>()
        return rules.map(\.id).filter { seen.insert($0).inserted }
    }

    /// The rule's versions, in the order the rule set gives them.
    public func versions(of id: RuleID) -> [Rule] { rules.filter { $0.id == id } }

    /// The version of a rule in force on `date`.
    public func rule(_ id: RuleID, on date: CivilDate) -> Rule? { rules.first { $0.id == id && $0.effective.contains(date) } }

    /// The rules in force on `date`, one version each.
    public func rules(on date: CivilDate) -> [Rule] { rules.filter { $0.effective.contains(date) } }

    /// Any version of the rule (the first), for what does not change between versions.
    public func rule(_ id: RuleID) -> Rule? { rules.first { $0.id == id } }

    public func phase(_ name: PhaseName) -> Phase? { phases.first { $0.name == name } }
}
