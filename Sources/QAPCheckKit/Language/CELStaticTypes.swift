/// The overloads of CEL's operators by operand type, for checking an expression when it
/// compiles: the result type of an operator on operands of known types, or nil when no overload
/// takes them (`1 + 'a'`, `'a' < 1`, `-true`). Equality takes any two values, as at run time.
enum CELStaticTypes {
    static func unary(_ op: UnaryOperator, _ t: CELType) -> CELType? {
        switch (op, t) {
        case (.not, .bool): return .bool
        case (.negate, .int), (.negate, .double): return t
        default: return nil
        }
    }

    static func binary(_ op: BinaryOperator, _ a: CELType, _ b: CELType) -> CELType? {
        let numbers: Set<CELType> = [.int, .uint, .double]
        switch op {
        case .equal, .notEqual:
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if numbers.contains(a) && numbers.contains(b) { return .bool }
            return a == b && [.string, .bytes, .bool, .date, .timestamp, .duration].contains(a) ? .bool : nil
        case .in:
            return [.list, .map].contains(b) ? .bool : nil
        case .add:
            switch (a, b) {
            case (.timestamp, .duration), (.duration, .timestamp): return .timestamp
            default: return a == b && [.int, .uint, .double, .string, .bytes, .list, .duration].contains(a) ? a : nil
            }
        case .subtract:
            switch (a, b) {
            case (.timestamp, .timestamp): return .duration
            case (.timestamp, .duration): return .timestamp
            default: return a == b && [.int, .uint, .double, .duration].contains(a) ? a : nil
            }
        case .multiply, .divide:
            return a == b && numbers.contains(a) ? a : nil
        case .remainder:
            return a == b && (a == .int || a == .uint) ? a : nil
        }
    }
}
