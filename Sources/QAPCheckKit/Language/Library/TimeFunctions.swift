/// CEL's timestamps and durations: `timestamp(string|int)`, `duration(string)`, and the
/// accessors `getFullYear`, `getMonth`, `getDate`, `getDayOfMonth`, `getDayOfWeek`,
/// `getDayOfYear`, `getHours`, `getMinutes`, `getSeconds` and `getMilliseconds`, on a timestamp
/// in UTC or in a named time zone or fixed offset, and the last four on a duration.
enum TimeFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("timestamp", .global, arity: 1...1) { args in
                switch args[0] {
                case .timestamp: return args[0]
                case .string(let s):
                    if let t = CELTimestamp(parsing: s) { return .timestamp(t) }
                    return .fail(.overflow, "range error: '\(s)' is not a timestamp between 0001-01-01 and 9999-12-31 (RFC 3339)")
                case .int(let i):
                    guard let t = CELTimestamp(seconds: i) else { return CELTimeArithmetic.range("timestamp(\(i))") }
                    return .timestamp(t)
                default: return .noOverload("timestamp", args)
                }
            },
            CELFunction("duration", .global, arity: 1...1) { args in
                switch args[0] {
                case .duration: return args[0]
                case .string(let s):
                    guard let d = CELDuration(parsing: s) else { return .fail(.overflow, "range error: '\(s)' is not a duration that fits (such as '1h30m' or '90s')") }
                    return .duration(d)
                default: return .noOverload("duration", args)
                }
            },
            accessor("getFullYear") { date, _ in date.year },
            accessor("getMonth") { date, _ in date.month - 1 },
            accessor("getDate") { date, _ in date.day },
            accessor("getDayOfMonth") { date, _ in date.day - 1 },
            // 1970-01-01 was a Thursday (4; Sunday is 0).
            accessor("getDayOfWeek") { date, _ in ((date.dayNumber + 4) % 7 + 7) % 7 },
            accessor("getDayOfYear") { date, _ in date.dayNumber - CivilDate(year: date.year, month: 1, day: 1)!.dayNumber },
            accessor("getHours", duration: { $0 / 3_600_000_000_000 }) { _, second in second / 3600 },
            accessor("getMinutes", duration: { $0 / 60_000_000_000 }) { _, second in second / 60 % 60 },
            accessor("getSeconds", duration: { $0 / 1_000_000_000 }) { _, second in second % 60 },
            CELFunction("getMilliseconds", .receiver, arity: 0...1) { args in
                switch args[0] {
                case .duration(let d): return .int(d.nanoseconds % 1_000_000_000 / 1_000_000)
                case .timestamp(let t):
                    if args.count == 2, case .string(let zone) = args[1], t.offset(inZone: zone) == nil { return unknownZone(zone) }
                    return .int(Int64(t.nanos) / 1_000_000)
                default: return .noOverload("getMilliseconds", args)
                }
            },
        ]
    }

    /// A timestamp accessor (and, when `duration` is given, the duration accessor of the same
    /// name): the part of the civil date and second of the day at the zone asked for.
    private static func accessor(_ name: String, duration: (@Sendable (Int64) -> Int64)? = nil,
                                 _ part: @escaping @Sendable (CivilDate, Int) -> Int) -> CELFunction {
        CELFunction(name, .receiver, arity: 0...1) { args in
            switch args[0] {
            case .duration(let d) where args.count == 1:
                guard let duration else { return .noOverload(name, args) }
                return .int(duration(d.nanoseconds))
            case .timestamp(let t):
                var offset = 0
                if args.count == 2 {
                    guard case .string(let zone) = args[1] else { return .noOverload(name, args) }
                    guard let o = t.offset(inZone: zone) else { return unknownZone(zone) }
                    offset = o
                }
                guard let local = t.local(offset: offset) else { return CELTimeArithmetic.range("the timestamp in that zone") }
                return .int(Int64(part(local.date, local.secondOfDay)))
            default:
                return .noOverload(name, args)
            }
        }
    }

    private static func unknownZone(_ zone: String) -> CELValue {
        .fail(.invalidArgument, "unknown time zone '\(zone)': give an IANA name such as 'Europe/London' or an offset such as '+02:00'")
    }
}
