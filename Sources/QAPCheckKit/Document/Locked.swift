import Foundation

/// A value that threads share, behind a lock.
///
/// A pthread mutex (through `NSLock`) rather than the standard library's `Mutex`: ThreadSanitizer
/// sees a pthread mutex, but not the futex under `Mutex` on Linux, so with `Mutex` every guarded
/// access was reported as a race and the sanitizer run could not show a real one. Uncontended,
/// the two cost the same.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
