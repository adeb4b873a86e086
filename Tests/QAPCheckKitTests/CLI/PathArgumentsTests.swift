import Foundation
import Testing
@testable import qapcheck

/// A long command line's paths are taken out before the argument parser sees them (see
/// `PathArguments`): every argument must keep its meaning.
@Suite("Paths of a long command line")
struct PathArgumentsTests {
    /// The files under Fixtures/rules, relative to the repository, sorted.
    static let dossiers: [String] = {
        let folder = Repo.fixtures.appendingPathComponent("rules")
        let found = FileManager.default.enumerator(atPath: folder.path)!.compactMap { $0 as? String }
        return found.filter { $0.hasSuffix(".json") || $0.hasSuffix(".xml") }.map { "Fixtures/rules/\($0)" }.sorted()
    }()

    @Test func theTablesComeFromTheParsersOwnDescription() throws {
        let validate = try #require(PathArguments.Table(help: ValidateCommand._dumpHelp()))
        #expect(validate.options.isSuperset(of: ["format", "output", "report", "as-of", "jobs", "files-from", "exclude", PathArguments.optionName]))
        #expect(validate.flags.isSuperset(of: ["quiet", "brief", "allow-empty", "h", "help"]))
        #expect(validate.options.isDisjoint(with: validate.flags))
        #expect(PathArguments.Table(help: MergeCommand._dumpHelp()) != nil)
        #expect(PathArguments.Table(help: ExplainCommand._dumpHelp()) == nil, "one rule id and a file are not a list")
        #expect(PathArguments.Table(help: "not JSON") == nil)
    }

    @Test func onlyPathsAreTakenAndEveryOtherArgumentKeepsItsPlace() throws {
        let table = try #require(PathArguments.Table(help: ValidateCommand._dumpHelp()))
        let arguments = ["validate", "a.xml", "--format", "json", "b.json", "--quiet", "--output=r.json", "-", "--as-of", "-x.json", "--", "--c.xml", "d.xml"]
        let compacted = try #require(PathArguments.compact(arguments, table: table))
        #expect(compacted == ["validate", "--format", "json", "--quiet", "--output=r.json", "--as-of", "-x.json", "--path-list", ["a.xml", "b.json", "-", "--c.xml", "d.xml"].joined(separator: "\0")])
        #expect(PathList(argument: compacted.last!)?.paths == ["a.xml", "b.json", "-", "--c.xml", "d.xml"])
        #expect(PathList(argument: "")?.paths == [""], "an empty path is still a path")
        #expect(PathArguments.compact(["validate", "a.xml", "--no-such-option", "b.xml"], table: table) == nil, "left to the parser, which names it")
        #expect(PathArguments.compact(["validate", "--quiet"], table: table) == ["validate", "--quiet"])
    }

    @Test func aShortCommandLineOrOneWithoutAListIsParsedAsItIs() {
        let short = ["validate"] + Self.dossiers.prefix(PathArguments.threshold - 1)
        #expect(PathArguments.compact(short, subcommands: QAPCheck.configuration.subcommands) == short)
        let explain = ["explain"] + Array(repeating: "QAP-FEE", count: PathArguments.threshold + 1)
        #expect(PathArguments.compact(explain, subcommands: QAPCheck.configuration.subcommands) == explain)
    }

    @Test func aLongCommandLineValidatesWhatAListedRunValidates() throws {
        let files = Self.dossiers
        try #require(files.count > PathArguments.threshold + 20)
        let half = files.count / 2
        let listing = FileManager.default.temporaryDirectory.appendingPathComponent("path-arguments-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: listing) }
        try files.joined(separator: "\n").write(to: listing, atomically: true, encoding: .utf8)

        let listed = try CLI.validate(["--files-from", listing.path, "--format", "csv"])
        // Paths before, between and after the options, the last ones after `--`.
        let named = try CLI.validate(Array(files[..<10]) + ["--format", "csv"] + Array(files[10..<half]) + ["--jobs", "2", "--"] + Array(files[half...]))
        #expect(named.status == listed.status, "\(named.stderr)")
        #expect(!listed.stdout.isEmpty && named.stdout == listed.stdout)
        #expect(named.stdout.split(separator: "\r\n").count == files.count + 1, "a row for every file and the header")

        let unknown = try CLI.validate(files + ["--no-such-option"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("--no-such-option"), "\(unknown.stderr)")
    }
}
