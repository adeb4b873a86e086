/// The dates a version of a rule, or a value of a parameter, is in force: `from` inclusive,
/// `until` exclusive, either end open. Rules change, and a dossier is judged by the version in
/// force on its own date, so every version says when it held.
public struct EffectivePeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    public let from: CivilDate?
    public let until: CivilDate?

    public static let always = EffectivePeriod(from: nil, until: nil)

    public init(from: CivilDate?, until: CivilDate?) {
        self.from = from
        self.until = until
    }

    public func contains(_ date: CivilDate) -> Bool {
        (from.map { $0 <= date } ?? true) && (until.map { date < $0 } ?? true)
    }

    /// Whether some day is in both periods.
    public func overlaps(_ other: EffectivePeriod) -> Bool {
        intersection(other) != nil
    }

    /// The days in both periods, or nil when there are none.
    public func intersection(_ other: EffectivePeriod) -> EffectivePeriod? {
        let start = [from, other.from].compactMap { $0 }.max()
        let end = [until, other.until].compactMap { $0 }.min()
        if let start, let end, end <= start { return nil }
        return EffectivePeriod(from: start, until: end)
    }

    /// The period cut at each of `dates` that falls strictly inside it, in order.
    public func split(at dates: [CivilDate]) -> [EffectivePeriod] {
        let cuts = Set(dates.filter { d in (from.map { $0 < d } ?? true) && (until.map { d < $0 } ?? true) }).sorted()
        var pieces: [EffectivePeriod] = []
        var start = from
        for cut in cuts {
            pieces.append(EffectivePeriod(from: start, until: cut))
            start = cut
        }
        pieces.append(EffectivePeriod(from: start, until: until))
        return pieces
    }

    /// "2020-09-30 until 2027-01-01", "always", "until 2020-09-30", "from 2020-09-30".
    public var description: String {
        switch (from, until) {
        case (nil, nil): return "always"
        case (let f?, nil): return "from \(f)"
        case (nil, let u?): return "until \(u)"
        case (let f?, let u?): return "\(f) until \(u)"
        }
    }

    /// The version named for a reader, beside the clause it enforces: "the version in force from
    /// 2020-09-30", or "the rule's only version".
    public var versionWords: String {
        guard self != .always else { return "the rule's only version" }
        return "the version in force " + [from.map { "from \($0)" }, until.map { "until \($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    private enum CodingKeys: String, CodingKey { case from, until }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decodeIfPresent(CivilDate.self, forKey: .from)
        until = try c.decodeIfPresent(CivilDate.self, forKey: .until)
    }

    /// Both keys, `null` where the period is open, so a reader never guesses.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(until, forKey: .until)
    }
}
