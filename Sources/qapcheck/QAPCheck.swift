import ArgumentParser
import Foundation
import QAPCheckKit

@main
struct QAPCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qapcheck",
        abstract: "Validates IMI certification dossiers against a declarative rule set.",
        discussion: """
            qapcheck reads mediator applications, listing profiles and program audit submissions \
            (JSON or XML), runs the rule set built into it (or one named with --rules) and \
            reports every deviation with the rule, the quoted clause it enforces and the line \
            and column where it was found. Options can be kept in .qapcheck.yml, found in the \
            working folder or the nearest parent.

            Exit status: 0 every document passed; 1 some failed; 2 some document could not be \
            read; 3 the command could not run.
            """,
        version: QAPCheckKit.version,
        subcommands: [ValidateCommand.self, RulesCommand.self, ExplainCommand.self, EvalCommand.self, HistoryCommand.self, DiffCommand.self, MergeCommand.self]
    )

    /// Runs the command, mapping a command line that cannot be used to exit status 3, as cli.md
    /// specifies (the parser's own convention would be 64).
    static func main() {
        StopSignals.install()
        beginBuiltInRuleSet(CommandLine.arguments)
        do {
            let arguments = PathArguments.compact(Array(CommandLine.arguments.dropFirst()), subcommands: configuration.subcommands)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(3)
            }
            exit(withError: error)
        }
    }

    /// Starts compiling the built-in rule set on another core while the command line is parsed,
    /// when the command validates and names no rule set (`--rules`); see `EarlyRuleSet`.
    static func beginBuiltInRuleSet(_ arguments: [String]) {
        guard arguments.dropFirst().first == "validate",
              !arguments.contains(where: { $0 == "--rules" || $0.hasPrefix("--rules=") || $0 == "-h" || $0 == "--help" }) else { return }
        EarlyRuleSet.shared.begin(path: RuleSetFiles.builtIn)
    }
}
