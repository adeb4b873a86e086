/// Operators, the logical connectives and the conditional, planned. Where the planner knows both
/// operands' types when the rule set loads, it gives the node that overload, so evaluating tries
/// it first and falls back to the general dispatch only if a value is not of that type (an error
/// value, most often).

/// `!x` and `-x`.
final class UnaryNode: Interpretable, @unchecked Sendable {
    let op: UnaryOperator
    let operand: Interpretable
    init(_ op: UnaryOperator, _ operand: Interpretable) {
        self.op = op
        self.operand = operand
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let v = operand.eval(&frame)
        if case .error = v { return v }
        if op == .not, case .bool(let b) = v { return .bool(!b) }
        return CELOperators.unary(op, v)
    }
}

/// A binary operator whose overload is chosen by the operands' types at run time.
final class BinaryNode: Interpretable, @unchecked Sendable {
    let op: BinaryOperator
    let left: Interpretable
    let right: Interpretable
    init(_ op: BinaryOperator, _ left: Interpretable, _ right: Interpretable) {
        self.op = op
        self.left = left
        self.right = right
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let a = left.eval(&frame)
        if case .error = a { return a }
        let b = right.eval(&frame)
        if case .error = b { return b }
        if let decided = Self.sameType(op, a, b) { return decided }
        return frame.charged(CELOperators.binary(op, a, b))
    }

    /// Operands of one type read from a document (whose types are only known per document): the
    /// answer `CELOperators.binary` gives, without its switch over every pair of types. nil for
    /// every other case, which takes the general path.
    @inline(__always)
    static func sameType(_ op: BinaryOperator, _ a: CELValue, _ b: CELValue) -> CELValue? {
        switch a {
        case .string(let x):
            guard case .string(let y) = b else { return nil }
            switch op {
            case .equal: return .bool(CELOperators.utf8Equal(x, y))
            case .notEqual: return .bool(!CELOperators.utf8Equal(x, y))
            default: return nil
            }
        case .double(let x):
            guard case .double(let y) = b else { return nil }
            if let compared = op.compared(x, y) { return compared }
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            default: return nil
            }
        case .int(let x):
            guard case .int(let y) = b else { return nil }
            return op.compared(x, y)
        case .bool(let x):
            guard case .bool(let y) = b else { return nil }
            switch op {
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            default: return nil
            }
        default:
            return nil
        }
    }
}

extension BinaryOperator {
    /// The answer of an ordering or equality on two values of one ordered type; nil for the
    /// other operators. For doubles it is IEEE's, which is CEL's: NaN is unordered and unequal.
    @inline(__always)
    func compared<T: Comparable>(_ x: T, _ y: T) -> CELValue? {
        switch self {
        case .less: return .bool(x < y)
        case .lessOrEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterOrEqual: return .bool(x >= y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        default: return nil
        }
    }
}

/// The overload of an ordering or equality chosen when the rule set loads, by operand type.
enum ResolvedComparison: Sendable {
    case int, double, string, date

    init?(_ a: CELType?, _ b: CELType?) {
        switch (a, b) {
        case (.int?, .int?): self = .int
        case (.double?, .double?): self = .double
        case (.string?, .string?): self = .string
        case (.date?, .date?): self = .date
        default: return nil
        }
    }
}

/// `<`, `<=`, `>`, `>=`, `==` and `!=` on operands whose types are known when the rule set loads.
final class ResolvedComparisonNode: Interpretable, @unchecked Sendable {
    let op: BinaryOperator
    let overload: ResolvedComparison
    let left: Interpretable
    let right: Interpretable
    init(_ op: BinaryOperator, _ overload: ResolvedComparison, _ left: Interpretable, _ right: Interpretable) {
        self.op = op
        self.overload = overload
        self.left = left
        self.right = right
    }

    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let a = left.eval(&frame)
        if case .error = a { return a }
        let b = right.eval(&frame)
        if case .error = b { return b }
        let decided: CELValue?
        switch (overload, a, b) {
        case (.int, .int(let x), .int(let y)): decided = op.compared(x, y)
        case (.date, .date(let x), .date(let y)): decided = op.compared(x, y)
        case (.double, .double(let x), .double(let y)) where !x.isNaN && !y.isNaN: decided = op.compared(x, y)
        case (.string, .string(let x), .string(let y)) where op == .equal: decided = .bool(CELOperators.utf8Equal(x, y))
        case (.string, .string(let x), .string(let y)) where op == .notEqual: decided = .bool(!CELOperators.utf8Equal(x, y))
        default: decided = nil
        }
        return decided ?? CELOperators.binary(op, a, b)
    }
}

