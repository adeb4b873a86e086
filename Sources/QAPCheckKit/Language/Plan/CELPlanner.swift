/// Plans a checked expression (`CELOp`) into the nodes evaluation walks (`Interpretable`), once
/// per compiled expression: each case becomes the node that does only its own job.
enum CELPlanner {
    static func plan(_ op: CELOp) -> Interpretable {
        switch op {
        case .constant(let v): return ConstantNode(v)
        case .global(let slot): return GlobalNode(slot)
        case .local(let slot): return LocalNode(slot)
        case .fail(let error): return FailNode(error)
        case .select(let operand, let field, let testOnly, let optional):
            return SelectNode(plan(operand), field, testOnly: testOnly, optional: optional)
        case .selectOr(let operand, let field, let fallback): return SelectOrNode(plan(operand), field, plan(fallback))
        case .selectHas(let operand, let field): return SelectHasNode(plan(operand), field)
        case .index(let operand, let index, let optional): return IndexNode(plan(operand), plan(index), optional: optional)
        case .call(let function, let args):
            switch args.count {
            case 0: return Call0Node(function)
            case 1: return Call1Node(function, plan(args[0]))
            case 2: return Call2Node(function, plan(args[0]), plan(args[1]))
            default: return CallNode(function, args.map(plan))
            }
        case .unary(let op, let operand): return UnaryNode(op, plan(operand))
        case .binary(.in, let l, let r):
            let element = plan(l)
            if let list = constantList(r), let node = InConstantStringsNode(element, in: list) { return node }
            return BinaryNode(.in, element, plan(r))
        case .binary(let op, let l, let r): return BinaryNode(op, plan(l), plan(r))
        case .comparison(let op, let overload, let l, let r): return ResolvedComparisonNode(op, overload, plan(l), plan(r))
        case .and(let l, let r): return LogicNode(decisive: false, plan(l), plan(r))
        case .or(let l, let r): return LogicNode(decisive: true, plan(l), plan(r))
        case .conditional(let c, let t, let f): return ConditionalNode(plan(c), plan(t), plan(f))
        case .list(let items, let optional): return ListNode(items.map(plan), optional: optional)
        case .map(let entries): return MapNode(entries.map { (key: plan($0.key), value: plan($0.value), optional: $0.optional) })
        case .matches(let operand, let regex): return MatchesNode(plan(operand), regex)
        case .wellKnownValue(let fields): return WellKnownValueNode(fields.map { ($0.0, plan($0.1)) })
        case .comprehension(let macro, let range, let slot, let slot2, let filter, let body):
            var mappedField: String?
            if macro == .map, slot2 == nil, case .select(.local(slot), let field, false, false) = body { mappedField = field }
            var mappedFieldOr: (field: String, fallback: CELValue)?
            if macro == .map, slot2 == nil, case .selectOr(.local(slot), let field, .constant(let fallback)) = body { mappedFieldOr = (field, fallback) }
            let fieldTest = macro == .filter && slot2 == nil && filter == nil ? FieldTest(body, slot: slot) : nil
            return FoldNode(macro, range: plan(range), slot: slot, slot2: slot2, filter: filter.map(plan), body: plan(body), mappedField: mappedField,
                            fieldTest: fieldTest, mappedFieldOr: mappedFieldOr)
        }
    }

    /// The list an op stands for when it is known at load: a constant, or a literal whose items
    /// are all constants (`['party', 'counsel']`).
    static func constantList(_ op: CELOp) -> CELValue? {
        switch op {
        case .constant(let v): return v
        case .list(let items, let optional) where !optional.contains(true):
            let constants = items.compactMap { if case .constant(let v) = $0 { return v } else { return nil } }
            return constants.count == items.count ? .list(CELList(constants)) : nil
        default: return nil
        }
    }
}
