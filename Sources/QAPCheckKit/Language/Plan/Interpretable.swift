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
        self.locals = Array(filledWith: .null, count: localCount)
        self.budget = budget
    }

    /// Whether a variable has the member `field` (`has(c.id)`), when it is a map: answered where
    /// the variable lies, without making the member a value.
    @inline(__always)
    func has(_ variable: VariableSlot, _ field: String) -> Bool? {
        map(of: variable) { $0.has(field) }
    }

    /// The member `field` of a variable, read where the variable lies, when it is a map holding
    /// one; looked for first where `hint` says it was last time. Copying the map out of the frame
    /// first (as evaluating the variable does) cost a retain, a release and the value's outlined
    /// destruction for every field a rule reads of `doc`, `item` or a fold's variable.
    @inline(__always)
    func field(of variable: VariableSlot, _ field: String, hint: MemberHint) -> CELValue? {
        switch variable {
        case .local(let slot): Self.map(in: locals, at: slot) { hint.member(field, of: $0) }
        case .global(let slot): Self.map(in: globals, at: slot) { hint.member(field, of: $0) }
        }
    }

    @inline(__always)
    private func map<T>(of variable: VariableSlot, _ read: (CELMap) -> T?) -> T? {
        switch variable {
        case .local(let slot): Self.map(in: locals, at: slot, read)
        case .global(let slot): Self.map(in: globals, at: slot, read)
        }
    }

    /// `read` of the map in `values[slot]`; nil when there is no map there.
    @inline(__always)
    private static func map<T>(in values: [CELValue], at slot: Int, _ read: (CELMap) -> T?) -> T? {
        values.withUnsafeBufferPointer { values in
            guard slot < values.count, case .map(let m) = values[slot] else { return nil }
            return read(m)
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

/// A variable a select reads in place (see `EvaluationFrame.field(of:_:hint:)`): a comprehension
/// variable or a rule variable, by slot.
enum VariableSlot {
    case local(Int)
    case global(Int)

    /// The variable `node` reads; nil when it is no variable.
    init?(_ node: Interpretable) {
        if let local = node as? LocalNode {
            self = .local(local.slot)
        } else if let global = node as? GlobalNode {
            self = .global(global.slot)
        } else {
            return nil
        }
    }
}
