/// Walks a `CELOp` tree with CEL's semantics: errors are values, `&&` and `||` absorb an error
/// when the other side decides, macros short-circuit as the logical operators do.
struct CELEvaluator {
    private let globals: [CELValue]
    private var locals: [CELValue]
    var budget: EvaluationBudget

    init(globals: [CELValue], localCount: Int, budget: EvaluationBudget) {
        self.globals = globals
        self.locals = Array(repeating: .null, count: localCount)
        self.budget = budget
    }

    /// Charges what a built value costs; the budget error once the units have run out.
    @inline(__always)
    private mutating func charged(_ value: CELValue) -> CELValue {
        switch value {
        case .list(let l): budget.remaining -= l.count
        case .map(let m): budget.remaining -= m.count
        case .string(let s): budget.remaining -= s.utf8.count >> 4
        default: return value
        }
        return budget.isExhausted ? EvaluationBudget.exceeded : value
    }

    mutating func eval(_ op: CELOp) -> CELValue {
        switch op {
        case .constant(let v): return v
        case .global(let slot): return slot < globals.count ? globals[slot] : .fail(.undeclared, "no value bound for variable \(slot)")
        case .local(let slot): return locals[slot]
        case .fail(let error): return .error(error)

        case .select(let operand, let field, let testOnly, let optional):
            return CELOperators.select(eval(operand), field, testOnly: testOnly, optional: optional)

        case .selectOr(let operand, let field, let fallback):
            let v = eval(operand)
            if case .map(let m) = v { return m[field] ?? eval(fallback) }
            switch CELOperators.select(v, field, testOnly: false, optional: true) {
            case .optional(let o): return o.value ?? eval(fallback)
            case let other: return other
            }

        case .selectHas(let operand, let field):
            let v = eval(operand)
            if case .map(let m) = v { return .bool(m[field] != nil) }
            switch CELOperators.select(v, field, testOnly: false, optional: true) {
            case .optional(let o): return .bool(o.value != nil)
            case let other: return other
            }

        case .index(let operand, let index, let optional):
            let container = eval(operand)
            if case .error = container { return container }
            let key = eval(index)
            if case .error = key { return key }
            return CELOperators.index(container, key, optional: optional)

        case .call(let function, let argOps):
            var args: [CELValue] = []
            args.reserveCapacity(argOps.count)
            for a in argOps {
                let v = eval(a)
                if case .error = v { return v }
                args.append(v)
            }
            return charged(function.implementation(args))

        case .matches(let operand, let regex):
            let v = eval(operand)
            if case .error = v { return v }
            guard case .string(let s) = v else { return .noOverload("matches", [v]) }
            var steps = 0
            let found = regex.matches(s, steps: &steps, limit: max(0, budget.remaining + 1) << RegexProgram.stepsPerUnitShift)
            budget.remaining -= steps >> RegexProgram.stepsPerUnitShift
            guard let found, !budget.isExhausted else { return EvaluationBudget.exceeded }
            return .bool(found)

        case .unary(let op, let operand):
            let v = eval(operand)
            if case .error = v { return v }
            return CELOperators.unary(op, v)

        case .binary(let op, let l, let r):
            let a = eval(l)
            if case .error = a { return a }
            let b = eval(r)
            if case .error = b { return b }
            return charged(CELOperators.binary(op, a, b))

        case .and(let l, let r):
            let a = eval(l)
            if case .bool(false) = a { return a }
            let b = eval(r)
            if case .bool(false) = b { return b }
            if case .bool(true) = a, case .bool(true) = b { return .bool(true) }
            if case .error = a { return a }
            if case .error = b { return b }
            return .noOverload("_&&_", [a, b])

        case .or(let l, let r):
            let a = eval(l)
            if case .bool(true) = a { return a }
            let b = eval(r)
            if case .bool(true) = b { return b }
            if case .bool(false) = a, case .bool(false) = b { return .bool(false) }
            if case .error = a { return a }
            if case .error = b { return b }
            return .noOverload("_||_", [a, b])

        case .conditional(let c, let t, let f):
            switch eval(c) {
            case .bool(true): return eval(t)
            case .bool(false): return eval(f)
            case .error(let e): return .error(e)
            case let other: return .noOverload("_?_:_", [other])
            }

        case .list(let itemOps, let optional):
            var items: [CELValue] = []
            items.reserveCapacity(itemOps.count)
            for (i, itemOp) in itemOps.enumerated() {
                let v = eval(itemOp)
                if case .error = v { return v }
                if i < optional.count, optional[i] {
                    guard case .optional(let o) = v else { return .noOverload("optional list element", [v]) }
                    if let inner = o.value { items.append(inner) }
                } else {
                    items.append(v)
                }
            }
            return charged(.list(CELList(items)))

        case .map(let entryOps):
            var pairs: [(CELValue, CELValue)] = []
            for entry in entryOps {
                let k = eval(entry.key)
                if case .error = k { return k }
                let v = eval(entry.value)
                if case .error = v { return v }
                if entry.optional {
                    guard case .optional(let o) = v else { return .noOverload("optional map entry", [v]) }
                    if let inner = o.value { pairs.append((k, inner)) }
                } else {
                    pairs.append((k, v))
                }
            }
            switch CELMap.make(pairs) {
            case .success(let m): return charged(.map(m))
            case .failure(let e): return .error(e)
            }

        case .wellKnownValue(let fields):
            return wellKnownValue(fields)

        case .comprehension(let macro, let rangeOp, let slot, let slot2, let filter, let body):
            if macro == .optMap || macro == .optFlatMap { return optionalMacro(macro, eval(rangeOp), slot: slot, body: body) }
            return comprehension(macro, eval(rangeOp), slot: slot, slot2: slot2, filter: filter, body: body)
        }
    }

