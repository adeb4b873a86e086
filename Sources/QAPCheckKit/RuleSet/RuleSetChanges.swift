import Foundation

/// What changed in a rule set between two dates (`qapcheck rules diff --from D1 --to D2`): the
/// rules that came into force, those that went out of force, those whose version changed (and in
/// what), and the parameters whose value changed. The question an appraiser asks before judging a
/// dossier filed under older rules.
public struct RuleSetChanges: Sendable, Equatable, Encodable {
    /// A rule in force on one date and not the other.
    public struct RuleEntry: Sendable, Equatable, Encodable {
        public let rule: RuleID
        public let title: String
        public let severity: Severity
        public let version: EffectivePeriod
    }

    /// A rule in force on both dates under different versions.
    public struct VersionChange: Sendable, Equatable, Encodable {
        public let rule: RuleID
        public let title: String
        public let from: EffectivePeriod
        public let to: EffectivePeriod
        /// What differs between the two versions: `title`, `severity`, `check`, `message`,
        /// `citation`, `kinds`, `phase`, or `parameters` when only the values they read differ.
        public let differences: [String]
    }

    /// A parameter whose value differs; nil where it has none on that date.
    public struct ParameterChange: Sendable, Equatable, Encodable {
        public let name: String
        public let from: String?
        public let to: String?
    }

    public let ruleSet: String
    public let from: CivilDate
    public let to: CivilDate
    public var added: [RuleEntry] = []
    public var removed: [RuleEntry] = []
    public var changed: [VersionChange] = []
    public var parameters: [ParameterChange] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && parameters.isEmpty }

    public init(_ set: RuleSet, from: CivilDate, to: CivilDate) {
        ruleSet = "\(set.name) \(set.version)"
        self.from = from
        self.to = to
        for id in set.ids {
            let before = set.rule(id, on: from), after = set.rule(id, on: to)
            switch (before, after) {
            case (nil, let a?): added.append(RuleEntry(rule: id, title: a.title, severity: a.severity, version: a.effective))
            case (let b?, nil): removed.append(RuleEntry(rule: id, title: b.title, severity: b.severity, version: b.effective))
            case (let b?, let a?) where b.effective != a.effective:
                changed.append(VersionChange(rule: id, title: a.title, from: b.effective, to: a.effective, differences: Self.differences(b, a)))
            default: break
            }
        }
        for p in set.parameters {
            let b = p.value(on: from).map(CELFormat.plain), a = p.value(on: to).map(CELFormat.plain)
            if b != a { parameters.append(ParameterChange(name: p.name, from: b, to: a)) }
        }
    }

    /// The parts of a rule that differ between two of its versions.
    static func differences(_ a: Rule, _ b: Rule) -> [String] {
        var out: [String] = []
        if a.title != b.title { out.append("title") }
        if a.severity != b.severity { out.append("severity") }
        if a.kinds.names != b.kinds.names { out.append("kinds") }
        if a.phase != b.phase { out.append("phase") }
        if a.citation != b.citation { out.append("citation") }
        if a.checkText != b.checkText { out.append("check") }
        if a.message.source != b.message.source { out.append("message") }
        // One entry cut where a dated parameter changes: the same text, other values.
        return out.isEmpty ? ["parameters"] : out
    }

    // MARK: - Words

    public enum Format: String, Sendable, CaseIterable {
        case text, json, markdown
    }

    public func rendered(as format: Format) -> String {
        switch format {
        case .text: return text
        case .json: return json
        case .markdown: return markdown
        }
    }

    var text: String {
        var lines = ["\(ruleSet): the rules in force on \(to), against \(from)"]
        if isEmpty { return (lines + ["  no change"]).joined(separator: "\n") }
        for r in added { lines.append("  added    \(r.rule)  \(r.severity.rawValue)  \(r.title)  (in force \(r.version))") }
        for r in removed { lines.append("  removed  \(r.rule)  \(r.severity.rawValue)  \(r.title)  (was in force \(r.version))") }
        for c in changed { lines.append("  changed  \(c.rule)  \(c.from) -> \(c.to): \(c.differences.joined(separator: ", "))") }
        for p in parameters { lines.append("  parameter  \(p.name)  \(p.from ?? "(none)") -> \(p.to ?? "(none)")") }
        return lines.joined(separator: "\n")
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    var markdown: String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["# \(ruleSet): the rules in force on \(to), against \(from)", ""]
        if isEmpty { return (lines + ["No change."]).joined(separator: "\n") }
        if !added.isEmpty || !removed.isEmpty || !changed.isEmpty {
            lines += ["| Change | Rule | Title | Version | What |", "| --- | --- | --- | --- | --- |"]
            for r in added { lines.append("| added | `\(r.rule)` | \(cell(r.title)) | \(r.version) | \(r.severity.rawValue) |") }
            for r in removed { lines.append("| removed | `\(r.rule)` | \(cell(r.title)) | \(r.version) | \(r.severity.rawValue) |") }
            for c in changed { lines.append("| changed | `\(c.rule)` | \(cell(c.title)) | \(c.from) → \(c.to) | \(c.differences.joined(separator: ", ")) |") }
        }
        if !parameters.isEmpty {
            if lines.count > 2 { lines.append("") }
            lines += ["| Parameter | On \(from) | On \(to) |", "| --- | --- | --- |"]
            for p in parameters { lines.append("| `\(p.name)` | \(cell(p.from ?? "(none)")) | \(cell(p.to ?? "(none)")) |") }
        }
        return lines.joined(separator: "\n")
    }
}

extension Rule {
    /// The check as written, to compare two versions of a rule.
    var checkText: String {
        switch check {
        case .schema: return "schema"
        case .expression(let c):
            return (c.lets.map { "\($0.name)=\($0.program.source)" } + [c.forEach?.source ?? "", c.when?.source ?? "", c.source]).joined(separator: "\u{0}")
        }
    }
}
