/// A parsed regular expression, RE2's syntax as CEL's `matches` defines it.
///
/// `matches` only asks whether the pattern occurs, so the tree keeps no captures and no
/// greediness: both change which match is found, never whether one is.
indirect enum RegexNode: Equatable {
    case empty
    case scalar(UInt32, foldCase: Bool)
    case set(ScalarSet)
    case assertion(RegexAssertion)
    case concat([RegexNode])
    case alternate([RegexNode])
    /// `max == nil` is unbounded.
    case `repeat`(RegexNode, min: Int, max: Int?)
}

/// The zero-width tests of RE2: `^`, `$` (text or line, by the `m` flag), `\A`, `\z`, `\b`, `\B`.
enum RegexAssertion: Equatable, Sendable {
    case beginText, endText, beginLine, endLine, wordBoundary, notWordBoundary

    /// Whether the assertion holds between `before` and `after` (nil at either end of the text).
    func holds(before: UInt32?, after: UInt32?) -> Bool {
        switch self {
        case .beginText: return before == nil
        case .endText: return after == nil
        case .beginLine: return before == nil || before == 0x0A
        case .endLine: return after == nil || after == 0x0A
        case .wordBoundary: return Self.isWord(before) != Self.isWord(after)
        case .notWordBoundary: return Self.isWord(before) == Self.isWord(after)
        }
    }

    /// RE2's `\w`: ASCII letters, digits and `_`.
    static func isWord(_ c: UInt32?) -> Bool {
        guard let c else { return false }
        return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
}
