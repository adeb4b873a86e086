/// `--format junit`: JUnit XML as CI servers read it. One testsuite per document and one testcase
/// per rule evaluated: a failure for a deviation, skipped for a rule whose phase did not run, and
/// an error for a document that could not be read. A warning is a failure only under
/// `--fail-on-warn`; otherwise it is reported in the testcase's output and the case passes.
struct JUnitRenderer: ReportRenderer {
    var needsSummaryFirst: Bool { true }

    func head(_ h: RunInfo, summary: ReportSummary?) -> String {
        let s = summary ?? ReportSummary()
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"qapcheck \(XMLText.escape(h.ruleSet.name)) \(XMLText.escape(h.ruleSet.version))\" tests=\"\(s.documents)\" failures=\"\(s.fail)\" errors=\"\(s.error)\">\n"
    }

    func document(_ r: DocumentResult, header: RunInfo) -> String {
        let name = XMLText.escape(r.file)
        if let e = r.error {
            let place = e.location.map { " at line \($0.line), column \($0.column)" } ?? ""
            return "  <testsuite name=\"\(name)\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                + "    <testcase classname=\"\(name)\" name=\"read\" file=\"\(name)\">\n"
                + "      <error type=\"\(e.reason.rawValue)\" message=\"\(XMLText.escape(e.message + place))\"/>\n"
                + "    </testcase>\n  </testsuite>\n"
        }
        let byRule = Dictionary(grouping: r.deviations, by: \.rule)
        let passed = Set(r.passed), skippedRules = Set(r.skipped)
        var failures = 0, skipped = 0, tests = 0
        var cases = ""
        // One test case per rule evaluated, in rule set order.
        for rule in header.rules where passed.contains(rule.id) || skippedRules.contains(rule.id) || byRule[rule.id] != nil {
            tests += 1
            let caseName = XMLText.escape(rule.id.rawValue)
            cases += "    <testcase classname=\"\(name)\" name=\"\(caseName)\" file=\"\(name)\">\n"
            if skippedRules.contains(rule.id) {
                skipped += 1
                cases += "      <skipped message=\"\(XMLText.escape("the \(rule.phase) phase does not run for this document"))\"/>\n"
            } else if let deviations = byRule[rule.id] {
                let body = deviations.map { d in
                    "\(r.file):\(d.location.line):\(d.location.column) (\(d.location.pointer)): \(d.message)\n"
                        + "  \(d.citation.source), \(d.citation.section): “\(d.citation.text)”"
                }.joined(separator: "\n")
                let isFailure = header.failOn.fails(deviations)
                if isFailure {
                    failures += 1
                    let severity = deviations.contains { $0.severity == .error } ? "error" : "warning"
                    cases += "      <failure type=\"\(severity)\" message=\"\(XMLText.escape(deviations.first?.message ?? ""))\">\(XMLText.escape(body))</failure>\n"
                } else {
                    cases += "      <system-out>\(XMLText.escape("warning: " + body))</system-out>\n"
                }
            }
            cases += "    </testcase>\n"
        }
        var properties = "    <properties>\n"
        if let kind = r.kind { properties += "      <property name=\"kind\" value=\"\(XMLText.escape(kind))\"/>\n" }
        if let id = r.id { properties += "      <property name=\"id\" value=\"\(XMLText.escape(id))\"/>\n" }
        properties += "      <property name=\"verdict\" value=\"\(r.verdict.rawValue)\"/>\n    </properties>\n"
        return "  <testsuite name=\"\(name)\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            + properties + cases + "  </testsuite>\n"
    }

    func tail(_ h: RunInfo, summary: ReportSummary) -> String { "</testsuites>\n" }
}
