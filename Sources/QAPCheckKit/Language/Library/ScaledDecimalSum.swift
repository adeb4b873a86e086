/// `sum` over doubles, added exactly as the decimals they were written as, in integers.
///
/// Hours and amounts have a few decimals at most, so each double is an integer over a small
/// power of ten: 7.7 is 77 / 10. Scaled to a common power, they add exactly in 64 bits, and one
/// division rounds the total to the nearest double, which is the answer `Decimal` gives through
/// text at a hundredth of the cost. Anything outside that range (more than 15 significant digits,
/// totals past 2^53) returns nil and takes the `Decimal` path.
struct ScaledDecimalSum {
    /// The exact total is `units / 10^scale`.
    private(set) var units: Int64 = 0
    private(set) var scale = 0

    private static let powers: [Int64] = (0...15).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }
    private static let exactLimit: Int64 = 1 << 53

    init?(_ list: CELList) {
        for v in list {
            guard case .double(let d) = v, let (m, k) = Self.decimal(d), add(m, scale: k) else { return nil }
        }
        guard units.magnitude < Self.exactLimit else { return nil }
    }

    /// The total as the nearest double: both operands are exact doubles, so IEEE division rounds
    /// the true quotient once.
    var value: Double { Double(units) / Double(Self.powers[scale]) }

    /// The fewest decimals `k` and the integer `m` such that `m / 10^k` reads back as `d`: the
    /// value of the shortest decimal that prints `d`.
    static func decimal(_ d: Double) -> (Int64, Int)? {
        guard d.isFinite, d.magnitude < 1e15 else { return nil }
        for k in 0..<powers.count {
            let p = Double(powers[k])
            let scaled = (d * p).rounded()
            // Fifteen significant digits at most: decimals that short lie more than a double's
            // spacing apart, so at most one of them reads back as `d`, and it is the shortest.
            guard scaled.magnitude < 1e15 else { return nil }
            // The product may round to a neighbour of the right integer; try both sides too.
            if scaled / p == d { return (Int64(scaled), k) }
            if (scaled - 1) / p == d { return (Int64(scaled - 1), k) }
            if (scaled + 1) / p == d { return (Int64(scaled + 1), k) }
        }
        return nil
    }

    private mutating func add(_ m: Int64, scale k: Int) -> Bool {
        var m = m
        if k > scale {
            let (r, o) = units.multipliedReportingOverflow(by: Self.powers[k - scale])
            guard !o else { return false }
            units = r
            scale = k
        } else if k < scale {
            let (r, o) = m.multipliedReportingOverflow(by: Self.powers[scale - k])
            guard !o else { return false }
            m = r
        }
        let (sum, o) = units.addingReportingOverflow(m)
        guard !o else { return false }
        units = sum
        return true
    }
}
