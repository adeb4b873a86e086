import Foundation

/// Validates many files in parallel and hands the results over in file order, as they are ready.
///
/// Each worker thread has its own loader and validator (its own copy of the compiled rule set), so
/// workers share no reference-counted objects and do not contend for them; they claim files one at
/// a time. The calling thread delivers results strictly in file order through a bounded window:
/// a worker never runs more than `window` files ahead of delivery, so memory is bounded by the
/// window, not the batch, and the report is the same whatever the number of workers. Each file's
/// outcome is its own: a file that cannot be read becomes an `error` result and the batch goes on.
/// When the files turn out to be on the disk rather than in memory, `ReadAhead` asks for the next
/// ones while the workers read these.
public struct Batch: Sendable {
    /// What one worker needs: a loader and a validator it does not share.
    public struct Worker: Sendable {
        public let loader: DossierLoader
        public let validator: Validator
        /// The name reports give the dossier read from standard input (`-`).
        public let standardInputName: String
        /// `--path-base` and the working folder: reports show paths relative to the base.
        public let pathBase: (base: String, workingFolder: String)?
        /// Whether each result carries the SHA-256 of its file's bytes (the history asks, to tell
        /// a changed dossier from a changed verdict).
        public var digestsContent = false

        public init(loader: DossierLoader, validator: Validator, standardInputName: String = "<stdin>",
                    pathBase: (base: String, workingFolder: String)? = nil) {
            self.loader = loader
            self.validator = validator
            self.standardInputName = standardInputName
            self.pathBase = pathBase
        }

        /// How reports name a file.
        func name(of file: InputPath) -> String {
            if file.isStandardInput { return standardInputName }
            guard let pathBase else { return file.display }
            return file.relative(to: pathBase.base, from: pathBase.workingFolder).display
        }

        func evaluate(file: InputPath, context: EvaluationContext) -> DocumentResult {
            let name = name(of: file)
            let start = DispatchTime.now().uptimeNanoseconds
            var result: DocumentResult
            var digest: String?
            do {
                let bytes = try loader.read(file)
                if digestsContent { digest = ContentDigest.sha256(bytes) }
                result = validator.validate(try loader.load(bytes: bytes, file: file.isStandardInput ? standardInputName : name, byContent: file.isStandardInput),
                                            context: context)
            } catch {
                result = .unreadable(name, error)
            }
            result.contentSHA256 = digest
            result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return result
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
    public func evaluate(file: InputPath) -> DocumentResult {
        workers[0].evaluate(file: file, context: context)
    }

    /// The stack of each worker thread. A tree as deep as `LoadLimits.deepestAllowed` is checked,
    /// evaluated and freed by recursive walks; threads of our own, with a stack sized for that,
    /// hold it whatever stack size the system gives its shared threads (a sanitizer's larger
    /// frames overflowed 8 MB). Only the pages a walk touches are ever used.
    static let workerStackSize = 64 << 20

    /// Runs every file; `deliver` receives each result, on the calling thread, in the order of
    /// `files`. An error thrown by `deliver` stops the batch and is rethrown.
    public func run<Files: RandomAccessCollection & Sendable>(_ files: Files, deliver: (DocumentResult) throws -> Void) throws
        where Files.Element == InputPath, Files.Index == Int {
        try run(files, prepare: { _ in () }, deliver: { result, _ in try deliver(result) })
    }

    /// Runs every file; `prepare` turns each result into what delivery needs (a report's text) on
    /// the worker that made it, in parallel; `deliver` then receives both in file order.
    public func run<Files: RandomAccessCollection & Sendable, Prepared: Sendable>(
        _ files: Files, prepare: @escaping @Sendable (DocumentResult) -> Prepared,
        deliver: (DocumentResult, Prepared) throws -> Void
    ) throws where Files.Element == InputPath, Files.Index == Int {
        let readAhead = files.count >= ReadAhead<Files>.minimumFiles ? ReadAhead(files) : nil
        defer { readAhead?.stop() }
        if workers.count == 1 || files.count < 2 {
            for (i, file) in files.enumerated() {
                readAhead?.took(i)
                let result = workers[0].evaluate(file: file, context: context)
                try deliver(result, prepare(result))
            }
            return
        }
        let workers = self.workers, context = self.context
        try Self.ordered(count: files.count, workers: workers.count, window: window, make: { worker, i in
            readAhead?.took(i)
            let result = workers[worker].evaluate(file: files[i], context: context)
            return (result, prepare(result))
        }, deliver: { try deliver($0.0, $0.1) })
    }

    /// Makes item `i` for each `i` in `0..<count` on `workers` threads of their own (`make` is
    /// told which thread, from 0) and hands every item to `deliver` on the calling thread, in
    /// index order, as they are ready. No thread runs more than `window` items ahead of delivery.
    /// An error thrown by `deliver` stops the work and is rethrown.
    static func ordered<Item: Sendable>(count: Int, workers: Int, window: Int, make: @escaping @Sendable (_ worker: Int, _ i: Int) -> Item,
                                        deliver: (Item) throws -> Void) throws {
        let pipeline = Pipeline<Item>(count: count, window: max(window, workers), workers: workers)
        let group = DispatchGroup()
        for worker in 0..<workers {
            group.enter()
            let thread = Thread {
                while let i = pipeline.claim() { pipeline.store(make(worker, i), at: i) }
                group.leave()
            }
            thread.stackSize = Self.workerStackSize
            thread.start()
        }
        defer {
            pipeline.cancel()
            group.wait()
        }
        for i in 0..<count { try deliver(pipeline.take(i)) }
    }
}

/// The hand-over between workers and the delivering thread: claimed indexes, a ring of finished
/// results, and the backpressure that keeps workers within the window.
///
/// Claims take a permit from `free` (one per ring slot) and deliveries give it back, so a worker
/// never claims index `i` before index `i - window` has been delivered and its slot emptied.
/// The delivering thread, once it has caught up with the workers, sleeps until a batch of results
/// is ready (or the last one is), not until the next one is: woken for each document, it cost a
/// context switch per document and competed with the workers for the cores.
private final class Pipeline<Item: Sendable>: Sendable {
    private struct State: Sendable {
        var next = 0
        var cancelled = false
        var ring: [Item?]
        /// The index delivery waits for, while it sleeps.
        var awaited: Int?
        /// Results stored and not yet delivered, and stored in all.
        var pending = 0
        var stored = 0
    }

