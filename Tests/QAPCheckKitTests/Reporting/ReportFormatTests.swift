import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QAPCheckKit

@Suite("Report formats")
struct ReportFormatTests {
    static let inputs = ["Fixtures/rules/QAP-HOURS", "Fixtures/rules/QAP-ASSESSMENT-DONE", "Fixtures/bad/broken.json", "Fixtures/rules/IMI-NO-PERSONAL-REMARKS"]

    static func report(_ format: String, _ extra: [String] = []) throws -> String {
        let run = try CLI.validate(inputs + ["--format", format] + extra)
        #expect(run.status == 2, "\(run.stderr)")
        return run.stdout
    }

    /// Every key path of a JSON value, with the order of keys inside each object.
    static func keyOrders(_ v: Any, path: String = "", into out: inout [String: [String]]) {
        if let o = v as? [String: Any] {
            // The union over the items of a list; JSONSerialization loses order, so the order
            // check reads the text instead.
            for k in o.keys where !(out[path]?.contains(k) ?? false) { out[path, default: []].append(k) }
            for (k, child) in o { keyOrders(child, path: path + "/" + k, into: &out) }
        } else if let a = v as? [Any] {
            for child in a { keyOrders(child, path: path + "/*", into: &out) }
        }
    }

    @Test(.enabled(if: Repo.hasShared, Repo.sharedReason))
    func jsonMatchesTheSpecKeyForKey() throws {
        let spec = try String(contentsOf: Repo.root.deletingLastPathComponent().appendingPathComponent("shared/spec/cli.md"), encoding: .utf8)
        let start = try #require(spec.range(of: "```json\n"))
        let end = try #require(spec.range(of: "\n```", range: start.upperBound..<spec.endIndex))
        let example = try JSONSerialization.jsonObject(with: Data(spec[start.upperBound..<end.lowerBound].utf8))
        let ours = try JSONSerialization.jsonObject(with: Data(try Self.report("json").utf8))
        var specKeys: [String: [String]] = [:], ourKeys: [String: [String]] = [:]
        Self.keyOrders(example, into: &specKeys)
        Self.keyOrders(ours, into: &ourKeys)
        for (path, keys) in specKeys {
            let mine = Set(ourKeys[path] ?? [])
            for key in keys { #expect(mine.contains(key), "missing key \(path)/\(key)") }
        }
        // The keys come in the order the spec writes them.
        let text = try Self.report("json")
        let order = ["\"tool\"", "\"asOf\"", "\"phase\"", "\"ruleSet\"", "\"summary\"", "\"documents\""]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        let deviationOrder = ["\"rule\"", "\"severity\"", "\"message\"", "\"citation\"", "\"location\"", "\"expected\"", "\"actual\""]
        let firstDeviation = try #require(text.range(of: "\"deviations\": [\n")).upperBound
        let p = deviationOrder.map { text.range(of: $0, range: firstDeviation..<text.endIndex)!.lowerBound }
        #expect(p == p.sorted())
    }

    @Test func jsonContentIsRight() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report("json").utf8)) as? [String: Any])
        #expect(object["asOf"] as? String == "2026-11-22")
        #expect(object["phase"] as? String == "application")
        let ruleSet = try #require(object["ruleSet"] as? [String: Any])
        #expect(ruleSet["name"] as? String == "imi-cpr")
        #expect((ruleSet["digest"] as? String)?.hasPrefix("sha256:") == true)
        let documents = try #require(object["documents"] as? [[String: Any]])
        let files = documents.map { $0["file"] as! String }
        #expect(files == InputFiles.sorted(files))
        let summary = try #require((object["summary"] as? [String: Any])?.compactMapValues { $0 as? Int })
        #expect(summary["documents"] == documents.count)
        #expect(summary["error"] == 1)
        let broken = try #require(documents.first { ($0["file"] as? String) == "Fixtures/bad/broken.json" })
        #expect(broken["verdict"] as? String == "error")
        let error = try #require(broken["error"] as? [String: Any])
        #expect(error["message"] as? String == "expected ',' or '}' after an object member")
        #expect(error["line"] as? Int == 4)
        let hours = try #require(documents.first { ($0["file"] as? String)?.hasSuffix("fail-199.5.xml") == true })
        let deviation = try #require((hours["deviations"] as? [[String: Any]])?.first)
        #expect(deviation["rule"] as? String == "QAP-HOURS")
        #expect((deviation["citation"] as? [String: String])?["text"] == "200 hours of mediation experience")
        #expect((deviation["location"] as? [String: Any])?["pointer"] as? String == "/cases")
        #expect(deviation["expected"] as? String == ">= 200")
        #expect(deviation["actual"] as? String == "199.5")
        #expect((hours["passed"] as? [String])?.contains("QAP-FEE") == true)
        #expect((hours["skipped"] as? [String])?.contains("QAP-ASSESSMENT-FORMAT") == true)
    }

    @Test func jsonLinesStreamOneDocumentALineThenTheSummary() throws {
        let lines = try Self.report("jsonl").split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let summary = try #require((objects.last?["summary"] as? [String: Any])?.compactMapValues { $0 as? Int })
        #expect(summary["documents"] == objects.count - 1)
        #expect(objects.dropLast().allSatisfy { $0["file"] != nil && $0["verdict"] != nil })
    }

    @Test func textHasOneLineADeviationItsNoteAndASummary() throws {
        let text = try Self.report("text")
        let lines = text.split(separator: "\n")
        var previous: Substring?
        for line in lines.dropLast(2) {
            if line.contains(": note: ") {
                // The note is at the place of the deviation just before it.
                let place = line.prefix { $0 != " " }
                #expect(previous?.hasPrefix(place) == true && line.contains("enforces “"), "\(line)")
            } else {
                #expect(line.range(of: #"^[^:]+:\d+:\d+: (error|warning): [A-Z-]+ .+$|^[^:]+:(\d+:\d+:)? error: could not read: .+$"#, options: .regularExpression) != nil, "\(line)")
            }
            previous = line
        }
        #expect(lines.dropLast().last?.range(of: #"^\d+ documents: \d+ pass, \d+ fail, 1 error; \d+ deviations"#, options: .regularExpression) != nil)
        #expect(lines.last?.range(of: #"^rule outcomes: \d+ pass, \d+ fail, \d+ not applicable, \d+ indeterminate, \d+ exempt$"#, options: .regularExpression) != nil)
        let colored = TextRenderer(color: true).document(
            DocumentResult.unreadable("a.json", DocumentError(.empty, "the file is empty")), header: try Self.header())
        #expect(colored.contains("\u{1B}[1;31m"))
    }

    static func header() throws -> RunInfo {
        RunInfo(ruleSet: try RuleSetLoader.load(path: Repo.rules.path), context: EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!))
    }

    @Test func junitHasASuitePerDocumentAndACasePerRuleEvaluated() throws {
        let xml = try Self.report("junit")
        let doc = try XMLDocument(xmlString: xml)
        let suites = try doc.nodes(forXPath: "/testsuites/testsuite")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report("json").utf8)) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        #expect(suites.count == documents.count)
        let hoursSuite = try #require(try doc.nodes(forXPath: "/testsuites/testsuite[contains(@name, 'fail-199.5')]").first as? XMLElement)
        let cases = try hoursSuite.nodes(forXPath: "testcase")
        let passed = (documents.first { ($0["file"] as? String)?.hasSuffix("fail-199.5.xml") == true }?["passed"] as? [String]) ?? []
        let ruleCount = Set(try RuleSetLoader.load(path: Repo.rules.path).rules.map(\.id)).count
        #expect(cases.count == ruleCount, "a case for every rule of the set")
        #expect(try hoursSuite.nodes(forXPath: "testcase[@name='QAP-HOURS']/failure").count == 1)
        let outcomes = (documents.first { ($0["file"] as? String)?.hasSuffix("fail-199.5.xml") == true }?["outcomes"] as? [String: String]) ?? [:]
        #expect(try hoursSuite.nodes(forXPath: "testcase/skipped").count == outcomes.values.filter { $0 == "not-applicable" }.count,
                "a rule not applicable is skipped: the phase's, the other kinds', those whose field is missing")
        #expect(passed.count + outcomes.values.filter { $0 == "not-applicable" }.count + 1 == ruleCount)
        #expect(hoursSuite.attribute(forName: "failures")?.stringValue == "1")
        #expect(try doc.nodes(forXPath: "//testsuite[@name='Fixtures/bad/broken.json']/testcase/error").count == 1)
        // A warning is not a failure unless --fail-on-warn.
        let warned = try #require(try doc.nodes(forXPath: "/testsuites/testsuite[contains(@name, 'warn-names-appraiser')]").first as? XMLElement)
        #expect(warned.attribute(forName: "failures")?.stringValue == "0")
        let strict = try XMLDocument(xmlString: try Self.report("junit", ["--fail-on-warn"]))
        let strictWarned = try #require(try strict.nodes(forXPath: "/testsuites/testsuite[contains(@name, 'warn-names-appraiser')]").first as? XMLElement)
        #expect(strictWarned.attribute(forName: "failures")?.stringValue == "1")
    }

    @Test func sarifHasRulesWithCitationsAndResultsWithPhysicalLocations() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report("sarif").utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let shipped = try RuleSetLoader.load(path: Repo.rules.path)
        #expect(rules.count == Set(shipped.rules.map(\.id)).count + 1, "every rule, and UNREADABLE")
        let hoursRule = try #require(rules.first { $0["id"] as? String == "QAP-HOURS" })
        let helpText = try #require((hoursRule["help"] as? [String: String])?["text"])
        #expect(helpText.contains("200 hours of mediation experience"), "\(helpText)")
        let results = try #require(run["results"] as? [[String: Any]])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report("json").utf8)) as? [String: Any])
        let counts = try #require((json["summary"] as? [String: Any])?.compactMapValues { $0 as? Int })
        #expect(results.count == (counts["deviations"] ?? 0) + (counts["error"] ?? 0), "a result per deviation and per unreadable dossier")
        for r in results {
            let location = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((location["artifactLocation"] as? [String: String])?["uri"]?.hasPrefix("Fixtures/") == true)
            #expect(((location["region"] as? [String: Int])?["startLine"] ?? 0) >= 1 || r["ruleId"] as? String == "UNREADABLE")
            #expect(rules[r["ruleIndex"] as! Int]["id"] as? String == r["ruleId"] as? String)
        }
        let notifications = (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]]
        #expect(notifications?.count == 1)
    }

    @Test func markdownIsTheAppraisersReport() throws {
        let md = try Self.report("markdown")
        #expect(md.hasPrefix("# Deviation report"))
        #expect(md.contains("| Rule set | imi-cpr 2 |"))
        #expect(md.contains("Rule set imi-cpr 2, digest `sha256:"), "the digest, at the foot")
        #expect(md.contains("| As of | 2026-11-22 |"))
        #expect(md.contains("| Phase | application |"))
        #expect(md.contains("| Documents | Pass | Fail | Error | Deviations | Errors | Warnings |"))
        #expect(md.contains("### Fixtures/rules/QAP-HOURS/fail-199.5.xml: FAIL"))
        #expect(md.contains("1. **QAP-HOURS** (error): Mediation experience is 199.5 hours over 26 mediation cases; at least 200 are required."))
        #expect(md.contains("> 200 hours of mediation experience"))
        #expect(md.contains("   - Where: line 4, column 3, at `/cases`"))
        #expect(md.contains("#### Strengths"))
        #expect(md.contains("- **QAP-FEE**: The QAP fee of $360.00"))
        #expect(md.contains("The file could not be read (line 4, column 3): expected ',' or '}' after an object member."))
    }

    @Test func htmlIsOneSelfContainedPrintablePage() throws {
        let html = try Self.report("html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("@media print"))
        #expect(html.range(of: #"src\s*=|href\s*=\s*"[^#]|<link|<script|@import|url\("#, options: .regularExpression) == nil, "no external assets; links only within the page")
        #expect(html.contains("<td>imi-cpr 2</td>"))
        #expect(html.contains("<td>2026-11-22</td>"))
        #expect(html.contains("<blockquote>“200 hours of mediation experience”</blockquote>"))
        #expect(html.contains("<span class=\"verdict fail\">fail</span>"))
        #expect(html.contains("<li><strong>QAP-FEE</strong>: The QAP fee of $360.00</li>"))
        #expect(try XMLDocument(xmlString: html.replacingOccurrences(of: "<!DOCTYPE html>", with: ""), options: []).rootElement()?.name == "html")
    }

    @Test func csvHasARowPerDocument() throws {
        let rows = try Self.report("csv").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first == "file,kind,id,verdict,errors,warnings,pass,fail,not-applicable,indeterminate,exempt")
        // The five outcome counts of a document add up to the rules of the set; an unreadable one has none.
        let rules = Set(try RuleSetLoader.load(path: Repo.rules.path).rules.map(\.id)).count
        let hours = try #require(rows.first { $0.hasPrefix("Fixtures/rules/QAP-HOURS/fail-199.5.xml,mediator-application,APP-2026-0042,fail,1,0,") }, "\(rows)")
        #expect(hours.split(separator: ",")[7] == "1" && hours.split(separator: ",")[9] == "0", "one rule fails, none undecided: \(hours)")
        #expect(rows.contains("Fixtures/bad/broken.json,,,error,0,0,,,,,"))
        for row in rows.dropFirst() where !row.contains(",error,") {
            #expect(row.split(separator: ",").suffix(5).compactMap { Int($0) }.reduce(0, +) == rules, "\(row)")
        }
        #expect(CSVRenderer.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    @Test func noReportCopiesAPersonalField() throws {
        let personal = ["Ana Ruiz", "ana@example.org", "J. Smith", "K. Osei", "Lena Fischer", "M. Duval", "m. duval", "P. Novak", "R. Okafor", "facilitative"]
        for format in ReportFormat.allCases {
            let run = try CLI.validate(["Fixtures", "--format", format.rawValue])
            for p in personal { #expect(!run.stdout.contains(p), "\(format.rawValue) report copies '\(p)'") }
        }
    }
}
