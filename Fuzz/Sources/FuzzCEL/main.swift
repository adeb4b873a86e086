import Foundation
import FuzzSupport

// Each input: the bytes as a CEL expression, compiled (checked and unchecked) and, when it
// compiles, evaluated over a dossier with the variables a rule sees, within a small budget.
exit(FuzzSupport.runFuzzer { data, size in
    CELTarget.run(String(decoding: FuzzSupport.bytes(data, size), as: UTF8.self))
    return 0
})

enum CELTarget {
    static let variables = ["doc", "params", "asOf", "phase", "l", "s"]

    static let values: [CELValue] = {
        let path = FuzzSupport.rulesPath + "/../Fixtures/forms/application.json"
        let document: Dossier
        do { document = try DossierLoader(schemas: FuzzSupport.ruleSet.schemas).load(file: path) } catch { fatalError("\(error)") }
        return [
            CELValue(node: document.root), FuzzSupport.ruleSet.parameterMap(on: FuzzSupport.context.asOf), .date(FuzzSupport.context.asOf), .string("application"),
            .list(CELList((0..<20).map { .int(Int64($0)) })), .string("Ødegård 😀 a/b"),
        ]
    }()

    static func run(_ text: String) {
        for checked in [true, false] {
            guard let program = try? CELProgram.compile(text, declarations: CELDeclarations(variables: variables, checked: checked)) else { continue }
            var budget = EvaluationBudget(limit: 100_000)
            _ = program.evaluate(values, budget: &budget)
        }
    }
}
