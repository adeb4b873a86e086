import Synchronization

/// The leaves and selections of a planned expression: constants, variables, field selection and
/// indexing.

/// A value known when the rule set loads: a literal, or a selection from `params` folded away.
final class ConstantNode: Interpretable, @unchecked Sendable {
    let value: CELValue
    init(_ value: CELValue) { self.value = value }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue { value }
}

/// A variable of the evaluation (`doc`, `params`, `asOf`, a `let`), by slot.
final class GlobalNode: Interpretable, @unchecked Sendable {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        slot < frame.globals.count ? frame.globals[slot] : .fail(.undeclared, "no value bound for variable \(slot)")
    }
}

/// A comprehension variable, by slot.
final class LocalNode: Interpretable, @unchecked Sendable {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue { frame.locals[slot] }
}

/// An error found when planning that only matters if evaluation reaches it (an unchecked name).
final class FailNode: Interpretable, @unchecked Sendable {
    let error: CELError
    init(_ error: CELError) { self.error = error }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue { .error(error) }
}

/// `x.f`, `has(x.f)` and `x.?f`.
final class SelectNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let field: String
    let testOnly: Bool
    let optional: Bool
    /// The variable, when the operand is one (`c.hours` in a fold, `doc.cases`).
    let variable: VariableSlot?
    init(_ operand: Interpretable, _ field: String, testOnly: Bool, optional: Bool) {
        self.operand = operand
        self.field = field
        self.testOnly = testOnly
        self.optional = optional
        self.variable = VariableSlot(operand)
    }
    /// Where `field` was in the last object read (see `MemberHint`).
    private let hint = MemberHint()

    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        if let variable {
            if testOnly, let has = frame.has(variable, field) { return .bool(has) }
            if !testOnly && !optional, let found = frame.field(of: variable, field, hint: hint) { return found }
        }
        let v = operand.eval(&frame)
        if !testOnly && !optional, case .map(let m) = v, let found = hint.member(field, of: m) { return found }
        return CELOperators.select(v, field, testOnly: testOnly, optional: optional)
    }
}

/// `x.?f.orValue(d)`, without building the optional.
final class SelectOrNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let field: String
    let fallback: Interpretable
    /// The variable, when the operand is one (`c.?role` in a fold, `doc.?cases`).
    let variable: VariableSlot?
    /// When the operand is itself an optional select, `y.?g` in `y.?g.?f.orValue(d)`: its
    /// operand and field, so that `y.g` is read without being boxed as an optional (an
    /// allocation), and then its member without another.
    let middle: (operand: Interpretable, field: String)?
    init(_ operand: Interpretable, _ field: String, _ fallback: Interpretable) {
        self.operand = operand
        self.field = field
        self.fallback = fallback
        self.variable = VariableSlot(operand)
        if let select = operand as? SelectNode, select.optional, !select.testOnly {
            middle = (select.operand, select.field)
        } else {
            middle = nil
        }
    }
    /// Where `field`, and the middle's field, were in the last objects read (see `MemberHint`).
    private let hint = MemberHint()
    private let middleHint = MemberHint()

    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        if let variable, let found = frame.field(of: variable, field, hint: hint) { return found }
        var v: CELValue
        if let middle {
            v = middle.operand.eval(&frame)
            if case .map(let m) = v {
                // `y.?g` is empty, and so is its `.?f`; present, it is what the optional would
                // have held, read below as the optional's value would be.
                guard let inner = middleHint.member(middle.field, of: m) else { return fallback.eval(&frame) }
                v = inner
            } else {
                v = CELOperators.select(v, middle.field, testOnly: false, optional: true)
            }
        } else {
            v = operand.eval(&frame)
        }
        if case .map(let m) = v { return hint.member(field, of: m) ?? fallback.eval(&frame) }
        switch CELOperators.select(v, field, testOnly: false, optional: true) {
        case .optional(let o): return o.value ?? fallback.eval(&frame)
        case let other: return other
        }
    }
}

/// `x.?f.hasValue()`, without building the optional.
final class SelectHasNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let field: String
    /// The variable, when the operand is one (see `SelectNode`).
    let variable: VariableSlot?
    init(_ operand: Interpretable, _ field: String) {
        self.operand = operand
        self.field = field
        self.variable = VariableSlot(operand)
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        if let variable, let has = frame.has(variable, field) { return .bool(has) }
        let v = operand.eval(&frame)
        if case .map(let m) = v { return .bool(m[field] != nil) }
        switch CELOperators.select(v, field, testOnly: false, optional: true) {
        case .optional(let o): return .bool(o.value != nil)
        case let other: return other
        }
    }
}

/// `x[k]` and `x[?k]`.
final class IndexNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let index: Interpretable
    let optional: Bool
    init(_ operand: Interpretable, _ index: Interpretable, optional: Bool) {
        self.operand = operand
        self.index = index
        self.optional = optional
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let container = operand.eval(&frame)
        if case .error = container { return container }
        let key = index.eval(&frame)
        if case .error = key { return key }
        return CELOperators.index(container, key, optional: optional)
    }
}

/// A `google.protobuf.Value` message literal, the one message the language here builds.
final class WellKnownValueNode: Interpretable, @unchecked Sendable {
    let fields: [(String, Interpretable)]
    init(_ fields: [(String, Interpretable)]) { self.fields = fields }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        guard fields.count <= 1 else { return .fail(.invalidArgument, "google.protobuf.Value takes one field") }
        guard let (name, node) = fields.first else { return .null }
        let v = node.eval(&frame)
        if case .error = v { return v }
        switch (name, v) {
        case ("null_value", _): return .null
        case ("number_value", .double), ("string_value", .string), ("bool_value", .bool),
             ("struct_value", .map), ("list_value", .list): return v
        default: return .fail(.noSuchField, "no such field '\(name)' in google.protobuf.Value")
        }
    }
}

/// Where a select found its field in the last object it read: dossiers of one kind write their
/// fields in one order, so the guess is nearly always right, and one comparison of names then
/// finds the member instead of one for every member before it (see `CELMap.member(_:hint:)`).
///
/// A class holding an atomic, loaded and stored relaxed: planned nodes may be shared by threads,
/// and any value is only a first guess, checked before it is used.
final class MemberHint: Sendable {
    private let place = Atomic<Int>(0)

    /// The member `field` of `m`, looked for first where it was last time.
    @inline(__always)
    func member(_ field: String, of m: CELMap) -> CELValue? {
        let before = place.load(ordering: .relaxed)
        var found = before
        let value = m.member(field, hint: &found)
        if found != before { place.store(found, ordering: .relaxed) }
        return value
    }
}
