import ArgumentParser
import Foundation
import QAPCheckKit

/// `qapcheck eval EXPR [--input FILE] [--as-of DATE]`: evaluates a CEL expression the way a rule
/// would, and prints the value as JSON, so a rule author can try an expression on a dossier.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluates a CEL expression on a dossier and prints the value as JSON.",
        discussion: "The variables are those of a rule: doc (the dossier, or null), params (the rule set's parameters), asOf (a date) and phase."
    )

    @Argument(help: "The CEL expression.")
    var expression: String

    @Option(help: "The dossier to bind to `doc` (JSON or XML).")
    var input: String?

    @OptionGroup var dates: DateOptions

    @Option(help: "The phase bound to `phase`: application or certification.")
    var phase: EvaluationContext.RunPhase = .application

    @OptionGroup var rules: RuleSetOptions

    func run() throws {
        let ruleSet = try rules.load()
        let result = RuleExpressionRunner(ruleSet: ruleSet)
        let doc: CELValue
        if let input {
            do {
                doc = CELValue(node: try DossierLoader(schemas: ruleSet.schemas).load(file: input).root)
            } catch {
                printError("error: \(input)\(error.location.map { ":\($0.line):\($0.column)" } ?? ""): \(error.message)")
                throw ExitCode(2)
            }
        } else {
            doc = .null
        }
        let value: CELValue
        do {
            value = try result.evaluate(expression, doc: doc, asOf: try dates.asOf(), phase: phase)
        } catch let error as CELCompileError {
            printError("error: column \(error.column): \(error.message)")
            printError("  \(expression)")
            printError("  \(String(repeating: " ", count: max(0, error.column - 1)))^")
            throw ExitCode(3)
        }
        if case .error(let e) = value {
            printError("error: evaluation failed: \(e.message)")
            throw ExitCode(1)
        }
        print(RuleExpressionRunner.json(value))
    }
}

extension EvaluationContext.RunPhase: ExpressibleByArgument {}
