import Foundation

/// CEL's `google.protobuf.Timestamp`: an instant, in seconds and nanoseconds since 1970-01-01
/// UTC, between 0001-01-01 and 9999-12-31 (the range protocol buffers allow).
public struct CELTimestamp: Sendable, Hashable, Comparable {
    public let seconds: Int64
    /// 0 to 999,999,999.
    public let nanos: Int32

    static let minSeconds: Int64 = -62_135_596_800      // 0001-01-01T00:00:00Z
    static let maxSeconds: Int64 = 253_402_300_799      // 9999-12-31T23:59:59Z

    /// nil outside the range.
    init?(seconds: Int64, nanos: Int64 = 0) {
        let (carry, n) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        let (s, overflow) = seconds.addingReportingOverflow(carry + (n < 0 ? -1 : 0))
        guard !overflow, s >= Self.minSeconds, s <= Self.maxSeconds else { return nil }
        self.seconds = s
        self.nanos = Int32(n < 0 ? n + 1_000_000_000 : n)
    }

    public static func < (a: CELTimestamp, b: CELTimestamp) -> Bool { (a.seconds, a.nanos) < (b.seconds, b.nanos) }

    /// RFC 3339, as protocol buffers' JSON form writes it: UTC, `Z`, and 0, 3, 6 or 9 digits of
    /// fraction.
    public var description: String {
        let (day, time) = local(offset: 0)!
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day)T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))\(CELDuration.fraction(Int64(nanos)))Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil when it is not such a string or lies
    /// outside years 1 to 9999.
    init?(parsing text: String) {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<i + n {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! || (c.isLetter && b[i] == c.lowercased().first!.asciiValue!) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let dayOfMonth = digits(2), expect("T"),
              let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2),
              hour < 24, minute < 60, second < 60, let date = CivilDate(year: year, month: month, day: dayOfMonth) else { return nil }
        var nanos: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                guard count < 9 else { return nil }
                nanos = nanos * 10 + Int64(b[i] - 0x30)
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        var offset = 0
        if expect("Z") {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let h = digits(2), expect(":"), let m = digits(2), h < 24, m < 60 else { return nil }
            offset = sign * (h * 3600 + m * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let local = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(seconds: local - Int64(offset), nanos: nanos)
    }

    /// The civil date and time of day of this instant at a UTC offset.
    func local(offset: Int) -> (date: CivilDate, secondOfDay: Int)? {
        let s = seconds + Int64(offset)
        guard let date = CivilDate(dayNumber: Int(s.floorDiv(86_400))) else { return nil }
        return (date, Int(s - s.floorDiv(86_400) * 86_400))
    }

    /// The offset from UTC, in seconds, of a time zone at this instant: an IANA name
    /// (`Australia/Sydney`, `UTC`) or a fixed offset (`+11:00`, `-02:30`, `02:00`).
    func offset(inZone zone: String) -> Int? {
        let b = Array(zone.utf8)
        if b.count == 5 || b.count == 6, let colon = b.firstIndex(of: UInt8(ascii: ":")), colon == b.count - 3 {
            var sign = 1, start = 0
            if b[0] == UInt8(ascii: "-") { sign = -1; start = 1 } else if b[0] == UInt8(ascii: "+") { start = 1 }
            guard colon - start == 2, let h = Int(String(decoding: b[start..<colon], as: UTF8.self)),
                  let m = Int(String(decoding: b[(colon + 1)...], as: UTF8.self)), h < 24, m < 60 else { return nil }
            return sign * (h * 3600 + m * 60)
        }
        guard let tz = TimeZone(identifier: zone) else { return nil }
        return tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

/// CEL's `google.protobuf.Duration`, held as the reference implementation holds it: signed
/// nanoseconds in 64 bits (about ±292 years); what does not fit is a range error.
public struct CELDuration: Sendable, Hashable, Comparable {
    public let nanoseconds: Int64

    public static func < (a: CELDuration, b: CELDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Seconds with 0, 3, 6 or 9 digits of fraction, as protocol buffers' JSON form writes it.
    public var description: String {
        let (s, n) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        let sign = nanoseconds < 0 && s == 0 ? "-" : ""
        return "\(sign)\(s)\(Self.fraction(n.magnitude))s"
    }

    static func fraction<T: BinaryInteger>(_ nanos: T) -> String {
        guard nanos != 0 else { return "" }
        let n = Int(nanos)
        if n % 1_000_000 == 0 { return "." + String(String(n / 1_000_000 + 1000).dropFirst()) }
        if n % 1_000 == 0 { return "." + String(String(n / 1_000 + 1_000_000).dropFirst()) }
        return "." + String(String(n + 1_000_000_000).dropFirst())
    }

    /// Go's duration syntax, as CEL takes it: an optional sign, then numbers with units `h`, `m`,
    /// `s`, `ms`, `us` (or `µs`) and `ns`, such as `1h45m47s`, `-1.5s` or `0`. nil when the text is
    /// not a duration or does not fit.
    init?(parsing text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { nanoseconds = 0; return }
        guard !s.isEmpty else { return nil }
        var total: Double = 0
        var exact: Int64 = 0
        var exactOK = true
        while !s.isEmpty {
            let number = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let value = Double(number) else { return nil }
            s = s.dropFirst(number.count)
            let unitText = s.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            s = s.dropFirst(unitText.count)
            let unit: Int64
            switch unitText {
            case "h": unit = 3_600_000_000_000
            case "m": unit = 60_000_000_000
            case "s": unit = 1_000_000_000
            case "ms": unit = 1_000_000
            case "us", "µs", "μs": unit = 1_000
            case "ns": unit = 1
            default: return nil
            }
            total += value * Double(unit)
            if exactOK, let whole = Int64(number) {
                let (product, o1) = whole.multipliedReportingOverflow(by: unit)
                let (sum, o2) = exact.addingReportingOverflow(product)
                if o1 || o2 { return nil }
                exact = sum
            } else {
                exactOK = false
            }
        }
        if exactOK {
            nanoseconds = negative ? -exact : exact
        } else {
            guard total.magnitude < 9.2e18 else { return nil }
            nanoseconds = Int64((negative ? -total : total).rounded())
        }
    }

    init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
