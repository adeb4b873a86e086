import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QAPCheckKit

/// The JUnit report against what the Jenkins xUnit plugin's junit-10.xsd allows (the attributes
/// and children of each element, the required attributes, the time pattern), and with counts
/// that add up: each suite's against its test cases, the totals against the suites.
@Suite struct JUnitSchemaTests {
    /// Per element of junit-10.xsd: the attributes it allows, those it requires, the children it allows.
    static let allowed: [String: (attributes: Set<String>, required: Set<String>, children: Set<String>)] = [
        "testsuites": (["name", "time", "tests", "failures", "errors"], [], ["testsuite"]),
        "testsuite": (["name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"],
                      ["name", "tests", "failures", "errors"], ["testsuite", "properties", "testcase", "system-out", "system-err"]),
        "properties": ([], [], ["property"]),
        "property": (["name", "value"], ["name", "value"], []),
        "testcase": (["name", "time", "classname", "group"], ["name"],
                     ["skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError", "system-out", "system-err"]),
        "failure": (["type", "message"], [], []),
        "error": (["type", "message"], [], []),
        "skipped": (["type", "message"], [], []),
        "system-out": ([], [], []),
        "system-err": ([], [], []),
    ]

    /// SUREFIRE_TIME: digits in groups of three with commas, or up to three, then a fraction.
    static let timePattern = #"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$"#

    func check(_ element: XMLElement) {
        let name = element.name ?? ""
        guard let rule = Self.allowed[name] else {
            Issue.record("element <\(name)> is not in the schema")
            return
        }
        let attributes = Set((element.attributes ?? []).compactMap(\.name))
        #expect(attributes.isSubset(of: rule.attributes), "<\(name)> has \(attributes.subtracting(rule.attributes))")
        #expect(rule.required.isSubset(of: attributes), "<\(name)> lacks \(rule.required.subtracting(attributes))")
        if let time = element.attribute(forName: "time")?.stringValue {
            #expect(time.range(of: Self.timePattern, options: .regularExpression) != nil, "time=\"\(time)\"")
        }
        for child in element.children?.compactMap({ $0 as? XMLElement }) ?? [] {
            #expect(rule.children.contains(child.name ?? ""), "<\(child.name ?? "")> inside <\(name)>")
            check(child)
        }
    }

    func count(_ e: XMLElement, _ attribute: String) -> Int { Int(e.attribute(forName: attribute)?.stringValue ?? "") ?? -1 }

    @Test(arguments: [[], ["--fail-on", "warning"], ["--fail-on", "never"]])
    func theReportIsValidAndItsCountsAddUp(options: [String]) throws {
        let run = try CLI.validate(["Fixtures", "--format", "junit"] + options)
        let root = try #require(try XMLDocument(xmlString: run.stdout).rootElement())
        #expect(root.name == "testsuites")
        check(root)
        let suites = root.elements(forName: "testsuite")
        var tests = 0, failures = 0, errors = 0
        for suite in suites {
            let cases = suite.elements(forName: "testcase")
            #expect(count(suite, "tests") == cases.count)
            #expect(count(suite, "failures") == cases.filter { !$0.elements(forName: "failure").isEmpty }.count)
            #expect(count(suite, "errors") == cases.filter { !$0.elements(forName: "error").isEmpty }.count)
            #expect(count(suite, "skipped") == cases.filter { !$0.elements(forName: "skipped").isEmpty }.count)
            #expect(suite.attribute(forName: "time") != nil && suite.attribute(forName: "file") != nil)
            tests += cases.count
            failures += count(suite, "failures")
            errors += count(suite, "errors")
        }
        #expect(count(root, "tests") == tests, "the total counts test cases, as each suite does")
        #expect(count(root, "failures") == failures)
        #expect(count(root, "errors") == errors)
        #expect(root.attribute(forName: "time") != nil)
        if options == ["--fail-on", "never"] { #expect(failures == 0) }
    }
}
