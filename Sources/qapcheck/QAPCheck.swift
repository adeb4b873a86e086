import ArgumentParser
import QAPCheckKit

@main
struct QAPCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qapcheck",
        abstract: "Validates IMI certification dossiers against a declarative rule set.",
        version: QAPCheckKit.version,
        subcommands: [ValidateCommand.self, RulesCommand.self, ExplainCommand.self, EvalCommand.self, CELConformanceCommand.self]
    )
}