    /// `o.optMap(x, t)`: `optional.of(t)` with `x` bound to the value, or `optional.none()`;
    /// `o.optFlatMap(x, t)`: `t` itself, which must be an optional.
    private mutating func optionalMacro(_ macro: CELExpr.Comprehension.Macro, _ range: CELValue, slot: Int, body: CELOp) -> CELValue {
        guard case .optional(let o) = range else { return range.isError ? range : .noOverload(macro.rawValue, [range]) }
        guard let inner = o.value else { return .optional(.none) }
        locals[slot] = inner
        let v = eval(body)
        if case .error = v { return v }
        if macro == .optMap { return .optional(CELOptional(v)) }
        guard case .optional = v else { return .noOverload(macro.rawValue, [v]) }
        return v
    }

    // MARK: - Macros

    private mutating func comprehension(_ macro: CELExpr.Comprehension.Macro, _ range: CELValue, slot: Int, slot2: Int?, filter: CELOp?, body: CELOp) -> CELValue {
        let count: Int
        let isMap: Bool
        switch range {
        case .error: return range
        case .list(let l): count = l.count; isMap = false
        case .map(let m): count = m.count; isMap = true
        default: return .noOverload(macro.rawValue, [range])
        }
        var mapEntries: [(key: CELValue, value: CELValue)] = []
        var list: CELList?
        if case .map(let m) = range { mapEntries = m.entries }
        if case .list(let l) = range { list = l }

        var firstError: CELValue?
        var trueCount = 0
        var results: [CELValue] = []
        // Filtering a document list keeps its nodes, so a rule over the filtered items can still
        // point at each item in the file.
        // Likewise mapping a document list to one field of each item (`map(c, c.syllabus)`).
        var sourceNodes: [Node]? = nil
        var mapField: String? = nil
        if let nodes = list?.nodes {
            if macro == .filter { sourceNodes = nodes }
            if macro == .map, slot2 == nil, case .select(.local(slot), let field, false, false) = body {
                sourceNodes = nodes
                mapField = field
            }
        }
        var keptNodes: [Node] = []
        var mapPairs: [(CELValue, CELValue)] = []
        for i in 0..<count {
            budget.remaining -= 1
            if budget.isExhausted { return EvaluationBudget.exceeded }
            // Bind the variables: one variable gets the element (or key); two get index/key and value.
            if let slot2 {
                if isMap { locals[slot] = mapEntries[i].key; locals[slot2] = mapEntries[i].value } else { locals[slot] = .int(Int64(i)); locals[slot2] = list![i] }
            } else {
                locals[slot] = isMap ? mapEntries[i].key : list![i]
            }
            if let filter {
                switch eval(filter) {
                case .bool(true): break
                case .bool(false): continue
                case .error(let e): return .error(e)
                case let other: return .noOverload(macro.rawValue, [other])
                }
            }
            let v = eval(body)
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
                if let mapField, let child = sourceNodes?[i][mapField] { keptNodes.append(child) } else { results.append(v) }
            case .filter:
                switch v {
                case .bool(true):
                    if let sourceNodes { keptNodes.append(sourceNodes[i]) } else { results.append(locals[slot]) }
                case .bool(false): break
                case .error: return v
                default: return .noOverload("filter", [v])
                }
            case .transformMap:
                if case .error = v { return v }
                mapPairs.append((locals[slot], v))
            case .optMap, .optFlatMap:
                return .noOverload(macro.rawValue, [range])
            }
        }
        switch macro {
        case .all: return firstError ?? .bool(true)
        case .exists: return firstError ?? .bool(false)
        case .existsOne: return .bool(trueCount == 1)
        case .filter where sourceNodes != nil, .map where mapField != nil: return .list(CELList(nodes: keptNodes))
        case .map, .transformList, .filter: return .list(CELList(results))
        case .optMap, .optFlatMap: return .noOverload(macro.rawValue, [range])
        case .transformMap:
            switch CELMap.make(mapPairs) {
            case .success(let m): return .map(m)
            case .failure(let e): return .error(e)
            }
        }
    }

    // MARK: - Well-known protobuf values

    private mutating func wellKnownValue(_ fields: [(String, CELOp)]) -> CELValue {
        guard fields.count <= 1 else { return .fail(.invalidArgument, "google.protobuf.Value takes one field") }
        guard let (name, op) = fields.first else { return .null }
        let v = eval(op)
        if case .error = v { return v }
        switch (name, v) {
        case ("null_value", _): return .null
        case ("number_value", .double), ("string_value", .string), ("bool_value", .bool),
             ("struct_value", .map), ("list_value", .list): return v
        default: return .fail(.noSuchField, "no such field '\(name)' in google.protobuf.Value")
        }
    }

    // MARK: - Locating results in the document

    /// The document node an expression's result was read from, following selections and indexes
    /// from a variable bound to a node. When a field is missing, the nearest node above it.
    mutating func locate(_ op: CELOp, nodes: [Node?]) -> Node? {
        switch op {
        case .conditional(let c, let t, let f):
            guard case .bool(let b) = eval(c) else { return nil }
            return locate(b ? t : f, nodes: nodes)
        case .global(let slot): return slot < nodes.count ? nodes[slot] : nil
        case .select(let operand, let field, _, _):
            guard let base = locate(operand, nodes: nodes) else { return nil }
            return base[field] ?? base
        case .index(let operand, .constant(let key), _):
            guard let base = locate(operand, nodes: nodes) else { return nil }
            switch key {
            case .int(let i): return base[Int(i)] ?? base
            case .uint(let u): return Int(exactly: u).flatMap { base[$0] } ?? base
            case .string(let s): return base[s] ?? base
            default: return base
            }
        default: return nil
        }
    }
}
