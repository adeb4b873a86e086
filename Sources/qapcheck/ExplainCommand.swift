import ArgumentParser
import QAPCheckKit

/// `qapcheck explain RULE-ID`: the rule, its parameters, and the quoted clause it enforces.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Shows a rule: what it checks, the parameters it reads, and the clause it enforces."
    )

    @Argument(help: "The rule id, such as QAP-HOURS.")
    var ruleID: String

    @OptionGroup var rules: RuleSetOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Show only the version in force on this date (YYYY-MM-DD); default: every version.", valueName: "date"))
    var asOf: RuleDate?

    func run() throws {
        let ruleSet = try rules.load()
        let versions = ruleSet.rules.filter { $0.id.rawValue.caseInsensitiveCompare(ruleID) == .orderedSame }
        guard !versions.isEmpty else {
            printError("error: no rule '\(ruleID)' in \(ruleSet.name); the rules are \(ruleSet.rules.map(\.id.rawValue).joined(separator: ", "))")
            throw ExitCode(3)
        }
        guard let date = asOf?.date else {
            print(versions.map { RuleListing.explain($0, in: ruleSet) }.joined(separator: "\n\n"))
            return
        }
        guard let version = versions.first(where: { $0.effective.contains(date) }) else {
            printError("error: \(versions[0].id) is not in force on \(date); its versions are in force \(versions.map(\.effective.description).joined(separator: "; "))")
            throw ExitCode(3)
        }
        print(RuleListing.explain(version, in: ruleSet))
    }
}
