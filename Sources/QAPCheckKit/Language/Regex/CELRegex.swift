/// A compiled regular expression for `matches`: RE2's syntax and its guarantee, a search in time
/// linear in the text (`RegexProgram`), found anywhere in the string as RE2 does (anchors force a
/// full match). Matching runs over Unicode scalars, as RE2 matches code points.
///
/// A rule set is data that programs write; a backtracking engine would let one pattern such as
/// `^(a+)+$` take minutes on thirty characters.
struct CELRegex: Sendable {
    let pattern: String
    private let program: RegexProgram

    init(_ pattern: String) throws(RegexSyntaxError) {
        self.pattern = pattern
        program = try RegexProgram(RegexParser.parse(pattern))
    }

    /// Whether the pattern occurs in `s`; nil when the search would take more than `limit`
    /// steps. `steps` grows by the work done.
    func matches(_ s: String, steps: inout Int, limit: Int) -> Bool? {
        program.matches(s.unicodeScalars, steps: &steps, limit: limit)
    }

    /// The steps a search may take when no budget is at hand (a pattern built at run time):
    /// what the default budget allows one rule.
    static let defaultStepLimit = EvaluationBudget.defaultLimit << RegexProgram.stepsPerUnitShift

    func matches(_ s: String) -> Bool? {
        var steps = 0
        return matches(s, steps: &steps, limit: Self.defaultStepLimit)
    }
}
