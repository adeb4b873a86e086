/// How much work evaluations may do before they stop, as cel-go's cost limit does.
///
/// A rule set is data, and a rule pack written by a program can ask for work without end (a map
/// inside a map inside a map over a long list). Every comprehension step costs one unit, and
/// every list, map or string an expression builds costs its size; when the units run out, the
/// evaluation gives the error `budgetExceeded` and the batch goes on with the next rule.
public struct EvaluationBudget: Sendable, Equatable {
    public var remaining: Int

    /// The default for one rule on one document: every shipped rule runs on a dossier a hundred
    /// times the usual size well within it, and a runaway expression stops before it holds more
    /// than some tens of megabytes.
    public static let defaultLimit = 1_000_000

    public init(limit: Int = EvaluationBudget.defaultLimit) {
        remaining = limit
    }

    public var isExhausted: Bool { remaining < 0 }

    static let exceeded = CELValue.error(CELError(.budgetExceeded, "evaluation budget exceeded"))
}
