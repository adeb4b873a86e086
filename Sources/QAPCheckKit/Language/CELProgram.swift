/// What an expression may refer to: its variables (in slot order), the container that prefixes
/// names, and whether unknown names and functions are errors when compiling (checked) or only
/// when evaluated (unchecked, as some conformance cases ask).
public struct CELDeclarations: Sendable {
    public var variables: [String]
    public var container: String
    public var checked: Bool
    /// Variables whose value is known when compiling (a rule set's `params`): selections from
    /// them are folded into constants, and a key they lack is a compile error.
    public var constants: [String: CELValue]
    /// The types of variables whose type is fixed (`asOf` is a date), so that operators and
    /// functions applied to them are checked when the rule set loads.
    public var types: [String: CELType]

    public init(variables: [String], container: String = "", checked: Bool = true, constants: [String: CELValue] = [:],
                types: [String: CELType] = [:]) {
        self.variables = variables
        self.container = container
        self.checked = checked
        self.constants = constants
        self.types = types
    }
}

/// A parsed and checked expression, ready to evaluate any number of times.
///
/// Compiling resolves every name to a variable slot, a comprehension slot or a function once, and
/// plans the tree into interpretable nodes, so that evaluating a rule against a million documents
/// parses, resolves and plans nothing again.
public final class CELProgram: Sendable {
    public let source: String
    public let declarations: CELDeclarations
    /// The checked tree, for questions about the expression (which variables it reads).
    let root: CELOp
    /// The planned nodes, which evaluation walks.
    let planned: Interpretable
    let localCount: Int
    /// The type of the result whatever the input, where compiling could tell (`size(x)` is an
    /// int); nil when only evaluation will know (`doc.hours`).
    public let resultType: CELType?

    init(source: String, declarations: CELDeclarations, root: CELOp, localCount: Int, resultType: CELType?) {
        self.source = source
        self.declarations = declarations
        self.root = root
        self.planned = CELPlanner.plan(root)
        self.localCount = localCount
        self.resultType = resultType
    }

    /// Parses, resolves and (when the declarations ask) checks an expression.
    public static func compile(_ text: String, declarations: CELDeclarations, library: CELLibrary = .standard) throws(CELCompileError) -> CELProgram {
        let expr = try CELParser.parse(text)
        var compiler = CELCompiler(declarations: declarations, library: library, source: Array(text.unicodeScalars))
        let root = try compiler.compile(expr)
        return CELProgram(source: text, declarations: declarations, root: root, localCount: compiler.maxLocals, resultType: compiler.lastType)
    }

    /// Whether the expression reads any of these variable slots.
    public func reads(slots: Set<Int>) -> Bool { root.reads(slots) }

    /// Evaluates with one value per declared variable, in declaration order, within a budget of
    /// its own.
    public func evaluate(_ globals: [CELValue]) -> CELValue {
        var budget = EvaluationBudget()
        return evaluate(globals, budget: &budget)
    }

    /// Evaluates, spending from `budget` (shared by the evaluations of one rule on one document).
    public func evaluate(_ globals: [CELValue], budget: inout EvaluationBudget) -> CELValue {
        var frame = EvaluationFrame(globals: globals, localCount: localCount, budget: budget)
        defer { budget = frame.budget }
        return planned.eval(&frame)
    }

    /// Evaluates and, when the result is read from a document, also returns the node it came from,
    /// so an aggregate rule can point its finding at the exact place (`doc.cases`).
    public func evaluateLocated(_ globals: [CELValue], nodes: [Node?]) -> (value: CELValue, node: Node?) {
        var budget = EvaluationBudget()
        return evaluateLocated(globals, nodes: nodes, budget: &budget)
    }

    public func evaluateLocated(_ globals: [CELValue], nodes: [Node?], budget: inout EvaluationBudget) -> (value: CELValue, node: Node?) {
        var frame = EvaluationFrame(globals: globals, localCount: localCount, budget: budget)
        defer { budget = frame.budget }
        let value = planned.eval(&frame)
        let node = NodeLocator.locate(planned, nodes: nodes, frame: &frame)
        return (value, node)
    }
}
