/// List and map literals, planned.

/// `[a, b, ?c]`: a literal list; an optional element (`?c`) is kept only when it has a value.
final class ListNode: Interpretable, @unchecked Sendable {
    let items: [Interpretable]
    let optional: [Bool]
    init(_ items: [Interpretable], optional: [Bool]) {
        self.items = items
        self.optional = optional
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        var values: [CELValue] = []
        values.reserveCapacity(items.count)
        for (i, node) in items.enumerated() {
            let v = node.eval(&frame)
            if case .error = v { return v }
            if i < optional.count, optional[i] {
                guard case .optional(let o) = v else { return .noOverload("optional list element", [v]) }
                if let inner = o.value { values.append(inner) }
            } else {
                values.append(v)
            }
        }
        return frame.charged(.list(CELList(values)))
    }
}

/// `{k: v, ?k2: v2}`: a literal map; keys must be distinct.
final class MapNode: Interpretable, @unchecked Sendable {
    let entries: [(key: Interpretable, value: Interpretable, optional: Bool)]
    init(_ entries: [(key: Interpretable, value: Interpretable, optional: Bool)]) { self.entries = entries }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        var pairs: [(CELValue, CELValue)] = []
        pairs.reserveCapacity(entries.count)
        for entry in entries {
            let k = entry.key.eval(&frame)
            if case .error = k { return k }
            let v = entry.value.eval(&frame)
            if case .error = v { return v }
            if entry.optional {
                guard case .optional(let o) = v else { return .noOverload("optional map entry", [v]) }
                if let inner = o.value { pairs.append((k, inner)) }
            } else {
                pairs.append((k, v))
            }
        }
        switch CELMap.make(pairs) {
        case .success(let m): return frame.charged(.map(m))
        case .failure(let e): return .error(e)
        }
    }
}
