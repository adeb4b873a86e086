/// What the compiler knows of library functions' types: the type each returns (whatever its
/// arguments), and for some receiver-style functions the receiver types they take, so that
/// `1.startsWith('a')` or `asOf.size()` is refused when the rule set loads.
enum CELFunctionTypes {
    static let result: [String: CELType] = {
        var r: [String: CELType] = [
            "size": .int, "contains": .bool, "startsWith": .bool, "endsWith": .bool, "matches": .bool,
            "int": .int, "uint": .uint, "double": .double, "string": .string, "bytes": .bytes, "bool": .bool, "type": .type,
            "timestamp": .timestamp, "duration": .duration, "date": .date, "addDays": .date, "addMonths": .date, "addYears": .date,
            "daysBetween": .int, "year": .int, "month": .int, "day": .int, "lower": .string, "trim": .string, "caseFold": .string, "containsWord": .bool,
            "hasValue": .bool, "isContainedPath": .bool, "indexOf": .int,
        ]
        for getter in ["getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear",
                       "getHours", "getMinutes", "getSeconds", "getMilliseconds"] { r[getter] = .int }
        return r
    }()

    static let receivers: [String: Set<CELType>] = [
        "startsWith": [.string], "endsWith": [.string], "matches": [.string],
        "contains": [.string], "size": [.string, .bytes, .list, .map], "caseFold": [.string], "containsWord": [.string],
        "addDays": [.date], "addMonths": [.date], "addYears": [.date], "year": [.date], "month": [.date], "day": [.date],
        "getFullYear": [.timestamp], "getMonth": [.timestamp], "getDate": [.timestamp], "getDayOfMonth": [.timestamp],
        "getDayOfWeek": [.timestamp], "getDayOfYear": [.timestamp],
        "getHours": [.timestamp, .duration], "getMinutes": [.timestamp, .duration], "getSeconds": [.timestamp, .duration],
        "getMilliseconds": [.timestamp, .duration],
    ]
}
