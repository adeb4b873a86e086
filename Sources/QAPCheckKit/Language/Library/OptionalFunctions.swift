/// Optional values: `optional.of`, `optional.none`, `optional.ofNonZeroValue`, and `hasValue`,
/// `value`, `orValue` and `or` on them.
enum OptionalFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("optional.of", .global, arity: 1...1) { .optional(CELOptional($0[0])) },
            CELFunction("optional.none", .global, arity: 0...0) { _ in .optional(.none) },
            CELFunction("optional.ofNonZeroValue", .global, arity: 1...1) { args in
                .optional(isZero(args[0]) ? .none : CELOptional(args[0]))
            },
            CELFunction("hasValue", .receiver, arity: 0...0) { args in
                guard case .optional(let o) = args[0] else { return .noOverload("hasValue", args) }
                return .bool(o.value != nil)
            },
            CELFunction("value", .receiver, arity: 0...0) { args in
                guard case .optional(let o) = args[0] else { return .noOverload("value", args) }
                return o.value ?? .fail(.noValue, "optional.none() has no value")
            },
            CELFunction("orValue", .receiver, arity: 1...1) { args in
                guard case .optional(let o) = args[0] else { return .noOverload("orValue", args) }
                return o.value ?? args[1]
            },
            CELFunction("or", .receiver, arity: 1...1) { args in
                guard case .optional(let o) = args[0], case .optional = args[1] else { return .noOverload("or", args) }
                return o.value != nil ? args[0] : args[1]
            },
        ]
    }

    private static func isZero(_ v: CELValue) -> Bool {
        switch v {
        case .null: return true
        case .bool(let b): return !b
        case .int(let i): return i == 0
        case .uint(let u): return u == 0
        case .double(let d): return d == 0
        case .string(let s): return s.isEmpty
        case .bytes(let b): return b.isEmpty
        case .list(let l): return l.count == 0
        case .map(let m): return m.count == 0
        default: return false
        }
    }
}
