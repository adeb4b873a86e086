import Foundation

/// A compiled regular expression for `matches`, searched anywhere in the string as RE2 does
/// (anchors force a full match). Matching runs over Unicode scalars, not grapheme clusters, as
/// RE2 matches code points.
final class CELRegex: @unchecked Sendable {
    // Regex<AnyRegexOutput> is not declared Sendable; a compiled pattern is never mutated.
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws {
        regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
    }

    func matches(_ s: String) -> Bool {
        (try? regex.firstMatch(in: s)) != nil
    }
}
