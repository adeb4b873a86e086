/// qapcheck's date extension: `date('YYYY-MM-DD')`, `addDays`, `addMonths`, `addYears` (29
/// February plus one year is 28 February), `daysBetween(a, b)`, and `year()`, `month()`, `day()`.
/// Dates compare with the ordinary operators.
enum DateFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("date", .global, arity: 1...1) { args in
                switch args[0] {
                case .date: return args[0]
                case .string(let s):
                    guard let d = CivilDate(parsing: s) else { return .fail(.conversion, "'\(s)' is not a date written YYYY-MM-DD") }
                    return .date(d)
                default: return .noOverload("date", args)
                }
            },
            adding("addDays") { $0.adding(days: $1) },
            adding("addMonths") { $0.adding(months: $1) },
            adding("addYears") { $0.adding(years: $1) },
            CELFunction("daysBetween", .global, arity: 2...2) { args in
                guard case .date(let a) = args[0], case .date(let b) = args[1] else { return .noOverload("daysBetween", args) }
                return .int(Int64(a.days(to: b)))
            },
            part("year") { $0.year },
            part("month") { $0.month },
            part("day") { $0.day },
        ]
    }

    private static func adding(_ name: String, _ f: @escaping @Sendable (CivilDate, Int) -> CivilDate?) -> CELFunction {
        CELFunction(name, .receiver, arity: 1...1) { args in
            guard case .date(let d) = args[0] else { return .noOverload(name, args) }
            let n: Int64
            switch args[1] {
            case .int(let i): n = i
            case .uint(let u) where u <= UInt64(Int64.max): n = Int64(u)
            default: return .noOverload(name, args)
            }
            guard let r = f(d, Int(clamping: n)) else { return .fail(.overflow, "\(name)(\(n)) leaves the years 1 to 9999") }
            return .date(r)
        }
    }

    private static func part(_ name: String, _ f: @escaping @Sendable (CivilDate) -> Int) -> CELFunction {
        CELFunction(name, .receiver, arity: 0...0) { args in
            guard case .date(let d) = args[0] else { return .noOverload(name, args) }
            return .int(Int64(f(d)))
        }
    }
}
