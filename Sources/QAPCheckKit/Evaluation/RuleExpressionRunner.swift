/// Evaluates a free-standing expression with the variables a rule sees, for `qapcheck eval`.
public struct RuleExpressionRunner: Sendable {
    public let ruleSet: RuleSet

    public init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    public func evaluate(_ expression: String, doc: CELValue, asOf: CivilDate, phase: EvaluationContext.RunPhase) throws -> CELValue {
        let program = try CELProgram.compile(expression, declarations: CELDeclarations(variables: RuleSetLoader.baseVariables))
        return program.evaluate([doc, ruleSet.parameterMap(on: asOf), .date(asOf), .string(phase.rawValue)])
    }

    /// The value as JSON text.
    public static func json(_ value: CELValue) -> String { CELFormat.json(value) }
}
