import Foundation

/// One copy of a rule set compiled before anyone asks for it, on another core, while the
/// process starts and reads its command line.
///
/// Compiling the built-in rule set is most of a one-dossier run's own time, and the command line's
/// parsing, which comes first, keeps one core busy while the other waits. A front end that can
/// guess the rule set (the command line names none) starts it in `shared`; the first load of
/// that path takes the copy (see `RuleSetLoader.load(path:copies:)`), and a load of any other
/// path drops it. A guess that was wrong costs the other core's time, never a result: the copy is
/// compiled from the same files as any other.
///
/// The reading of the files is kept too, copied apart (`spare`), so that the load's other copies
/// are compiled from it rather than read and parsed again.
public final class EarlyRuleSet: Sendable {
    /// The one the loader looks in.
    public static let shared = EarlyRuleSet()

    /// What a load takes: the copy being compiled, and the draft the others can be compiled from.
    struct Begun: Sendable {
        let copies: RuleSetLoading
        let spare: SpareDraft
    }

    private let slot = Locked<(path: String, begun: Begun)?>(nil)

    init() {}

    /// Starts compiling one copy of the rule set at `path`, unless one was started already.
    public func begin(path: String) {
        slot.withLock { early in
            guard early == nil else { return }
            let spare = SpareDraft()
            let copies = RuleSetLoading(inBackground: true) {
                let draft = Result { try RuleSetLoader.readDraft(path: path) }
                // Copied before this one is compiled, which resolves its YAML tags in place.
                spare.put(draft.map(\.copiedApart))
                return [try RuleSetLoader.compile(try draft.get())]
            }
            early = (path, Begun(copies: copies, spare: spare))
        }
    }

    /// What was begun for `path`, once; nil when nothing was, or it was for another path (then
    /// it is dropped, so a rule set nobody uses is not held).
    func take(path: String) -> Begun? {
        slot.withLock { early in
            defer { early = nil }
            return early?.path == path ? early?.begun : nil
        }
    }
}

/// A draft handed from the thread that read it to the one that compiles it, once.
final class SpareDraft: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    /// Set once, by `put`, before `ready` is signalled; read by `take` after it is waited for.
    private var result: Result<RuleSetLoader.Draft, any Error>?

    func put(_ result: Result<RuleSetLoader.Draft, any Error>) {
        self.result = result
        ready.signal()
    }

    /// Waits for the draft; call it once.
    func take() throws -> RuleSetLoader.Draft {
        ready.wait()
        return try result!.get()
    }
}
