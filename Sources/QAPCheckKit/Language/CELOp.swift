/// The checked form of an expression: names are slots, functions are looked up, constant regular
/// expressions are compiled, and comparisons of operands of known types have their overload.
/// Built once per expression, then planned into `Interpretable` nodes (`CELPlanner`), which is
/// what evaluation walks; this tree stays for questions about the expression (what it reads).
indirect enum CELOp: Sendable {
    case constant(CELValue)
    case global(Int)
    case local(Int)
    case select(CELOp, String, testOnly: Bool, optional: Bool)
    /// `x.?f.orValue(d)`, without building the optional.
    case selectOr(CELOp, String, CELOp)
    /// `x.?f.hasValue()`, without building the optional.
    case selectHas(CELOp, String)
    case index(CELOp, CELOp, optional: Bool)
    case call(CELFunction, [CELOp])
    case unary(UnaryOperator, CELOp)
    case binary(BinaryOperator, CELOp, CELOp)
    /// A comparison whose operands' types are known when compiling: its overload is chosen.
    case comparison(BinaryOperator, ResolvedComparison, CELOp, CELOp)
    case and(CELOp, CELOp)
    case or(CELOp, CELOp)
    case conditional(CELOp, CELOp, CELOp)
    case list([CELOp], optional: [Bool])
    case map([(key: CELOp, value: CELOp, optional: Bool)])
    case comprehension(CELExpr.Comprehension.Macro, range: CELOp, slot: Int, slot2: Int?, filter: CELOp?, body: CELOp)
    case matches(CELOp, CELRegex)
    case wellKnownValue([(String, CELOp)])
    case fail(CELError)
}

extension CELOp {
    /// Whether evaluating this reads a variable in `slots`.
    func reads(_ slots: Set<Int>) -> Bool {
        switch self {
        case .constant, .local, .fail: return false
        case .global(let slot): return slots.contains(slot)
        case .select(let a, _, _, _), .selectHas(let a, _), .unary(_, let a), .matches(let a, _): return a.reads(slots)
        case .selectOr(let a, _, let b), .index(let a, let b, _), .binary(_, let a, let b), .comparison(_, _, let a, let b), .and(let a, let b), .or(let a, let b):
            return a.reads(slots) || b.reads(slots)
        case .call(_, let args), .list(let args, _): return args.contains { $0.reads(slots) }
        case .conditional(let a, let b, let c): return a.reads(slots) || b.reads(slots) || c.reads(slots)
        case .map(let entries): return entries.contains { $0.key.reads(slots) || $0.value.reads(slots) }
        case .wellKnownValue(let fields): return fields.contains { $0.1.reads(slots) }
        case .comprehension(_, let range, _, _, let filter, let body):
            return range.reads(slots) || (filter?.reads(slots) ?? false) || body.reads(slots)
        }
    }
}
