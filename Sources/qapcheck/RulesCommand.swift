import ArgumentParser
import Foundation
import QAPCheckKit

/// `qapcheck rules list|check|test|export|docs`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lists, checks and tests a rule set.",
        subcommands: [List.self, Diff.self, Check.self, Test.self, Export.self, Docs.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Lists every rule: id, severity, kinds, phase, when in force, title and the source it cites.",
            discussion: "Without --as-of, every version of every rule; with it, the rules in force on that date.")
        @OptionGroup var rules: RuleSetOptions

        @Option(name: .customLong("as-of"), help: ArgumentHelp("List only the rules in force on this date (YYYY-MM-DD).", valueName: "date"))
        var asOf: RuleDate?

        @Option(help: "text, json or markdown.")
        var format: RuleListing.Format = .text

        func run() throws {
            let ruleSet = try rules.load()
            print(RuleListing.list(ruleSet, as: format, on: asOf?.date))
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Lists what changed in the rules between two dates: rules added, removed, or under a new version, and parameters changed.")
        @OptionGroup var rules: RuleSetOptions

        @Option(help: ArgumentHelp("The earlier date (YYYY-MM-DD).", valueName: "date"))
        var from: RuleDate

        @Option(help: ArgumentHelp("The later date (YYYY-MM-DD).", valueName: "date"))
        var to: RuleDate

        @Option(help: "text, json or markdown.")
        var format: RuleSetChanges.Format = .text

        func run() throws {
            let ruleSet = try rules.load()
            print(RuleSetChanges(ruleSet, from: from.date, to: to.date).rendered(as: format))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Loads and type-checks a rule set (and an exemptions file against it); errors name the file, line and column.")
        @OptionGroup var rules: RuleSetOptions

        @Option(help: ArgumentHelp("Also check an exemptions file: its fields, and that every rule it names is in the rule set.", valueName: "file"))
        var exemptions: String?

        func run() throws {
            let ruleSet = try rules.load()
            if let exemptions {
                let set = try rules.failing { try ExemptionSet.load(path: exemptions) }
                let unknown = set.unknownRules(in: ruleSet)
                for error in unknown { printError("error: \(error)") }
                if !unknown.isEmpty { throw ExitCode(3) }
                print("\(exemptions): \(set.exemptions.count) exemption\(set.exemptions.count == 1 ? "" : "s"), every rule known (\(set.digest))")
            }
            let ids = ruleSet.ids.count
            let versions = ids == ruleSet.rules.count ? "" : " (\(ruleSet.rules.count) versions)"
            print("\(ruleSet.name) \(ruleSet.version): \(ids) rules\(versions), \(ruleSet.parameters.count) parameters, \(ruleSet.schemas.kinds.count) kinds; no errors (\(ruleSet.digest))")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Runs the rule set's own test cases: documents with their expected outcomes.")
        @OptionGroup var rules: RuleSetOptions

        @Flag(help: "Print every case, not only the failures.")
        var verbose = false

        func run() throws {
            let ruleSet = try rules.load()
            let suite: RuleTestSuite
            do {
                suite = try RuleTestSuite.load(for: ruleSet)
            } catch let error as RuleSetError {
                printError("error: \(error)")
                throw ExitCode(3)
            }
            let results = suite.run(ruleSet)
            for r in results where verbose || !r.passed {
                print("\(r.passed ? "PASS" : "FAIL") \(r.testCase.file)\(r.passed ? "" : ": \(r.problem)")")
            }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count - failed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "docs",
            abstract: "Writes the rule set's documentation: one Markdown page per rule, and an index.",
            discussion: """
                Each page gives the rule's title, what it checks in plain words, its parameters, \
                the quoted clause it enforces, its check, and a passing and a failing example \
                taken from the rule set's own test cases, with what qapcheck reports on them. \
                Pages already in DIR with these names are replaced; nothing else is touched.
                """)
        @OptionGroup var rules: RuleSetOptions

        @Argument(help: "The folder to write into; made if missing.")
        var folder: String

        func run() throws {
            let ruleSet = try rules.load()
            let tests = ruleSet.testsFile == nil ? nil : try rules.failing { try RuleTestSuite.load(for: ruleSet) }
            let pages = RuleDocumentation(ruleSet: ruleSet, tests: tests).pages()
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for page in pages {
                    try Data(page.text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(page.name), options: .atomic)
                }
            } catch {
                printError("error: \(folder): cannot write the documentation: \(error.localizedDescription)")
                throw ExitCode(3)
            }
            print("wrote \(pages.count) pages to \(folder) (\(folder)/index.md lists the rules)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Writes the built-in rule set to a folder, for a program to extend.",
            discussion: """
                Writes DIR/Rules (the rule set, its tests and kind schemas) and DIR/Fixtures/rules \
                (the dossiers its tests name), as they lie in qapcheck's own source. Then \
                `--rules DIR/Rules` runs them, and a rule set of your own can say \
                `extends: DIR/Rules/imi-cpr.yaml`. Files already there are left alone: the \
                command refuses to overwrite them.
                """)

        @Argument(help: "The folder to write into; made if missing.")
        var folder: String

        func run() throws {
            let clashes = RuleSetFiles.existingExports(in: folder)
            if let first = clashes.first {
                printError("error: \(first): already exists (\(clashes.count) of the files to write are there); nothing was written")
                throw ExitCode(3)
            }
            do {
                let written = try RuleSetFiles.exportBuiltIn(to: folder)
                print("wrote \(written.count) files; run them with --rules \((folder as NSString).appendingPathComponent("Rules"))")
            } catch let error as RuleSetError {
                printError("error: \(error)")
                throw ExitCode(3)
            }
        }
    }

}

extension RuleListing.Format: ExpressibleByArgument {
}

extension RuleSetChanges.Format: ExpressibleByArgument {
}

/// A date given on the command line, `YYYY-MM-DD`.
struct RuleDate: ExpressibleByArgument {
    let date: CivilDate

    init?(argument: String) {
        guard let date = CivilDate(parsing: argument) else { return nil }
        self.date = date
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
