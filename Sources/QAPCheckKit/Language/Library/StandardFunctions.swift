import Foundation

/// The standard functions of the CEL language definition: size, the string predicates and the
/// type conversions.
enum StandardFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("size", .global, unary: size),
            CELFunction("size", .receiver, unary: size),
            stringPredicate("contains") { hay, needle in
                let h = Array(hay.utf8), n = Array(needle.utf8)
                guard n.count <= h.count else { return false }
                if n.isEmpty { return true }
                return (0...(h.count - n.count)).contains { h[$0..<$0 + n.count].elementsEqual(n) }
            },
            stringPredicate("startsWith") { $0.unicodeScalars.starts(with: $1.unicodeScalars) },
            stringPredicate("endsWith") { $0.unicodeScalars.reversed().starts(with: $1.unicodeScalars.reversed()) },
            CELFunction("matches", .receiver, arity: 1...1) { matches($0) },
            CELFunction("matches", .global, arity: 2...2) { matches($0) },
            CELFunction("int", .global, unary: toInt),
            CELFunction("uint", .global, unary: toUInt),
            CELFunction("double", .global, unary: toDouble),
            CELFunction("string", .global, unary: toString),
            CELFunction("bytes", .global, unary: toBytes),
            CELFunction("bool", .global, unary: toBool),
            CELFunction("type", .global) { .type($0.type) },
            CELFunction("dyn", .global) { $0 },
        ]
    }

    static func size(_ v: CELValue) -> CELValue {
        switch v {
        case .string(let s): return .int(Int64(s.unicodeScalars.count))
        case .bytes(let b): return .int(Int64(b.count))
        case .list(let l): return .int(Int64(l.count))
        case .map(let m): return .int(Int64(m.count))
        default: return .noOverload("size", [v])
        }
    }

    private static func stringPredicate(_ name: String, _ test: @escaping @Sendable (String, String) -> Bool) -> CELFunction {
        CELFunction(name, .receiver, arity: 1...1) { args in
            guard case .string(let s) = args[0], case .string(let t) = args[1] else { return .noOverload(name, args) }
            return .bool(test(s, t))
        }
    }

    private static func matches(_ args: [CELValue]) -> CELValue {
        guard case .string(let s) = args[0], case .string(let pattern) = args[1] else { return .noOverload("matches", args) }
        let regex: CELRegex
        do { regex = try CELRegex(pattern) } catch { return .fail(.invalidArgument, "invalid regular expression: \(error)") }
        guard let found = regex.matches(s) else { return EvaluationBudget.exceeded }
        return .bool(found)
    }

    // MARK: - Conversions

    static func toInt(_ v: CELValue) -> CELValue {
        switch v {
        case .int: return v
        case .uint(let u): return u <= UInt64(Int64.max) ? .int(Int64(u)) : .fail(.overflow, "range error: \(u) does not fit an int")
        case .double(let d):
            guard d.isFinite, d > -9223372036854775808.0, d < 9223372036854775808.0 else { return .fail(.overflow, "range error: \(d) does not fit an int") }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { return .fail(.conversion, "cannot convert '\(s)' to int") }
            return .int(i)
        case .timestamp(let t): return .int(t.seconds)
        default: return .noOverload("int", [v])
        }
    }

    static func toUInt(_ v: CELValue) -> CELValue {
        switch v {
        case .uint: return v
        case .int(let i): return i >= 0 ? .uint(UInt64(i)) : .fail(.overflow, "range error: \(i) does not fit a uint")
        case .double(let d):
            guard d.isFinite, d > -1, d < 18446744073709551616.0 else { return .fail(.overflow, "range error: \(d) does not fit a uint") }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s):
            guard let u = UInt64(s) else { return .fail(.conversion, "cannot convert '\(s)' to uint") }
            return .uint(u)
        default: return .noOverload("uint", [v])
        }
    }

    static func toDouble(_ v: CELValue) -> CELValue {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            switch s {
            case "NaN": return .double(.nan)
            case "Infinity", "+Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default:
                guard let d = Double(s), !s.lowercased().contains("n") else { return .fail(.conversion, "cannot convert '\(s)' to double") }
                return .double(d)
            }
        default: return .noOverload("double", [v])
        }
    }

    static func toString(_ v: CELValue) -> CELValue {
        switch v {
        case .string: return v
        case .bool(let b): return .string(b ? "true" : "false")
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(CELFormat.double(d))
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { return .fail(.conversion, "bytes are not valid UTF-8") }
            return .string(s)
        case .date(let d): return .string(d.description)
        case .timestamp(let t): return .string(t.description)
        case .duration(let d): return .string(d.description)
        case .type(let t): return .string(t.name)
        default: return .noOverload("string", [v])
        }
    }

    static func toBytes(_ v: CELValue) -> CELValue {
        switch v {
        case .bytes: return v
        case .string(let s): return .bytes(Array(s.utf8))
        default: return .noOverload("bytes", [v])
        }
    }

    static func toBool(_ v: CELValue) -> CELValue {
        switch v {
        case .bool: return v
        case .string(let s):
            switch s {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: return .fail(.conversion, "Type conversion error: cannot convert '\(s)' to bool")
            }
        default: return .noOverload("bool", [v])
        }
    }
}
