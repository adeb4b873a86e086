/// The variables every rule expression sees, by slot: the compiler resolves each name to its
/// slot once, and the validator fills the slots by the same numbers. A rule's `let` bindings take
/// the slots after these, in order (`firstLet` on).
public enum RuleVariable: Int, CaseIterable, Sendable {
    case doc, params, asOf, phase
    /// Per-item rules (`forEach`) only: the item and its index.
    case item, index

    /// Spelled out rather than reflected: `String(describing:)` on a case walks the type's
    /// metadata, a few thousand instructions a name, and the compiler asks for the names of
    /// every rule expression it compiles.
    public var name: String {
        switch self {
        case .doc: "doc"
        case .params: "params"
        case .asOf: "asOf"
        case .phase: "phase"
        case .item: "item"
        case .index: "index"
        }
    }
    public var slot: Int { rawValue }

    /// The variables of a rule over the whole document.
    public static let document: [RuleVariable] = [.doc, .params, .asOf, .phase]
    /// The variables of a per-item rule.
    public static let perItem: [RuleVariable] = document + [.item, .index]

    /// The first slot after the fixed variables, where a rule's lets begin.
    public static func firstLet(perItem: Bool) -> Int { perItem ? RuleVariable.perItem.count : RuleVariable.document.count }

    /// The types that are fixed whatever the dossier: the document is an object, `asOf` a date,
    /// the phase a name, a per-item rule's index an int. (An item may be anything.)
    public static let types: [String: CELType] = [
        RuleVariable.doc.name: .map, RuleVariable.asOf.name: .date, RuleVariable.phase.name: .string, RuleVariable.index.name: .int,
    ]

    /// The names, in slot order, as the compiler declares them.
    public static func names(_ variables: [RuleVariable]) -> [String] { variables.map(\.name) }
}
