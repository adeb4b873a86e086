import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QAPCheckKit

/// The appraiser's reports: the documents that need attention first, under a table of contents
/// whose links all land; the others folded; the schema check is no strength; and one report per
/// dossier on request.
@Suite struct AppraiserReportTests {
    static let inputs = ["Fixtures/rules/QAP-HOURS", "Fixtures/rules/IMI-LISTING-GRACE", "Fixtures/bad/broken.json"]

    @Test func htmlListsWhatNeedsAttentionFirstAndEveryContentsLinkLands() throws {
        let run = try CLI.validate(Self.inputs + ["--format", "html"])
        let html = run.stdout
        let ids = Set(html.matches(of: /id="(doc-[^"]+)"/).map { String($0.1) })
        let links = html.matches(of: /href="#(doc-[^"]+)"/).map { String($0.1) }
        #expect(!links.isEmpty)
        for link in links { #expect(ids.contains(link), "the contents link #\(link) lands on a document") }
        let attention = try #require(html.range(of: "<h2>Documents that need attention</h2>"))
        let folded = try #require(html.range(of: "<h2>Documents without deviations</h2>"))
        #expect(attention.lowerBound < folded.lowerBound)
        // Every document with a deviation or an error is in the contents and in full before the folded ones.
        let failing = html[attention.upperBound..<folded.lowerBound]
        #expect(failing.contains("fail-199.5.xml") && failing.contains("broken.json"))
        #expect(!failing.contains("pass-exactly-200.json"))
        #expect(html[folded.upperBound...].contains("<details class=\"doc\""))
        #expect(links.count == html.matches(of: /<section class="doc"/).count, "one contents entry per document in full")
        #expect(!html[..<attention.lowerBound].contains("sha256:"), "the digest is not at the top")
        #expect(html.contains("<footer>Rule set imi-cpr"))
    }

    @Test func theSchemaCheckIsNoStrength() throws {
        for format in ["html", "markdown"] {
            let run = try CLI.validate(["Fixtures/rules/QAP-HOURS/fail-199.5.xml", "--format", format])
            #expect(run.stdout.contains("QAP-CASES"), "other rules met are strengths")
            #expect(!run.stdout.contains(format == "html" ? "<strong>SCHEMA</strong>" : "**SCHEMA**"), "\(format)")
        }
    }

    @Test func markdownHasContentsWithAnchorsAndAOneLineTableForTheRest() throws {
        let md = try CLI.validate(Self.inputs + ["--format", "markdown"]).stdout
        let anchors = Set(md.matches(of: /<a id="(doc-[^"]+)"><\/a>/).map { String($0.1) })
        let links = md.matches(of: /\]\(#(doc-[^)]+)\)/).map { String($0.1) }
        #expect(!links.isEmpty && links.allSatisfy(anchors.contains))
        let contents = try #require(md.range(of: "## Contents"))
        let rest = try #require(md.range(of: "## Documents without deviations"))
        #expect(contents.lowerBound < rest.lowerBound)
        #expect(md[rest.upperBound...].contains("| Fixtures/rules/QAP-HOURS/pass-exactly-200.json | mediator-application |"))
    }

    @Test func oneReportPerDossierNamedByIdWithAnIndex() throws {
        let folder = Repo.scratch().appendingPathComponent("each")
        let run = try CLI.validate(Self.inputs + ["--format", "html", "--output", "/dev/null", "--per-document", folder.path])
        #expect(run.status == 2, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.validate(Self.inputs + ["--format", "json"]).stdout.utf8)) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        #expect(names.count == documents.count + 1, "\(names)")
        #expect(names.contains("index.html") && names.contains("broken.html"))
        let ids = Set(documents.compactMap { $0["id"] as? String })
        for id in ids { #expect(names.contains("\(id).html")) }
        #expect(names.filter { $0.hasPrefix("IMI-M-1187") }.count == documents.filter { $0["id"] as? String == "IMI-M-1187" }.count, "a shared id is numbered")
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        for name in names where name != "index.html" { #expect(index.contains("href=\"\(name)\"")) }
        let one = try String(contentsOf: folder.appendingPathComponent("broken.html"), encoding: .utf8)
        #expect(one.contains("Fixtures/bad/broken.json") && !one.contains("fail-199.5.xml"), "a page holds its own document only")
        _ = try XMLDocument(data: Data(index.utf8), options: [.documentTidyHTML])
    }

    @Test func perDocumentTakesOnlyTheAppraisersFormats() throws {
        let run = try CLI.validate(["Fixtures/forms", "--format", "json", "--per-document", Repo.scratch().path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("--per-document writes html or markdown, not json"))
    }
}
