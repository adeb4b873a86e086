/// One node of a planned expression: it evaluates itself against a frame.
///
/// The compiled tree (`CELOp`) is planned once per rule set into these nodes, as cel-go plans its
/// checked ASTs: each node holds exactly what it needs (a constant, a slot, a field name, a
/// function and its arguments by arity, an overload chosen by the operands' static types), so
/// evaluating walks final classes through one virtual call per node instead of switching over an
/// indirect enum and copying its payloads.
///
/// Nodes are immutable once planned, so sharing them between threads is safe; each worker still
/// has its own compiled copy of the rule set, so no reference count is shared between cores.
class Interpretable: @unchecked Sendable {
    /// What the node evaluates to. Errors are values, as everywhere in CEL.
    func eval(_ frame: inout EvaluationFrame) -> CELValue {
        .fail(.undeclared, "an abstract node was evaluated")
    }
}

/// What one evaluation reads and spends: the variables' values by slot, the comprehension
/// variables, and the budget shared by every evaluation of one rule on one document.
struct EvaluationFrame {
    let globals: [CELValue]
    var locals: [CELValue]
    var budget: EvaluationBudget

    init(globals: [CELValue], localCount: Int, budget: EvaluationBudget) {
        self.globals = globals
        self.locals = Array(repeating: .null, count: localCount)
        self.budget = budget
    }

    /// The member `field` of the comprehension variable in `slot`, read where the variable lies,
    /// when it is a map holding one: copying the map out of the frame first (as evaluating the
    /// variable does) cost a retain and a release for every field a fold reads.
    @inline(__always)
    func fieldOfLocal(_ slot: Int, _ field: String) -> CELValue? {
        locals.withUnsafeBufferPointer { locals in
            guard case .map(let m) = locals[slot] else { return nil }
            return m[field]
        }
    }

    /// Whether the comprehension variable in `slot` has the member `field` (`has(c.id)`), when
    /// it is a map: answered where the variable lies, without making the member a value.
    @inline(__always)
    func localHasField(_ slot: Int, _ field: String) -> Bool? {
        locals.withUnsafeBufferPointer { locals in
            guard case .map(let m) = locals[slot] else { return nil }
            return m.has(field)
        }
    }

    /// Charges what a built value costs; the budget error once the units have run out.
    @inline(__always)
    mutating func charged(_ value: CELValue) -> CELValue {
        switch value {
        case .list(let l): budget.remaining -= l.count
        case .map(let m): budget.remaining -= m.count
        case .string(let s): budget.remaining -= s.utf8.count >> 4
        default: return value
        }
        return budget.isExhausted ? EvaluationBudget.exceeded : value
    }
}
