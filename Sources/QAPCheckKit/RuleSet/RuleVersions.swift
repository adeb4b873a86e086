import Yams

/// Rules and parameters in force by date: reading `effective:` periods and dated parameter
/// values, checking that the versions of one rule neither overlap nor leave a gap nobody
/// explained, and cutting a rule version where a dated parameter it reads changes value.
///
/// The cut exists because parameters are folded into a rule's expressions when it compiles: a
/// version that reads `params.minHours` while minHours goes from 200 to 220 becomes two compiled
/// versions, each with its own number, and a report names the one applied.
enum RuleVersions {
    /// A rule entry's declared period, where it is written, and why a gap before it is wanted.
    struct Declared {
        let id: RuleID
        let period: EffectivePeriod
        let gap: String?
        let entry: YAMLValue
        /// The `effective` mapping, where a fault of the period is reported.
        let place: YAMLValue
    }

    /// A date written in `effective` or a dated value: `YYYY-MM-DD`, or `params.NAME` naming an
    /// undated parameter whose value is such a date (so a rule set can move a change date).
    static func date(_ value: YAMLValue, key: String, parameters: [Parameter]) throws -> CivilDate {
        let text = try value.string(what: key)
        if text.hasPrefix("params.") {
            let name = String(text.dropFirst("params.".count))
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                throw value.error("'\(key)' names the parameter '\(name)', which this rule set does not have")
            }
            guard !parameter.isDated, case .string(let s)? = parameter.values.first?.value, let date = CivilDate(parsing: s) else {
                throw value.error("'\(key)' names the parameter '\(name)', which is not one date YYYY-MM-DD")
            }
            return date
        }
        guard let date = CivilDate(parsing: text) else { throw value.error("'\(key)' must be a date YYYY-MM-DD or params.NAME") }
        return date
    }

    /// The period of a rule entry (`effective: {from, until, gap}`), always when it has none.
    static func declared(_ entry: YAMLValue, id: RuleID, parameters: [Parameter]) throws -> Declared {
        let fields = try entry.mapping(what: "a rule")
        guard let e = fields.first(where: { $0.key == "effective" })?.value else {
            return Declared(id: id, period: .always, gap: nil, entry: entry, place: entry)
        }
        var from: CivilDate?, until: CivilDate?, gap: String?
        for (key, value, _) in try e.mapping(allowed: ["from", "until", "gap"], what: "effective") {
            switch key {
            case "from": from = try date(value, key: key, parameters: parameters)
            case "until": until = try date(value, key: key, parameters: parameters)
            default: gap = try value.string(what: key)
            }
        }
        if let from, let until, until <= from { throw e.error("'until' (\(until)) must be after 'from' (\(from))") }
        return Declared(id: id, period: EffectivePeriod(from: from, until: until), gap: gap, entry: entry, place: e)
    }

    /// Refuses versions of one rule that overlap, and gaps between them that no `gap:` explains.
    static func check(_ versions: [Declared]) throws {
        for (i, v) in versions.enumerated() {
            guard let clash = versions[..<i].first(where: { $0.id == v.id && $0.period.overlaps(v.period) }) else { continue }
            if clash.period == .always && v.period == .always {
                throw v.entry.error("duplicate rule id '\(v.id)' (also at \(clash.entry.file):\(clash.entry.line)); versions of one rule need effective dates that do not overlap")
            }
            throw v.place.error("versions of '\(v.id)' overlap: this one (\(v.period)) and the one at \(clash.entry.file):\(clash.entry.line) (\(clash.period)) "
                                + "are both in force \(v.period.intersection(clash.period)!); give them effective dates that do not overlap")
        }
        for list in Dictionary(grouping: versions, by: \.id).values where list.count > 1 {
            let sorted = list.sorted { ($0.period.from ?? .distantPast) < ($1.period.from ?? .distantPast) }
            for (before, after) in zip(sorted, sorted.dropFirst()) {
                guard let end = before.period.until, let start = after.period.from, end < start, after.gap == nil else { continue }
                throw after.place.error("'\(after.id)' has no version from \(end) until \(start), between the one at \(before.entry.file):\(before.entry.line) "
                                        + "and this one; make this one start on \(end), or say why the rule lapses with 'gap:' in its effective")
            }
        }
    }

    /// A regular expression matching a read of the parameter: `params.NAME` (not `params.NAMEx`)
    /// or `params['NAME']`.
    static func readPattern(_ name: String) -> String {
        "params(\\.\(name)(?![A-Za-z0-9_])|\\[\\s*['\"]\(name)['\"]\\s*\\])"
    }

    /// Whether any text of a rule entry reads the parameter.
    static func reads(_ entry: YAMLValue, parameter name: String) -> Bool {
        let pattern = readPattern(name)
        var pending = [entry.node]
        while let node = pending.popLast() {
            switch node {
            case .scalar(let s): if s.string.range(of: pattern, options: .regularExpression) != nil { return true }
            case .mapping(let m): pending += m.map(\.value)
            case .sequence(let s): pending += Array(s)
            case .alias: break
            }
        }
        return false
    }

    /// The compiled versions of a declared one: its period cut where a dated parameter it reads
    /// changes, each with the parameters as they are throughout it.
    static func pieces(of v: Declared, parameters: [Parameter]) throws -> [(period: EffectivePeriod, params: [Parameter])] {
        let read = parameters.filter { $0.isDated && reads(v.entry, parameter: $0.name) }
        return try v.period.split(at: read.flatMap(\.changes)).map { piece in
            var inForce: [Parameter] = []
            for p in parameters {
                guard p.isDated else { inForce.append(p); continue }
                if let value = p.value(throughout: piece) {
                    inForce.append(Parameter(name: p.name, value: value, description: p.description))
                } else if read.contains(where: { $0.name == p.name }) {
                    throw v.place.error("'\(v.id)' reads params.\(p.name), which has no value \(piece == .always ? "at all dates" : "for \(piece)"); "
                                        + "give the parameter a value then, or the rule an effective period")
                }
            }
            return (piece, inForce)
        }
    }

    /// The values of a dated parameter (`[{from, until, value}]`), or nil when `spec` is not that
    /// form (any other list is a list value). Each value runs until the next one's `from` unless
    /// it says `until`.
    static func datedValues(_ spec: YAMLValue) throws -> [Parameter.DatedValue]? {
        guard case .sequence = spec.node, let items = try? spec.sequence(what: "a parameter"), !items.isEmpty else { return nil }
        var fields: [[(key: String, value: YAMLValue, keyValue: YAMLValue)]] = []
        for item in items {
            guard case .mapping = item.node, let m = try? item.mapping(allowed: ["from", "until", "value"], what: "a dated value"),
                  m.contains(where: { $0.key == "value" }), m.contains(where: { $0.key != "value" }) else { return nil }
            fields.append(m)
        }
        var values: [Parameter.DatedValue] = []
        for (i, m) in fields.enumerated() {
            func field(_ k: String) -> YAMLValue? { m.first { $0.key == k }?.value }
            let from = try field("from").map { try date($0, key: "from", parameters: []) }
            var until = try field("until").map { try date($0, key: "until", parameters: []) }
            if until == nil, i + 1 < fields.count, let next = fields[i + 1].first(where: { $0.key == "from" })?.value {
                until = try date(next, key: "from", parameters: [])
            }
            if let from, let until, until <= from { throw items[i].error("a dated value's 'until' (\(until)) must be after its 'from' (\(from))") }
            let period = EffectivePeriod(from: from, until: until)
            if let clash = values.first(where: { $0.effective.overlaps(period) }) {
                throw items[i].error("this value (\(period)) overlaps an earlier one (\(clash.effective)); give dated values in date order")
            }
            values.append(Parameter.DatedValue(effective: period, value: try field("value")!.celValue()))
        }
        return values
    }
}

extension CivilDate {
    /// Before every date a rule set can write, for sorting open starts first.
    static let distantPast = CivilDate(year: 1, month: 1, day: 1)!
}
