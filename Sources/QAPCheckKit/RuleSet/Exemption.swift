import Crypto
import Foundation

/// A committee's decision that a rule's deviation is excused for one document (or all, `*`),
/// perhaps only at one place, until a date; recorded with its reason and grantor, so that every
/// report still shows what was excused and why (cli.md, "Exemptions").
public struct Exemption: Sendable, Equatable, Codable {
    public let rule: RuleID
    /// A document id, or `*` for every document.
    public let document: String
    /// Only the deviation at this place, when given.
    public let pointer: JSONPointer?
    public let reason: String
    public let grantedBy: String
    public let grantedOn: CivilDate
    public let expires: CivilDate
    /// Where it is written, for messages about it.
    public let file: String
    public let line: Int
    public let column: Int

    /// Whether it names this document.
    public func names(_ documentID: String?) -> Bool { document == "*" || document == documentID }

    /// Live on a date: granted, and not yet expired.
    public func isLive(on date: CivilDate) -> Bool { grantedOn <= date && date <= expires }

    /// Whether it covers a finding of its rule in a document it names.
    public func covers(_ rule: RuleID, at place: JSONPointer) -> Bool {
        rule == self.rule && (pointer == nil || pointer == place)
    }

    /// One line for a report: `exempt: REASON (granted by X on D, until E)`.
    public var summary: String { "exempt: \(reason) (granted by \(grantedBy) on \(grantedOn), until \(expires))" }

    /// How reports name it: `exemptions.yaml:3:5`.
    public var place: String { "\((file as NSString).lastPathComponent):\(line):\(column)" }
}

/// The exemptions of a run, read from one YAML file, with the file's digest for the report header.
public struct ExemptionSet: Sendable, Equatable, Codable {
    public let file: String
    public let digest: String
    public let exemptions: [Exemption]

    public static let empty = ExemptionSet(file: "", digest: "", exemptions: [])

    public init(file: String, digest: String, exemptions: [Exemption]) {
        self.file = file
        self.digest = digest
        self.exemptions = exemptions
    }

    static let keys: Set<String> = ["rule", "document", "pointer", "reason", "grantedBy", "grantedOn", "expires"]
    static let required = ["rule", "document", "reason", "grantedBy", "grantedOn", "expires"]

    /// Reads `exemptions:` from a file; a missing field, a bad date or pointer is an error at its
    /// file, line and column.
    public static func load(path: String) throws -> ExemptionSet {
        let data = try RuleSetFiles.read(path, what: "the exemptions file")
        guard let text = String(data: data, encoding: .utf8) else { throw RuleSetError(file: path, message: "the exemptions file is not UTF-8 text") }
        let root = try YAMLValue.parse(text, file: path)
        let top = try root.mapping(allowed: ["exemptions"], what: "an exemptions file")
        guard let list = top.first(where: { $0.key == "exemptions" }) else { throw root.error("an exemptions file needs 'exemptions'") }
        var exemptions: [Exemption] = []
        for entry in try list.value.sequence(what: "exemptions") {
            let fields = try entry.mapping(allowed: keys, what: "an exemption")
            func field(_ key: String) -> YAMLValue? { fields.first { $0.key == key }?.value }
            for key in required where field(key) == nil { throw entry.error("an exemption needs '\(key)'") }
            func date(_ key: String) throws -> CivilDate {
                let value = field(key)!
                guard let d = CivilDate(parsing: try value.string(what: key)) else { throw value.error("'\(key)' must be a date YYYY-MM-DD") }
                return d
            }
            var pointer: JSONPointer?
            if let p = field("pointer") {
                do { pointer = try JSONPointer(parsing: try p.string(what: "pointer")) } catch { throw p.error("\(error)") }
            }
            let grantedOn = try date("grantedOn"), expires = try date("expires")
            if expires < grantedOn { throw field("expires")!.error("'expires' is before 'grantedOn'") }
            let reason = try field("reason")!.string(what: "reason"), grantor = try field("grantedBy")!.string(what: "grantedBy")
            for (key, value) in [("reason", reason), ("grantedBy", grantor)] where value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw field(key)!.error("'\(key)' must not be empty")
            }
            exemptions.append(Exemption(rule: RuleID(try field("rule")!.string(what: "rule")), document: try field("document")!.string(what: "document"),
                                        pointer: pointer, reason: reason, grantedBy: grantor, grantedOn: grantedOn, expires: expires,
                                        file: path, line: entry.line, column: entry.column))
        }
        let digest = "sha256:" + ContentDigest.hex(SHA256.hash(data: data))
        return ExemptionSet(file: path, digest: digest, exemptions: exemptions)
    }

    /// The exemptions whose rule the rule set does not have, as errors at their place.
    public func unknownRules(in ruleSet: RuleSet) -> [RuleSetError] {
        let ids = Set(ruleSet.rules.map(\.id))
        return exemptions.filter { !ids.contains($0.rule) }.map {
            RuleSetError(file: $0.file, line: $0.line, column: $0.column, message: "an exemption for '\($0.rule)', which the rule set \(ruleSet.name) does not have")
        }
    }
}
