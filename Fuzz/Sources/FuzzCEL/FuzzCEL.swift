import FuzzSupport

/// libFuzzer entry: the bytes as a CEL expression, compiled (checked and unchecked) and, when it
/// compiles, evaluated over a dossier with the variables a rule sees, within a small budget.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let variables = ["doc", "params", "asOf", "phase", "l", "s"]
    let values: [CELValue] = [
        CELValue(node: document.root), FuzzSupport.ruleSet.parameterMap, .date(FuzzSupport.context.asOf), .string("application"),
        .list(CELList((0..<20).map { .int(Int64($0)) })), .string("Ødegård 😀 a/b"),
    ]
    for checked in [true, false] {
        guard let program = try? CELProgram.compile(text, declarations: CELDeclarations(variables: variables, checked: checked)) else { continue }
        var budget = EvaluationBudget(limit: 100_000)
        _ = program.evaluate(values, budget: &budget)
    }
    return 0
}

private let document: Dossier = {
    let path = FuzzSupport.rulesPath + "/../Fixtures/forms/application.json"
    do { return try DossierLoader(schemas: FuzzSupport.ruleSet.schemas).load(file: path) } catch { fatalError("\(error)") }
}()
