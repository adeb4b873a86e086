/// The case folds a thread made last, by the text folded.
///
/// Foundation's NFC and case folding cost some twenty thousand instructions a name, and a rule
/// folds the same names once for each finding of a document (`names.exists(n,
/// text.containsWord(n))`), and the same names recur from document to document. A text is its
/// own key: texts equal as Swift compares them (canonically equivalent) have one NFC, so one
/// fold. Bounded, so a run of a million documents holds no more than a few hundred kilobytes.
final class CaseFoldMemo {
    /// How many folds are kept; all are dropped when it is reached.
    static let capacity = 1024
    /// Longer texts are folded each time: kept, they would make the bound a matter of megabytes.
    static let longestKept = 256

    private var folded: [String: String] = [:]

    /// The calling thread's memo.
    static let perThread = ThreadLocal { CaseFoldMemo() }

    /// The fold of `text`, made by `fold` unless it was made before.
    func fold(_ text: String, _ fold: (String) -> String) -> String {
        guard text.utf8.count <= Self.longestKept else { return fold(text) }
        if let known = folded[text] { return known }
        let made = fold(text)
        if folded.count >= Self.capacity { folded.removeAll(keepingCapacity: true) }
        folded[text] = made
        return made
    }

    /// How many folds are kept now (for tests).
    var count: Int { folded.count }
}
