import Foundation
@testable import QAPCheckKit

/// A mediator application made from a seed, aimed at the rules' boundaries (hours, cases,
/// references, forms, fees, roles, dates), and written in JSON and in both XML styles of
/// dossier-format.md, so that properties can compare what the encodings give.
struct GeneratedDossier {
    /// A JSON-like value with ordered object members.
    indirect enum Value {
        case string(String), number(Double), integer(Int), bool(Bool)
        case object([(String, Value)])
        case array([Value])
    }

    let root: [(String, Value)]

    init(seed: UInt64) {
        var rng = MutationTests.SplitMix(state: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func count(_ upTo: Int) -> Int { Int(rng.next() % UInt64(upTo + 1)) }
        let caseCount = count(30)
        var cases: [Value] = []
        for i in 0..<caseCount {
            var fields: [(String, Value)] = [("id", .string("C-\(i)"))]
            fields.append(("date", .string(pick(["2024-03-02", "2024-02-29", "2023-02-29", "2026-11-22"]))))
            fields.append(("hours", pick([.number(7.5), .number(8), .integer(8), .number(0.5), .number(12.25), .string("ten")])))
            fields.append(("role", .string(pick(["mediator", "co-mediator", "observer", "arbitrator"]))))
            fields.append(("status", .string(pick(["completed", "ongoing", "withdrawn"]))))
            cases.append(.object(fields))
        }
        let references: [Value] = (0..<count(4)).map { _ in
            .object([("name", .string(pick(["J. Smith", "j. smith ", "K. Osei", "STRASSE"]))),
                     ("relation", .string(pick(["party", "counsel", "other", "friend"]))),
                     ("caseId", .string("C-\(count(caseCount + 2))"))])
        }
        let forms: [Value] = (0..<count(20)).map { i in
            .object([("caseId", .string("C-\(i)")), ("received", .string("2024-03-10")), ("completed", .bool(rng.next() % 4 != 0))])
        }
        let training: [Value] = (0..<count(2)).map { _ in
            .object([("provider", .string(pick(["CEDR", "cpr", "Acme Training"]))), ("imiCmtp", .bool(rng.next() % 2 == 0)),
                     ("title", .string("Skills")), ("hours", pick([.number(19.5), .integer(20), .number(24)])),
                     ("completedOn", .string("2019-05-01")), ("coversTheory", .bool(true)), ("coversPractice", .bool(rng.next() % 2 == 0)),
                     ("rolePlays", .integer(count(4))), ("rolePlayFeedback", .bool(true))])
        }
        root = [
            ("kind", .string("mediator-application")), ("schemaVersion", .string("1")), ("id", .string("APP-\(seed % 10_000)")),
            ("submitted", .string("2026-10-01")),
            ("applicant", .object([("name", .string("A")), ("email", .string("a@example.org")), ("cprPanelMember", .bool(false))])),
            ("cases", .array(cases)), ("references", .array(references)), ("feedbackForms", .array(forms)),
            ("caseEvaluations", .array([])), ("training", .array(training)),
            ("selfStatement", .object([("pages", .integer(pick([1, 2]))), ("text", .string("My approach"))])),
            ("fee", .object([("amount", pick([.number(360), .number(359.99), .integer(400)])),
                             ("currency", .string(pick(["USD", "EUR"]))), ("paid", .string("2026-09-30"))])),
        ]
    }

    // MARK: - JSON

    var json: String { Self.json(.object(root)) }

    private static func json(_ v: Value) -> String {
        switch v {
        case .string(let s): return JSONText.quoted(s)
        case .number(let d): return d == d.rounded() ? String(format: "%.1f", d) : "\(d)"
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .array(let items): return "[" + items.map(json).joined(separator: ",\n") + "]"
        case .object(let members): return "{" + members.map { JSONText.quoted($0.0) + ": " + json($0.1) }.joined(separator: ",\n") + "}"
        }
    }

    // MARK: - XML

    enum Style { case attributes, elements }

    func xml(_ style: Style, schema: SchemaNode?) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        Self.object("mediator-application", root.filter { $0.0 != "kind" }, schema, style, into: &out)
        return out
    }

    private static func scalar(_ v: Value) -> String? {
        switch v {
        case .string(let s): return s
        case .number(let d): return "\(d)"
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    private static func object(_ name: String, _ members: [(String, Value)], _ schema: SchemaNode?, _ style: Style, into out: inout String) {
        var attributes = "", children: [(String, Value)] = []
        for (key, value) in members {
            if style == .attributes, let text = scalar(value) {
                attributes += " \(key)=\"\(XMLText.escape(text))\""
            } else {
                children.append((key, value))
            }
        }
        guard !children.isEmpty else { out += "<\(name)\(attributes)/>\n"; return }
        out += "<\(name)\(attributes)>\n"
        for (key, value) in children { element(key, value, schema?.property(key), style, into: &out) }
        out += "</\(name)>\n"
    }

    private static func element(_ name: String, _ value: Value, _ schema: SchemaNode?, _ style: Style, into out: inout String) {
        switch value {
        case .object(let members): object(name, members, schema, style, into: &out)
        case .array(let items):
            out += "<\(name)>\n"
            for item in items { element(schema?.xmlItem ?? "item", item, schema?.items, style, into: &out) }
            out += "</\(name)>\n"
        default: out += "<\(name)>\(XMLText.escape(scalar(value) ?? ""))</\(name)>\n"
        }
    }
}
