import ArgumentParser
import Foundation
import QAPCheckKit

@main
struct QAPCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qapcheck",
        abstract: "Validates IMI certification dossiers against a declarative rule set.",
        version: QAPCheckKit.version,
        subcommands: [ValidateCommand.self, RulesCommand.self, ExplainCommand.self, EvalCommand.self]
    )

    /// Runs the command, mapping a command line that cannot be used to exit status 3, as cli.md
    /// specifies (the parser's own convention would be 64).
    static func main() {
        StopSignals.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(3)
            }
            exit(withError: error)
        }
    }
}
