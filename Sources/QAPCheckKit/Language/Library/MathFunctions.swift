/// The CEL math extension: greatest and least across numeric types, rounding, abs and sign,
/// the floating-point predicates and the bit operations.
enum MathFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("math.greatest", .global, arity: 1...64) { extreme($0, name: "math.greatest", greatest: true) },
            CELFunction("math.least", .global, arity: 1...64) { extreme($0, name: "math.least", greatest: false) },
            rounding("math.ceil") { $0.rounded(.up) },
            rounding("math.floor") { $0.rounded(.down) },
            rounding("math.round") { $0.rounded(.toNearestOrAwayFromZero) },
            rounding("math.trunc") { $0.rounded(.towardZero) },
            CELFunction("math.abs", .global, arity: 1...1) { args in
                switch args[0] {
                case .int(let i): return i == .min ? .fail(.overflow, "integer overflow in math.abs") : .int(abs(i))
                case .uint: return args[0]
                case .double(let d): return .double(abs(d))
                default: return .noOverload("math.abs", args)
                }
            },
            CELFunction("math.sign", .global, arity: 1...1) { args in
                switch args[0] {
                case .int(let i): return .int(i.signum())
                case .uint(let u): return .uint(u == 0 ? 0 : 1)
                case .double(let d): return .double(d.isNaN ? d : (d > 0 ? 1 : (d < 0 ? -1 : 0)))
                default: return .noOverload("math.sign", args)
                }
            },
            predicate("math.isNaN") { $0.isNaN },
            predicate("math.isInf") { $0.isInfinite },
            predicate("math.isFinite") { $0.isFinite },
            bitwise("math.bitAnd", { $0 & $1 }, { $0 & $1 }),
            bitwise("math.bitOr", { $0 | $1 }, { $0 | $1 }),
            bitwise("math.bitXor", { $0 ^ $1 }, { $0 ^ $1 }),
            CELFunction("math.bitNot", .global, arity: 1...1) { args in
                switch args[0] {
                case .int(let i): return .int(~i)
                case .uint(let u): return .uint(~u)
                default: return .noOverload("math.bitNot", args)
                }
            },
            shift("math.bitShiftLeft", left: true),
            shift("math.bitShiftRight", left: false),
        ]
    }

    private static func extreme(_ args: [CELValue], name: String, greatest: Bool) -> CELValue {
        var values = args
        if args.count == 1 {
            if case .list(let l) = args[0] { values = l.values } else if !CELOperators.isNumber(args[0]) { return .noOverload(name, args) }
        }
        guard var best = values.first else { return .fail(.invalidArgument, "\(name) needs at least one value") }
        for v in values {
            guard CELOperators.isNumber(v) else { return .noOverload(name, [v]) }
            guard let order = CELOperators.compareNumbers(v, best) else { continue }
            if greatest ? order > 0 : order < 0 { best = v }
        }
        return best
    }

    private static func rounding(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> CELFunction {
        CELFunction(name, .global, arity: 1...1) { args in
            guard case .double(let d) = args[0] else { return .noOverload(name, args) }
            return .double(f(d))
        }
    }

    private static func predicate(_ name: String, _ f: @escaping @Sendable (Double) -> Bool) -> CELFunction {
        CELFunction(name, .global, arity: 1...1) { args in
            guard case .double(let d) = args[0] else { return .noOverload(name, args) }
            return .bool(f(d))
        }
    }

    private static func bitwise(_ name: String, _ i: @escaping @Sendable (Int64, Int64) -> Int64, _ u: @escaping @Sendable (UInt64, UInt64) -> UInt64) -> CELFunction {
        CELFunction(name, .global, arity: 2...2) { args in
            switch (args[0], args[1]) {
            case (.int(let a), .int(let b)): return .int(i(a, b))
            case (.uint(let a), .uint(let b)): return .uint(u(a, b))
            default: return .noOverload(name, args)
            }
        }
    }

    private static func shift(_ name: String, left: Bool) -> CELFunction {
        CELFunction(name, .global, arity: 2...2) { args in
            guard case .int(let n) = args[1] else { return .noOverload(name, args) }
            guard n >= 0 else { return .fail(.invalidArgument, "\(name): negative shift \(n)") }
            switch args[0] {
            case .int(let x):
                if n >= 64 { return .int(0) }
                let bits = UInt64(bitPattern: x)
                return .int(Int64(bitPattern: left ? bits << UInt64(n) : bits >> UInt64(n)))
            case .uint(let x):
                if n >= 64 { return .uint(0) }
                return .uint(left ? x << UInt64(n) : x >> UInt64(n))
            default: return .noOverload(name, args)
            }
        }
    }
}
