import Crypto
import Foundation

/// `--format sarif`: SARIF 2.1.0, as GitHub code scanning ingests it. Every rule is described with
/// its citation as help text and Markdown; every deviation is a result with a physical location
/// (a URI relative to `--path-base`, which `originalUriBaseIds` records as `SRCROOT`), the JSON
/// Pointer as a logical location, and a fingerprint that survives edits moving lines; a file that
/// could not be read is an error result of the rule `UNREADABLE` (and a tool notification).
struct SARIFRenderer: ReportRenderer {
    // Spooled, so that errors come before warnings and a big batch keeps within what code
    // scanning takes in one run: over the limit, errors are kept first, and a notification
    // says how many results were left out.
    var needsSummaryFirst: Bool { true }
    var sectionCount: Int { 2 }
    /// Code scanning's limit of results in one run.
    var resultLimit = 25_000
    var itemLimit: Int? { resultLimit }

    func parts(_ r: DocumentResult, header h: RunInfo) -> [ReportPart] {
        if r.error != nil { return [ReportPart(section: 0, text: document(r, header: h), count: 1)] }
        let all = results(r, h)
        let errors = all.filter { $0.severity == .error }, warnings = all.filter { $0.severity != .error }
        return [ReportPart(section: 0, text: errors.map { "\n      " + $0.text }.joined(separator: ","), count: errors.count),
                ReportPart(section: 1, text: warnings.map { "\n      " + $0.text }.joined(separator: ","), count: warnings.count)]
    }

    /// The id of the base folder of relative URIs, as code scanning expects it.
    static let baseID = "SRCROOT"
    /// The rule id of an unreadable dossier's result.
    static let unreadableRule = "UNREADABLE"

