import Foundation

/// `--format junit`: JUnit XML as CI servers read it, valid against the Jenkins xUnit plugin's
/// junit-10.xsd. One testsuite per document (its file, properties and time) and one testcase per
/// rule evaluated: a failure for a deviation, skipped for a rule whose phase did not run, and an
/// error for a document that could not be read. A warning is a failure only under
/// `--fail-on warning`; otherwise it is reported in the testcase's output and the case passes.
/// The totals on `<testsuites>` are the sums of the suites' counts: test cases, not documents.
struct JUnitRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { true }

    /// Seconds as SUREFIRE_TIME allows them: digits, a point, digits.
    static func time(_ seconds: Double) -> String { String(format: "%.3f", max(0, seconds)) }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String {
        let s = summary ?? ReportSummary()
        let failures: Int
        switch h.failOn {
        case .error: failures = s.rulesWithErrors
        case .warning: failures = s.rulesWithErrors + s.rulesWithWarningsOnly
        case .never: failures = 0
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"qapcheck \(XMLText.escape(h.ruleSet.name)) \(XMLText.escape(h.ruleSet.version))\" tests=\"\(s.rulesEvaluated)\" "
            + "failures=\"\(failures)\" errors=\"\(s.error)\" time=\"\(Self.time(RunRecord(h, summary)?.durationSeconds ?? s.seconds))\">\n"
    }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        let name = XMLText.escape(r.file)
        // The suite's own time, and when the run began (the schema has no timestamp on the totals).
        let timing = "time=\"\(Self.time(r.seconds))\"" + (header.startedAt.map { " timestamp=\"\(RunRecord.iso($0))\"" } ?? "")
        if let e = r.error {
            let place = e.location.map { " at line \($0.line), column \($0.column)" } ?? ""
            return "  <testsuite name=\"\(name)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" \(timing) file=\"\(name)\">\n"
                + "    <testcase classname=\"\(name)\" name=\"read\">\n"
                + "      <error type=\"\(e.reason.rawValue)\" message=\"\(XMLText.escape(e.message + place))\"/>\n"
                + "    </testcase>\n  </testsuite>\n"
        }
        let byRule = Dictionary(grouping: r.deviations, by: \.rule)
        let passed = Set(r.passed), skippedRules = Set(r.skipped)
        var failures = 0, skipped = 0, tests = 0
        var cases = ""
        // One test case per rule of the set, in rule set order: each of the five outcomes shows.
        let notApplicable = Set(r.outcomes.filter { $0.outcome == .notApplicable }.map(\.rule))
        for rule in header.rules where passed.contains(rule.id) || skippedRules.contains(rule.id) || byRule[rule.id] != nil || notApplicable.contains(rule.id) {
            tests += 1
            let caseName = XMLText.escape(rule.id.rawValue)
            cases += "    <testcase classname=\"\(name)\" name=\"\(caseName)\">\n"
            if skippedRules.contains(rule.id) {
                skipped += 1
                cases += "      <skipped message=\"\(XMLText.escape("not applicable: the \(rule.phase) phase does not run for this document"))\"/>\n"
            } else if notApplicable.contains(rule.id) && byRule[rule.id] == nil {
                skipped += 1
                cases += "      <skipped message=\"not applicable to this document\"/>\n"
            } else if let deviations = byRule[rule.id], deviations.allSatisfy({ $0.exemption != nil }) {
                skipped += 1
                cases += "      <skipped message=\"\(XMLText.escape(deviations[0].exemption?.summary ?? "exempt"))\"/>\n"
            } else if let deviations = byRule[rule.id] {
                let body = deviations.map { d in
                    "\(r.file):\(d.location.line):\(d.location.column) (\(d.location.pointer)): \(d.message)\n"
                        + "  \(d.citation.source), \(d.citation.section): “\(d.citation.text)”"
                }.joined(separator: "\n")
                if header.failOn.fails(deviations) {
                    failures += 1
                    let severity = deviations.allSatisfy(\.isIndeterminate) ? "indeterminate" : deviations.contains { $0.severity == .error } ? "error" : "warning"
                    cases += "      <failure type=\"\(severity)\" message=\"\(XMLText.escape(deviations.first?.message ?? ""))\">\(XMLText.escape(body))</failure>\n"
                } else {
                    cases += "      <system-out>\(XMLText.escape("\(deviations[0].severity.rawValue): " + body))</system-out>\n"
                }
            }
            cases += "    </testcase>\n"
        }
        var properties = "    <properties>\n"
        if let kind = r.kind { properties += "      <property name=\"kind\" value=\"\(XMLText.escape(kind))\"/>\n" }
        if let id = r.id { properties += "      <property name=\"id\" value=\"\(XMLText.escape(id))\"/>\n" }
        properties += "      <property name=\"verdict\" value=\"\(r.verdict.rawValue)\"/>\n    </properties>\n"
        return "  <testsuite name=\"\(name)\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" \(timing) file=\"\(name)\">\n"
            + properties + cases + "  </testsuite>\n"
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String { "</testsuites>\n" }
}
