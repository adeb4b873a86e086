/// `+` and `-` on timestamps and durations, as CEL defines them; whatever leaves the range of
/// either type is a range error, never a wrapped value.
enum CELTimeArithmetic {
    static func apply(_ op: BinaryOperator, _ a: CELValue, _ b: CELValue) -> CELValue {
        switch (op, a, b) {
        case (.add, .timestamp(let t), .duration(let d)), (.add, .duration(let d), .timestamp(let t)):
            return shifted(t, by: d.nanoseconds, negate: false)
        case (.subtract, .timestamp(let t), .duration(let d)):
            return shifted(t, by: d.nanoseconds, negate: true)
        case (.subtract, .timestamp(let x), .timestamp(let y)):
            // The difference must fit a duration's 64-bit nanoseconds.
            let (s, o1) = x.seconds.subtractingReportingOverflow(y.seconds)
            let (sn, o2) = s.multipliedReportingOverflow(by: 1_000_000_000)
            let (total, o3) = sn.addingReportingOverflow(Int64(x.nanos) - Int64(y.nanos))
            if o1 || o2 || o3 { return range("the difference of the timestamps") }
            return .duration(CELDuration(nanoseconds: total))
        case (.add, .duration(let x), .duration(let y)), (.subtract, .duration(let x), .duration(let y)):
            let (r, overflow) = op == .add ? x.nanoseconds.addingReportingOverflow(y.nanoseconds) : x.nanoseconds.subtractingReportingOverflow(y.nanoseconds)
            return overflow ? range("the duration") : .duration(CELDuration(nanoseconds: r))
        default:
            return .noOverload("_\(op.rawValue)_", [a, b])
        }
    }

    private static func shifted(_ t: CELTimestamp, by nanoseconds: Int64, negate: Bool) -> CELValue {
        var (s, n) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        if negate { s = -s; n = -n }
        let (seconds, overflow) = t.seconds.addingReportingOverflow(s)
        guard !overflow, let r = CELTimestamp(seconds: seconds, nanos: Int64(t.nanos) + n) else { return range("the timestamp") }
        return .timestamp(r)
    }

    static func range(_ what: String) -> CELValue {
        .fail(.overflow, "range error: \(what) is out of range")
    }
}