    /// A relative URI reference for a path: percent-encodes what a URI cannot hold.
    static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return path.hasPrefix("/") ? "file://" + out : out
    }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String {
        var w = JSONWriter(indent: 0)
        w.open()
        w.string("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        w.string("version", "2.1.0")
        w.open("runs", array: true)
        w.open()
        w.open("tool")
        w.open("driver")
        w.string("name", h.tool.name)
        w.string("version", h.tool.version)
        w.string("semanticVersion", h.tool.version)
        w.open("rules", array: true)
        for rule in h.rules {
            w.open()
            w.string("id", rule.id.rawValue)
            w.string("name", rule.id.rawValue.lowercased().replacingOccurrences(of: "-", with: "_"))
            w.open("shortDescription"); w.string("text", rule.title); w.close()
            w.open("fullDescription"); w.string("text", "\(rule.title). Enforces \(rule.citation.source), \(rule.citation.section): “\(rule.citation.text)”"); w.close()
            w.open("help")
            w.string("text", "\(rule.citation.source), section \"\(rule.citation.section)\": “\(rule.citation.text)”")
            w.string("markdown", "**\(rule.citation.source)**, section *\(rule.citation.section)*:\n\n> \(rule.citation.text)")
            w.close()
            w.open("defaultConfiguration"); w.string("level", rule.severity == .error ? "error" : "warning"); w.close()
            w.open("properties")
            w.citation(rule.citation)
            w.strings("kinds", rule.kinds.names)
            w.string("phase", rule.phase.rawValue)
            w.close()
            w.close()
        }
        w.open()
        w.string("id", Self.unreadableRule)
        w.string("name", "unreadable")
        w.open("shortDescription"); w.string("text", "The dossier can be read"); w.close()
        w.open("fullDescription"); w.string("text", "The file is well-formed JSON or XML, within the size and depth limits, of a known kind."); w.close()
        w.open("help")
        w.string("text", "The dossier could not be read, so no rule was checked; the message says where and why.")
        w.string("markdown", "The dossier could not be read, so **no rule was checked**; the message says where and why.")
        w.close()
        w.open("defaultConfiguration"); w.string("level", "error"); w.close()
        w.close()
        w.close(array: true)
        w.close()
        w.close()
        if let base = h.pathBase {
            w.open("originalUriBaseIds")
            w.open(Self.baseID); w.string("uri", Self.uri(base.hasSuffix("/") ? base : base + "/")); w.close()
            w.close()
        }
        w.open("properties")
        w.runContext(h)
        w.close()
        return w.text + ",\n    \"results\": ["
    }

    private func ruleIndex(_ id: RuleID, _ h: RunInfo) -> Int? { h.rules.firstIndex { $0.id == id } }

    var separator: String { "," }

    /// Where in the file: SARIF's lines and columns start at 1.
    private func region(_ w: inout JSONWriter, line: Int, column: Int) {
        w.open("region"); w.int("startLine", max(1, line)); w.int("startColumn", max(1, column)); w.close()
    }

    /// Where a file is: relative to the base folder, or an absolute `file://` URI.
    private func artifact(_ w: inout JSONWriter, _ file: String, _ h: RunInfo) {
        w.open("artifactLocation")
        w.string("uri", Self.uri(file))
        if h.pathBase != nil && !file.hasPrefix("/") { w.string("uriBaseId", Self.baseID) }
        w.close()
    }

    func document(_ r: DocumentResult, header h: RunInfo) -> String {
        if let e = r.error {
            var w = JSONWriter(indent: 3)
            w.open()
            w.string("ruleId", Self.unreadableRule)
            w.int("ruleIndex", h.rules.count)
            w.string("level", "error")
            w.open("message"); w.string("text", "could not read: \(e.message)"); w.close()
            w.open("locations", array: true)
            w.open()
            w.open("physicalLocation")
            artifact(&w, r.file, h)
            if let l = e.location { region(&w, line: l.line, column: l.column) }
            w.close()
            w.close()
            w.close(array: true)
            w.open("partialFingerprints"); w.string("qapcheckFinding/v1", ContentDigest.fingerprint(rule: Self.unreadableRule, document: r.file, pointer: "")); w.close()
            w.close()
            return "\n      " + w.text
        }
        return results(r, h).map { "\n      " + $0.text }.joined(separator: ",")
    }

    /// Each deviation's result object, with its severity.
    private func results(_ r: DocumentResult, _ h: RunInfo) -> [(severity: Severity, text: String)] {
        var out: [(severity: Severity, text: String)] = []
        for d in r.deviations {
            var w = JSONWriter(indent: 3)
            w.open()
            w.string("ruleId", d.rule.rawValue)
            if let i = ruleIndex(d.rule, h) { w.int("ruleIndex", i) }
            w.string("level", d.severity == .error ? "error" : d.severity == .notice ? "note" : "warning")
            w.open("message"); w.string("text", d.message); w.close()
            w.open("locations", array: true)
            w.open()
            w.open("physicalLocation")
            artifact(&w, r.file, h)
            region(&w, line: d.location.line, column: d.location.column)
            w.close()
            w.open("logicalLocations", array: true)
            w.open(); w.string("fullyQualifiedName", d.location.pointer.depth == 0 ? "/" : d.location.pointer.description); w.string("kind", "element"); w.close()
            w.close(array: true)
            w.close()
            w.close(array: true)
            if let e = d.exemption {
                // Excused by the committee: a suppression, with the reason as its justification.
                w.open("suppressions", array: true)
                w.open()
                w.string("kind", "external")
                w.string("justification", e.reason)
                w.open("properties")
                w.string("grantedBy", e.grantedBy)
                w.string("grantedOn", e.grantedOn.description)
                w.string("expires", e.expires.description)
                w.close()
                w.close()
                w.close(array: true)
            }
            w.open("partialFingerprints")
            w.string("qapcheckFinding/v1", ContentDigest.fingerprint(rule: d.rule.rawValue, document: r.id ?? r.file, pointer: d.location.pointer.description))
            w.close()
            w.open("properties")
            // The rule's outcome on this document: fail, indeterminate, exempt, or pass for a
            // notice (a rule that holds but falls due soon).
            w.string("outcome", d.exemption != nil ? Outcome.exempt.rawValue : d.outcome.rawValue)
            if let kind = r.kind { w.string("documentKind", kind) }
            if let id = r.id { w.string("documentId", id) }
            w.optionalString("expected", d.expected)
            w.optionalString("actual", d.actual)
            w.close()
            w.close()
            out.append((d.severity, w.text))
        }
        return out
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String {
        var w = JSONWriter(indent: 2)
        w.open(array: true)
        w.open()
        w.bool("executionSuccessful", true)
        if let record = RunRecord(h, summary) {
            w.string("startTimeUtc", record.startedText)
            w.string("endTimeUtc", record.finishedText)
        }
        w.open("toolExecutionNotifications", array: true)
        if summary.itemsLeftOut > 0 {
            w.open()
            w.string("level", "warning")
            w.open("message")
            w.string("text", "\(summary.itemsLeftOut) results were left out to keep within \(resultLimit) results in one run; errors are kept first, then warnings, in file order.")
            w.close()
            w.open("descriptor"); w.string("id", "results-left-out"); w.close()
            w.close()
        }
        for u in summary.unreadable {
            w.open()
            w.string("level", "error")
            w.open("message"); w.string("text", "could not read: \(u.error.message)"); w.close()
            w.open("locations", array: true)
            w.open()
            w.open("physicalLocation")
            artifact(&w, u.file, h)
            if let l = u.error.location {
                region(&w, line: l.line, column: l.column)
            }
            w.close()
            w.close()
            w.close(array: true)
            w.open("descriptor"); w.string("id", u.error.reason.rawValue); w.close()
            w.close()
        }
        w.close(array: true)
        w.close()
        w.close(array: true)
        // Every rule's outcomes over the batch, counted: results carry only what failed or was
        // undecided, so this is where passes and rules not applicable show.
        var p = JSONWriter(indent: 2)
        p.open()
        p.open("outcomes")
        for rule in summary.byRule {
            p.open(rule.rule.rawValue)
            for o in Outcome.allCases { p.int(o.rawValue, rule.counts[o] ?? 0) }
            p.close()
        }
        p.close()
        p.close()
        return (summary.deviations == 0 && summary.unreadable.isEmpty ? "]" : "\n    ]") + ",\n    \"invocations\": " + w.text
            + ",\n    \"properties\": " + p.text + "\n  }\n  ]\n}\n"
    }
}
