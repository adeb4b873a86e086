import Foundation

/// A rule set being loaded on other threads (see `RuleSetLoader.load(path:copies:)`) while the
/// caller does something else; `wait()` gives its copies, or the error loading them met.
final class RuleSetLoading: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Locked<Result<[RuleSet], any Error>?>(nil)

    /// Loads on another thread when `inBackground`, else here and now (when the caller has
    /// nothing to do meanwhile, a thread handed the work only adds its start to the wait).
    convenience init(path: String, copies: Int, inBackground: Bool = true) {
        self.init(inBackground: inBackground) { try RuleSetLoader.load(path: path, copies: copies) }
    }

    /// Runs `work`, which gives the copies.
    init(inBackground: Bool, _ work: @escaping @Sendable () throws -> [RuleSet]) {
        let load: @Sendable () -> Void = { [done, outcome] in
            let loaded = Result { try work() }
            outcome.withLock { $0 = loaded }
            done.signal()
        }
        if inBackground { DispatchQueue.global().async(execute: load) } else { load() }
    }

    /// Blocks until the copies are loaded. Call it once.
    func wait() throws -> [RuleSet] {
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
