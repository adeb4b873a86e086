import Foundation

/// Validates many files in parallel and hands the results over in file order.
///
/// Files go through in windows: the workers of a window load and evaluate its files in any
/// order, then the window's results are delivered in order and dropped. Memory is bounded by the
/// window, not the batch, and the report is the same whatever `jobs` is. Each file's outcome is
/// its own: a file that cannot be read becomes an `error` result and the batch goes on.
public struct Batch: Sendable {
    public let loader: DossierLoader
    public let validator: Validator
    public let context: EvaluationContext
    public let jobs: Int

    public init(loader: DossierLoader, validator: Validator, context: EvaluationContext, jobs: Int) {
        self.loader = loader
        self.validator = validator
        self.context = context
        self.jobs = max(1, jobs)
    }

    /// The result for one file.
    public func evaluate(file: String) -> DocumentResult {
        do {
            return validator.validate(try loader.load(file: file), context: context)
        } catch {
            return .unreadable(file, error)
        }
    }

    /// Runs every file; `deliver` receives each result in the order of `files`.
    public func run(_ files: [String], deliver: (DocumentResult) throws -> Void) rethrows {
        let window = jobs == 1 ? 1 : jobs * 64
        var start = 0
        while start < files.count {
            let end = min(start + window, files.count)
            if jobs == 1 {
                for file in files[start..<end] { try deliver(evaluate(file: file)) }
            } else {
                let slots = ResultSlots(count: end - start)
                let base = start
                DispatchQueue.concurrentPerform(iterations: min(jobs, end - start)) { _ in
                    while let i = slots.claim() {
                        slots.store(evaluate(file: files[base + i]), at: i)
                    }
                }
                for result in slots.results { try deliver(result) }
            }
            start = end
        }
    }
}

/// The results of one window, filled by the workers; each claims the next free slot.
private final class ResultSlots: @unchecked Sendable {
    // Guarded by `lock`: `next` is claimed under it; each slot is written by exactly one worker
    // and read only after concurrentPerform has returned.
    private let lock = NSLock()
    private var next = 0
    private var slots: [DocumentResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: DocumentResult, at i: Int) {
        lock.lock()
        slots[i] = result
        lock.unlock()
    }

    var results: [DocumentResult] { slots.map { $0! } }
}
