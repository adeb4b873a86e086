import Foundation

/// Aggregates over lists for rules: `sum`, `min` and `max`, called as `sum(xs)` or `xs.sum()`.
///
/// `sum` keeps CEL's rule of no implicit arithmetic between int and double: a list of ints sums
/// to an int, of doubles to a double, and a mix is an error. Doubles are added as the decimals
/// they were written as (hours and amounts are decimal numbers): 25 cases of 7.7 hours and one of
/// 7.5 make exactly 200, not 199.99999999999994. The sum of an empty list is `0`,
/// which compares with any number. `min` and `max` compare across numeric types and also order
/// strings and dates; they are an error on an empty list.
enum AggregateFunctions {
    static var all: [CELFunction] {
        var out: [CELFunction] = []
        for style in [CELFunction.Style.global, .receiver] {
            out.append(CELFunction("sum", style, unary: sum))
            out.append(CELFunction("min", style) { extreme($0, name: "min", greatest: false) })
            out.append(CELFunction("max", style) { extreme($0, name: "max", greatest: true) })
        }
        return out
    }

    private static func sum(_ v: CELValue) -> CELValue {
        guard case .list(let l) = v else { return .noOverload("sum", [v]) }
        if let exact = decimalSum(l) { return .double(exact) }
        var total: CELValue = .int(0)
        for (i, v) in l.enumerated() {
            if i == 0 {
                guard CELOperators.isNumber(v) else { return .noOverload("sum", [v]) }
                total = v
                continue
            }
            total = CELOperators.binary(.add, total, v)
            if case .error(let e) = total { return .fail(.noSuchOverload, "sum needs numbers of one type (\(e.message))") }
        }
        return total
    }

    /// The sum of a list of finite doubles, each taken as the shortest decimal that reads back
    /// as it, added exactly and rounded once to the nearest double; nil for any other list.
    static func decimalSum(_ l: CELList) -> Double? {
        guard l.count > 0 else { return nil }
        if let scaled = ScaledDecimalSum(l) { return scaled.value }
        var total = Decimal(0)
        for v in l {
            guard case .double(let d) = v, d.isFinite, let exact = Decimal(string: NumberFormatting.shortest(d), locale: nil) else { return nil }
            total += exact
        }
        guard total.isFinite else { return nil }
        return Double(total.description)
    }

    private static func extreme(_ v: CELValue, name: String, greatest: Bool) -> CELValue {
        guard case .list(let l) = v else { return .noOverload(name, [v]) }
        guard l.count > 0 else { return .fail(.invalidArgument, "\(name) of an empty list") }
        var best = l[0]
        for v in l {
            guard let order = CELOperators.compare(v, best) else { return .noOverload(name, [v, best]) }
            if greatest ? order > 0 : order < 0 { best = v }
        }
        return best
    }
}
