import Foundation

/// One validation run: the rule set loaded and the inputs listed when it is made, then executed
/// into any number of sinks.
///
/// Making the run does everything that can refuse the command (an input that is one of the run's
/// own reports, a bad rule set) before a single
/// document is read, so a front end can open its reports with `info` in between and still say
/// "nothing was evaluated" when one of them cannot be opened.
public struct ValidationRun: Sendable {
    public let request: ValidationRequest
    /// The files, sorted by byte order, each once.
    public let files: PathList
    /// What decided the run, for every report's header.
    public let info: RunInfo
    private let batch: Batch

    /// The most workers a run starts: four per core.
    public static let maxWorkers = 4 * ProcessInfo.processInfo.activeProcessorCount

    /// How many workers the run uses.
    public var workerCount: Int { batch.workers.count }

    public init(_ request: ValidationRequest) throws {
        // The run keeps its request without the `--files-from` text: once listed, the files are
        // in `files`, and the text (some fifty bytes an input) would be held for the whole run.
        var kept = request
        kept.listing = nil
        self.request = kept
        // One compiled copy of the rule set per worker, so that workers share nothing. More workers
        // than a few per core only cost memory (each holds a rule set and a window of results).
        // The copies are compiled while the inputs are listed (for a long `--files-from` list,
        // milliseconds of every run's start in which a core sat idle), as many as the run can use:
        // all its jobs, unless it names a few files and nothing else (then there is no listing
        // to wait for, and the copies are compiled here, as many as there are files). More files
        // than jobs are not examined here: a shell glob of thousands was a `stat` of each, one
        // after another, before the listing examined them again.
        let onlyFiles = request.listing == nil && request.paths.count <= request.jobs && InputFiles.areRegularFiles(request.paths)
        let upTo = onlyFiles ? request.paths.count : Int.max
        let loading = RuleSetLoading(path: request.ruleSetPath, copies: min(max(1, request.jobs), Self.maxWorkers, max(1, upTo)), inBackground: !onlyFiles)
        var files: PathList
        do {
            files = try InputFiles(reports: request.reports, exclude: request.exclude).collect(request.paths, listing: request.listing)
        } catch {
            // An input the run cannot take is what it says first, as when nothing was compiled yet.
            _ = try? loading.wait()
            throw error
        }
        let loaded = try loading.wait()
        // A shard may be empty (more shards than files); the batch as a whole may not.
        if files.isEmpty, !request.allowEmpty {
            let searched = request.paths + (request.listing != nil ? ["the --files-from list"] : [])
            throw InputError(path: searched.joined(separator: ", "),
                             message: "no dossier found (*.json, *.xml\(request.exclude.isEmpty ? "" : ", less --exclude")); give --allow-empty if that is expected")
        }
        if let shard = request.shard { files.keep(shard) }
        self.files = files
        let copies = Array(loaded.prefix(max(1, files.count)))
        var info = RunInfo(ruleSet: copies[0], context: request.context)
        info.pathBase = request.pathBase
        info.shard = request.shard
        info.startedAt = Date()
        self.info = info
        let pathBase = request.pathBase.map { ($0, FileManager.default.currentDirectoryPath) }
        // A shard's documents carry their digests, for the history of the merged batch.
        let digestsContent = request.digestsContent || request.shard != nil
        // Each worker is made on a core of its own: a validator plans its rules' shared lets, a
        // millisecond in which the other core sat idle before the batch.
        let made = Locked([Batch.Worker?](repeating: nil, count: copies.count))
        DispatchQueue.concurrentPerform(iterations: copies.count) { i in
            var worker = Batch.Worker(loader: DossierLoader(schemas: copies[i].schemas, limits: request.limits), validator: Validator(ruleSet: copies[i]),
                                      standardInputName: request.standardInputName, pathBase: pathBase)
            worker.digestsContent = digestsContent
            made.withLock { $0[i] = worker }
        }
        batch = Batch(workers: made.withLock { $0.map { $0! } }, context: request.context)
    }

    /// Validates every file into every sink, in file order, and returns the summary. `progress`
    /// is called after each document is delivered, and `willDeliver` before (a progress bar on the
    /// terminal the report goes to steps aside there). When a sink fails, every sink not yet
    /// committed is abandoned and a `SinkFailure` says which had been.
    @discardableResult
    public func execute(into sinks: [any ResultSink], willDeliver: () -> Void = {}, progress: (Int) -> Void = { _ in }) throws(SinkFailure) -> ReportSummary {
        let preparers = sinks.map(\.preparer)
        return try sinks.run(finishedAt: Date.init) { summary in
            var done = 0
            try batch.run(files, prepare: { result in preparers.map { $0(result) } }) { result, prepared in
                summary.add(result)
                willDeliver()
                for (sink, item) in zip(sinks, prepared) { try sink.accept(result, prepared: item) }
                done += 1
                progress(done)
            }
        }
    }
}
