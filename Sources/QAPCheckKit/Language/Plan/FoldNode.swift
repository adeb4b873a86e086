/// The macros, planned: `all`, `exists`, `exists_one`, `map`, `filter`, `transformList` and
/// `transformMap` fold over a list or map; `optMap` and `optFlatMap` look inside an optional.
/// Each step costs one unit of the budget, and the folds short-circuit as `&&` and `||` do.
final class FoldNode: Interpretable, @unchecked Sendable {
    typealias Macro = CELExpr.Comprehension.Macro

    let macro: Macro
    let range: Interpretable
    let slot: Int
    let slot2: Int?
    let filter: Interpretable?
    let body: Interpretable
    /// For `list.map(x, x.f)` over a document list: the field, so the result keeps the nodes and
    /// a rule over it can still point at each value in the file.
    let mappedField: String?
    /// For `list.filter(x, x.?f.orValue('') in [...])`: the test, answered in the tree.
    let fieldTest: FieldTest?
    /// For `list.map(x, x.?f.orValue(c))` with a constant `c` (`c.?hours.orValue(0.0)`): the
    /// field and the constant, each item's member read in the tree.
    let mappedFieldOr: (field: String, fallback: CELValue)?

    init(_ macro: Macro, range: Interpretable, slot: Int, slot2: Int?, filter: Interpretable?, body: Interpretable, mappedField: String?,
         fieldTest: FieldTest? = nil, mappedFieldOr: (field: String, fallback: CELValue)? = nil) {
        self.macro = macro
        self.range = range
        self.slot = slot
        self.slot2 = slot2
        self.filter = filter
        self.body = body
        self.mappedField = mappedField
        self.fieldTest = fieldTest
        self.mappedFieldOr = mappedFieldOr
    }

    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let source = range.eval(&frame)
        if macro == .optMap || macro == .optFlatMap { return optional(source, &frame) }
        return fold(source, &frame)
    }

    /// `o.optMap(x, t)`: `optional.of(t)` with `x` bound to the value, or `optional.none()`;
    /// `o.optFlatMap(x, t)`: `t` itself, which must be an optional.
    private func optional(_ source: CELValue, _ frame: inout EvaluationFrame) -> CELValue {
        guard case .optional(let o) = source else { return source.isError ? source : .noOverload(macro.rawValue, [source]) }
        guard let inner = o.value else { return .optional(.none) }
        frame.locals[slot] = inner
        let v = body.eval(&frame)
        if case .error = v { return v }
        if macro == .optMap { return .optional(CELOptional(v)) }
        guard case .optional = v else { return .noOverload(macro.rawValue, [v]) }
        return v
    }

    /// Binds item `i` to the variables: one gets the element (or key); two get the index (or
    /// key) and the value.
    @inline(__always)
    private func bind(_ i: Int, _ list: CELList?, _ mapEntries: [(key: CELValue, value: CELValue)], _ frame: inout EvaluationFrame) {
        if let slot2 {
            if let list { frame.locals[slot] = .int(Int64(i)); frame.locals[slot2] = list[i] } else { frame.locals[slot] = mapEntries[i].key; frame.locals[slot2] = mapEntries[i].value }
        } else {
            frame.locals[slot] = list?[i] ?? mapEntries[i].key
        }
    }

    /// Whether the tree answers the body for item `i` (a map's member, kept; a filter's verdict,
    /// the item kept when it holds); false when the item must go the long way.
    @inline(__always)
    private func answered(_ i: Int, of list: CELList, in tree: DocumentTree, keeping kept: inout [Int32], hint: inout Int) -> Bool {
        let id = list.nodeID(at: i)
        if let mappedField {
            guard let child = tree.member(of: id, mappedField, hint: &hint) else { return false }
            kept.append(child)
            return true
        }
        guard let keep = fieldTest?.matches(id, in: tree, hint: &hint) else { return false }
        if keep { kept.append(id) }
        return true
    }

    /// A filter by a field test, or a map to one field (or to one field or a constant), over
    /// document nodes, when the tree answers every item (see `answered`): the kept nodes (or the
    /// values), in one tight loop over the items. nil, the budget as it was, at the first item
    /// that must go the long way; the general loop then does the whole fold. Most folds of a
    /// dossier are these, over its thirty cases.
    private func foldAnswered(_ list: CELList, count: Int, in tree: DocumentTree, _ frame: inout EvaluationFrame) -> CELValue? {
        let budgetBefore = frame.budget.remaining
        var kept: [Int32] = []
        var values: [CELValue] = []
        if mappedFieldOr == nil { kept.reserveCapacity(count) } else { values.reserveCapacity(count) }
        var hint = 0
        for i in 0..<count {
            frame.budget.remaining -= 1
            if frame.budget.isExhausted { return EvaluationBudget.exceeded }
            let id = list.nodeID(at: i)
            if let (field, fallback) = mappedFieldOr {
                // An object's member, or the constant where it has none; anything else is no
                // object, which the long way reads.
                guard tree.entry(id).kind == .object else {
                    frame.budget.remaining = budgetBefore
                    return nil
                }
                values.append(tree.member(of: id, field, hint: &hint).map { CELValue(tree.value(of: $0)) } ?? fallback)
            } else if let mappedField {
                guard let child = tree.member(of: id, mappedField, hint: &hint) else {
                    frame.budget.remaining = budgetBefore
                    return nil
                }
                kept.append(child)
            } else if let keep = fieldTest?.matches(id, in: tree, hint: &hint) {
                if keep { kept.append(id) }
            } else {
                frame.budget.remaining = budgetBefore
                return nil
            }
        }
        return mappedFieldOr == nil ? .list(CELList(picked: NodeSelection(tree: tree, ids: kept))) : .list(CELList(values))
    }

    private func fold(_ source: CELValue, _ frame: inout EvaluationFrame) -> CELValue {
        let count: Int
        var list: CELList?
        var mapEntries: [(key: CELValue, value: CELValue)] = []
        switch source {
        case .error: return source
        case .list(let l): count = l.count; list = l
        case .map(let m): count = m.count; mapEntries = m.entries
        default: return .noOverload(macro.rawValue, [source])
        }
        // Filtering a document list keeps its nodes, and so does mapping it to one field of each
        // item, so a rule over the result can still point at each item in the file.
        let tree = (macro == .filter || (macro == .map && mappedField != nil)) ? list?.nodeTree : nil
        if filter == nil, let list, mappedField != nil || fieldTest != nil || mappedFieldOr != nil, let nodes = list.nodeTree,
           let answered = foldAnswered(list, count: count, in: nodes, &frame) {
            return answered
        }
        var firstError: CELValue?
        var trueCount = 0
        var results: [CELValue] = []
        var kept: [Int32] = []
        var mapPairs: [(CELValue, CELValue)] = []
        // A result holds at most one entry per item: room for all of them up front, rather than
        // growing it (and copying it) five or six times over a dossier's thirty cases.
        switch macro {
        case .filter where tree != nil, .map where tree != nil: kept.reserveCapacity(count)
        case .map, .transformList, .filter: results.reserveCapacity(count)
        case .transformMap: mapPairs.reserveCapacity(count)
        case .all, .exists, .existsOne, .optMap, .optFlatMap: break
        }
        // Over document nodes the tree answers two bodies without their being evaluated: a map to
        // one member (`list.map(x, x.f)`) and a filter by a string field (`FieldTest`). The item
        // is bound only when a filter reads it or the tree cannot answer (an item without the
        // member, or not an object), which goes the long way through the body.
        let answering = macro == .map || fieldTest != nil ? tree : nil
        let bindsFirst = filter != nil || answering == nil
        // Where the field was in the last item (see `DocumentTree.member(of:_:hint:)`).
        var hint = 0
        for i in 0..<count {
            frame.budget.remaining -= 1
            if frame.budget.isExhausted { return EvaluationBudget.exceeded }
            if bindsFirst { bind(i, list, mapEntries, &frame) }
            if let filter {
                switch filter.eval(&frame) {
                case .bool(true): break
                case .bool(false): continue
                case .error(let e): return .error(e)
                case let other: return .noOverload(macro.rawValue, [other])
                }
            }
            if let answering, let list, answered(i, of: list, in: answering, keeping: &kept, hint: &hint) { continue }
            if !bindsFirst { bind(i, list, mapEntries, &frame) }
            let v = body.eval(&frame)
            switch macro {
            case .all:
                switch v {
                case .bool(false): return v
                case .bool(true): break
                case .error: if firstError == nil { firstError = v }
                default: if firstError == nil { firstError = .noOverload("all", [v]) }
                }
            case .exists:
                switch v {
                case .bool(true): return v
                case .bool(false): break
                case .error: if firstError == nil { firstError = v }
                default: if firstError == nil { firstError = .noOverload("exists", [v]) }
                }
            case .existsOne:
                switch v {
                case .bool(true): trueCount += 1
                case .bool(false): break
                case .error: return v
                default: return .noOverload("exists_one", [v])
                }
            case .map, .transformList:
                if case .error = v { return v }
                results.append(v)
            case .filter:
                switch v {
                case .bool(true):
                    if tree != nil, let list { kept.append(list.nodeID(at: i)) } else { results.append(frame.locals[slot]) }
                case .bool(false): break
                case .error: return v
                default: return .noOverload("filter", [v])
                }
            case .transformMap:
                if case .error = v { return v }
                mapPairs.append((frame.locals[slot], v))
            case .optMap, .optFlatMap:
                return .noOverload(macro.rawValue, [source])
            }
        }
        switch macro {
        case .all: return firstError ?? .bool(true)
        case .exists: return firstError ?? .bool(false)
        case .existsOne: return .bool(trueCount == 1)
        case .filter where tree != nil, .map where tree != nil: return .list(CELList(picked: NodeSelection(tree: tree!, ids: kept)))
        case .map, .transformList, .filter: return .list(CELList(results))
        case .optMap, .optFlatMap: return .noOverload(macro.rawValue, [source])
        case .transformMap:
            switch CELMap.make(mapPairs) {
            case .success(let m): return .map(m)
            case .failure(let e): return .error(e)
            }
        }
    }
}
