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
public final class EarlyRuleSet: Sendable {
    /// The one the loader looks in.
    public static let shared = EarlyRuleSet()

    private let slot = Locked<(path: String, loading: RuleSetLoading)?>(nil)

    init() {}

    /// Starts compiling one copy of the rule set at `path`, unless one was started already.
    public func begin(path: String) {
        slot.withLock { early in
            guard early == nil else { return }
            // The copy itself, not `RuleSetLoader.load`, which would take this very copy.
            early = (path, RuleSetLoading(inBackground: true) { [try RuleSetLoader.loadCopy(path: path)] })
        }
    }

    /// The copy started for `path`, once; nil when none was, or it was for another path (then
    /// it is dropped, so a rule set nobody uses is not held).
    func take(path: String) -> RuleSetLoading? {
        slot.withLock { early in
            defer { early = nil }
            return early?.path == path ? early?.loading : nil
        }
    }
}
