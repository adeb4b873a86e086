import Foundation

/// Validates many files in parallel and hands the results over in file order, as they are ready.
///
/// Each worker thread has its own loader and validator (its own copy of the compiled rule set), so
/// workers share no reference-counted objects and do not contend for them; they claim files one at
/// a time. The calling thread delivers results strictly in file order through a bounded window:
/// a worker never runs more than `window` files ahead of delivery, so memory is bounded by the
/// window, not the batch, and the report is the same whatever the number of workers. Each file's
/// outcome is its own: a file that cannot be read becomes an `error` result and the batch goes on.
public struct Batch: Sendable {
    /// What one worker needs: a loader and a validator it does not share.
    public struct Worker: Sendable {
        public let loader: DossierLoader
        public let validator: Validator

        public init(loader: DossierLoader, validator: Validator) {
            self.loader = loader
            self.validator = validator
        }

        func evaluate(file: String, context: EvaluationContext) -> DocumentResult {
            do {
                return validator.validate(try loader.load(file: file), context: context)
            } catch {
                return .unreadable(file, error)
            }
        }
    }

    public let workers: [Worker]
    public let context: EvaluationContext
    /// How far workers may run ahead of delivery.
    public let window: Int

    public init(workers: [Worker], context: EvaluationContext, window: Int = 1024) {
        precondition(!workers.isEmpty, "a batch needs a worker")
        self.workers = workers
        self.context = context
        self.window = max(window, workers.count)
    }

    /// A batch whose workers all use one rule set (simplest; fine for small runs and tests).
    public init(ruleSet: RuleSet, limits: LoadLimits = .default, context: EvaluationContext, jobs: Int) {
        let worker = Worker(loader: DossierLoader(schemas: ruleSet.schemas, limits: limits), validator: Validator(ruleSet: ruleSet))
        self.init(workers: Array(repeating: worker, count: max(1, jobs)), context: context)
    }

    /// The result for one file.
    public func evaluate(file: String) -> DocumentResult {
        workers[0].evaluate(file: file, context: context)
    }

    /// Runs every file; `deliver` receives each result, on the calling thread, in the order of
    /// `files`. An error thrown by `deliver` stops the batch and is rethrown.
    public func run<Files: RandomAccessCollection & Sendable>(_ files: Files, deliver: (DocumentResult) throws -> Void) throws
        where Files.Element == String, Files.Index == Int {
        try run(files, prepare: { _ in () }, deliver: { result, _ in try deliver(result) })
    }

    /// Runs every file; `prepare` turns each result into what delivery needs (a report's text) on
    /// the worker that made it, in parallel; `deliver` then receives both in file order.
    public func run<Files: RandomAccessCollection & Sendable, Prepared>(
        _ files: Files, prepare: @escaping @Sendable (DocumentResult) -> Prepared,
        deliver: (DocumentResult, Prepared) throws -> Void
    ) throws where Files.Element == String, Files.Index == Int {
        if workers.count == 1 || files.count < 2 {
            for file in files {
                let result = workers[0].evaluate(file: file, context: context)
                try deliver(result, prepare(result))
            }
            return
        }
        let pipeline = Pipeline<Prepared>(count: files.count, window: window)
        let group = DispatchGroup()
        for worker in workers {
            let context = self.context
            DispatchQueue.global().async(group: group) {
                while let i = pipeline.claim() {
                    let result = worker.evaluate(file: files[i], context: context)
                    pipeline.store((result, prepare(result)), at: i)
                }
            }
        }
        defer {
            pipeline.cancel()
            group.wait()
        }
        for i in 0..<files.count {
            let (result, prepared) = pipeline.take(i)
            try deliver(result, prepared)
        }
    }
}

/// The hand-over between workers and the delivering thread: claimed indexes, a ring of finished
/// results, and the backpressure that keeps workers within the window.
private final class Pipeline<Prepared>: @unchecked Sendable {
    // Every field is guarded by `condition`.
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var next = 0
    private var delivered = 0
    private var cancelled = false
    private var ring: [(DocumentResult, Prepared)?]

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
        ring = Array(repeating: nil, count: window)
    }

    /// The next file index for a worker, waiting while it would run past the window; nil when done.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && next < count && next >= delivered + window { condition.wait() }
        guard !cancelled, next < count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: (DocumentResult, Prepared), at i: Int) {
        condition.lock()
        ring[i % window] = result
        condition.broadcast()
        condition.unlock()
    }

    /// The result for index `i`, waiting until a worker has stored it.
    func take(_ i: Int) -> (DocumentResult, Prepared) {
        condition.lock()
        defer { condition.unlock() }
        while ring[i % window] == nil { condition.wait() }
        let result = ring[i % window]!
        ring[i % window] = nil
        delivered = i + 1
        condition.broadcast()
        return result
    }

    /// Stops the workers (after the last delivery, or when delivery failed).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