/// `a && b` and `a || b`, with CEL's commutative logic: the deciding value (false for `&&`,
/// true for `||`) wins over an error on either side.
final class LogicNode: Interpretable, @unchecked Sendable {
    /// The value that decides: false for `&&`, true for `||`.
    let decisive: Bool
    let left: Interpretable
    let right: Interpretable
    init(decisive: Bool, _ left: Interpretable, _ right: Interpretable) {
        self.decisive = decisive
        self.left = left
        self.right = right
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let a = left.eval(&frame)
        if case .bool(let x) = a, x == decisive { return a }
        let b = right.eval(&frame)
        if case .bool(let y) = b, y == decisive { return b }
        if case .bool = a, case .bool = b { return .bool(!decisive) }
        if case .error = a { return a }
        if case .error = b { return b }
        return .noOverload(decisive ? "_||_" : "_&&_", [a, b])
    }
}

/// `c ? t : f`.
final class ConditionalNode: Interpretable, @unchecked Sendable {
    let condition: Interpretable
    let then: Interpretable
    let otherwise: Interpretable
    init(_ condition: Interpretable, _ then: Interpretable, _ otherwise: Interpretable) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        switch condition.eval(&frame) {
        case .bool(true): return then.eval(&frame)
        case .bool(false): return otherwise.eval(&frame)
        case .error(let e): return .error(e)
        case let other: return .noOverload("_?_:_", [other])
        }
    }
}

/// `s.matches(p)` with a constant pattern, compiled when the rule set loads; its steps are
/// charged to the budget, so a match is linear in the text and bounded.
final class MatchesNode: Interpretable, @unchecked Sendable {
    let operand: Interpretable
    let regex: CELRegex
    init(_ operand: Interpretable, _ regex: CELRegex) {
        self.operand = operand
        self.regex = regex
    }
    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let v = operand.eval(&frame)
        if case .error = v { return v }
        guard case .string(let s) = v else { return .noOverload("matches", [v]) }
        var steps = 0
        let found = regex.matches(s, steps: &steps, limit: max(0, frame.budget.remaining + 1) << RegexProgram.stepsPerUnitShift)
        frame.budget.remaining -= steps >> RegexProgram.stepsPerUnitShift
        guard let found, !frame.budget.isExhausted else { return EvaluationBudget.exceeded }
        return .bool(found)
    }
}

/// `x in [...]` where the list is a few strings known when the rule set loads (a literal, or a
/// parameter folded away): `role in params.mediationRoles` inside a fold over every case. A
/// string is compared with each item's bytes where it lies; anything else takes the general
/// operator, so the answer is the general one (a string equals only a string).
final class InConstantStringsNode: Interpretable, @unchecked Sendable {
    /// Lists longer than this keep the general path, whose search indexes a list searched often.
    static let maxItems = 16

    let element: Interpretable
    let list: CELValue
    let strings: [String]

    /// nil unless `list` is a list of at most `maxItems` strings.
    init?(_ element: Interpretable, in list: CELValue) {
        guard case .list(let l) = list, l.count <= Self.maxItems, let strings = Self.strings(list) else { return nil }
        self.element = element
        self.list = list
        self.strings = strings
    }

    /// The texts of `list` when it is a list of strings only; nil for anything else.
    static func strings(_ list: CELValue) -> [String]? {
        guard case .list(let l) = list else { return nil }
        var strings: [String] = []
        for v in l.values {
            guard case .string(let s) = v else { return nil }
            strings.append(s)
        }
        return strings
    }

    override func eval(_ frame: inout EvaluationFrame) -> CELValue {
        let a = element.eval(&frame)
        if case .error = a { return a }
        guard case .string(let s) = a else { return frame.charged(CELOperators.binary(.in, a, list)) }
        for t in strings where CELOperators.utf8Equal(s, t) { return .bool(true) }
        return .bool(false)
    }
}