    private let count: Int
    private let window: Int
    /// How many ready results wake the delivering thread.
    private let batch: Int
    private let state: Locked<State>
    private let free = DispatchSemaphore(value: 0)
    private let ready = DispatchSemaphore(value: 0)

    init(count: Int, window: Int, workers: Int) {
        self.count = count
        self.window = window
        // Within the window less what the workers hold, so a full window always wakes delivery.
        batch = max(1, min(32, window - workers))
        state = Locked(State(ring: Array(repeating: nil, count: window)))
        // Permits are signalled rather than given as the initial value: libdispatch traps when a
        // semaphore is freed holding fewer than it started with, as a cancelled batch may.
        for _ in 0..<window { free.signal() }
    }

    /// The next file index for a worker, waiting while it would run past the window; nil when done.
    func claim() -> Int? {
        free.wait()
        let claimed: Int? = state.withLock { s in
            guard !s.cancelled, s.next < count else { return nil }
            s.next += 1
            return s.next - 1
        }
        // A worker that finds nothing more passes its permit on, so every waiting worker wakes.
        if claimed == nil { free.signal() }
        return claimed
    }

    func store(_ result: Item, at i: Int) {
        let wake = state.withLock { s -> Bool in
            s.ring[i % window] = result
            s.pending += 1
            s.stored += 1
            guard let awaited = s.awaited, s.ring[awaited % window] != nil,
                  s.pending >= batch || s.stored == count else { return false }
            s.awaited = nil
            return true
        }
        if wake { ready.signal() }
    }

    /// The result for index `i`, waiting until a worker has stored it.
    func take(_ i: Int) -> Item {
        while true {
            let result: Item? = state.withLock { s in
                guard let result = s.ring[i % window] else {
                    s.awaited = i
                    return nil
                }
                s.ring[i % window] = nil
                s.pending -= 1
                return result
            }
            if let result {
                free.signal()
                return result
            }
            ready.wait()
        }
    }

    /// Stops the workers (after the last delivery, or when delivery failed).
    func cancel() {
        state.withLock { $0.cancelled = true }
        free.signal()
    }
}
