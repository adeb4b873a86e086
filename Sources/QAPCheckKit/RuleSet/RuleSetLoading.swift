import Foundation

/// A rule set being loaded on other threads (see `RuleSetLoader.load(path:copies:)`) while the
/// caller does something else; `wait()` gives its copies, or the error loading them met.
final class RuleSetLoading: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Locked<Result<[RuleSet], any Error>?>(nil)

    init(path: String, copies: Int) {
        DispatchQueue.global().async { [done, outcome] in
            let loaded = Result { try RuleSetLoader.load(path: path, copies: copies) }
            outcome.withLock { $0 = loaded }
            done.signal()
        }
    }

    /// Blocks until the copies are loaded. Call it once.
    func wait() throws -> [RuleSet] {
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
