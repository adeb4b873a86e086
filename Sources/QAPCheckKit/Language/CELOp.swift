/// The resolved form of an expression that the evaluator walks: names are slots, functions are
/// looked up, constant regular expressions are compiled. Built once per expression.
indirect enum CELOp: Sendable {
    case constant(CELValue)
    case global(Int)
    case local(Int)
    case select(CELOp, String, testOnly: Bool, optional: Bool)
    /// `x.?f.orValue(d)`, without building the optional.
    case selectOr(CELOp, String, CELOp)
    /// `x.?f.hasValue()`, without building the optional.
    case selectHas(CELOp, String)
    case index(CELOp, CELOp, optional: Bool)
    case call(CELFunction, [CELOp])
    case unary(UnaryOperator, CELOp)
    case binary(BinaryOperator, CELOp, CELOp)
    case and(CELOp, CELOp)
    case or(CELOp, CELOp)
    case conditional(CELOp, CELOp, CELOp)
    case list([CELOp], optional: [Bool])
    case map([(key: CELOp, value: CELOp, optional: Bool)])
    case comprehension(CELExpr.Comprehension.Macro, range: CELOp, slot: Int, slot2: Int?, filter: CELOp?, body: CELOp)
    case matches(CELOp, CELRegex)
    case wellKnownValue([(String, CELOp)])
    case fail(String)
}
