import ArgumentParser
import Foundation
import QAPCheckKit

/// Runs the CEL conformance cases and ends with `N passed, N failed, N skipped`.
struct CELConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cel-conformance",
        abstract: "Runs the CEL conformance cases of a folder against the rule language.",
        shouldDisplay: false
    )

    @Argument(help: "The folder of conformance case files (*.json).")
    var directory: String = "../shared/conformance/cel"

    @Flag(help: "Print each failed case.")
    var verbose = false

    func run() throws {
        let outcome = try CELConformance.run(directory: URL(fileURLWithPath: directory))
        if verbose || outcome.failed > 0 {
            for line in outcome.failures { print("FAIL \(line)") }
        }
        print(outcome.summary)
        if outcome.failed > 0 { throw ExitCode(1) }
    }
}
