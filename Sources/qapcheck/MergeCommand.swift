import ArgumentParser
import Foundation
import QAPCheckHistory
import QAPCheckKit

/// `qapcheck merge PART ...`: the shards of one batch (`validate --shard K/N --format json|jsonl`)
/// made into one report, in any format, as one run over every input would have written it.
struct MergeCommand: TakesPathList {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Joins the json or jsonl reports of a batch's shards into one report, in any format.",
        discussion: "The parts must come from one batch: one tool version, rule set, as-of date, phase, --fail-on, exemptions and shard count, and every shard once. Exit status: as validate's for the merged batch (0, 1 or 2); 3 when the parts do not make one batch, naming the mismatch."
    )

    @Argument(help: "The shards' reports (json or jsonl), in any order.")
    var parts: [String] = []

    /// The parts of a long command line (see `PathArguments`).
    @Option(name: .customLong(PathArguments.optionName), help: .private)
    var pathList: PathList?

    var positionalPaths: [String] { parts }

    @OptionGroup var rules: RuleSetOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("The exemptions the shards were judged with. Default: the file the parts name.", valueName: "file"))
    var exemptions: String?

    @Option(name: .customLong("path-base"), help: "Reports show paths relative to this folder, as the shards' did (default: the current folder).")
    var pathBase: String?

    @Option(help: ArgumentHelp("Record the merged batch in this SQLite history, as one run. Default: history: in .qapcheck.yml.", valueName: "file"))
    var history: String?

    @Option(help: "Threads that decode the parts. Default: the number of cores.")
    var jobs: Int?

    @Flag(help: "No summary line on standard error at the end.")
    var quiet = false

    @Option(help: "The configuration file. Default: .qapcheck.yml here or in the nearest parent (up to the folder holding .git).")
    var config: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if namedPaths.isEmpty { throw ValidationError("name the shards' reports to merge") }
    }

    func run() throws {
        Self.holdMallocThresholds()
        let settings = try runConfiguration(config)
        let shards: [ShardReport] = try namedPaths.map { path in try merging { () throws(MergeError) in try ShardReport(path: path) } }
        let ruleSet = try rules.failing { try RuleSetLoader.load(path: rules.path ?? settings.rules ?? rules.resolvedPath) }
        // The exemptions: as given, or the file the parts name (when they name one).
        let exemptionFile = exemptions ?? settings.exemptions ?? shards.first?.header.exemptions?.file
        let exemptionSet = try exemptionFile.map { file in try rules.failing { try ExemptionSet.load(path: file) } } ?? .empty
        let base = URL(fileURLWithPath: pathBase ?? FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let merge = try merging { () throws(MergeError) in try ShardMerge(parts: shards, ruleSet: ruleSet, exemptions: exemptionSet, pathBase: base) }
        let destinations = try report.resolve(settings)
        let historyPath = history ?? settings.history
        let database = try openHistory(historyPath)
        var sinks: [any ResultSink] = try ReportOptions.open(destinations, info: merge.info)
        let recorder = try record(into: database, info: merge.info, sinks: &sinks)
        let summary: ReportSummary
        do {
            summary = try merge.execute(into: sinks, jobs: jobs ?? settings.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        if !quiet && isatty(2) == 0 {
            printError(ValidateCommand.cronLine(summary, info: merge.info, reports: destinations.map { "\($0.1)" })
                       + " (merged from \(shards.count) shard\(shards.count == 1 ? "" : "s"))"
                       + (recorder?.runID.map { "; history: \(historyPath ?? "") run \($0)" } ?? ""))
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    /// glibc raises its threshold for blocks mapped on their own (and its trim threshold with it)
    /// each time such a block is freed; then the decoding threads' arenas kept the room freed, and
    /// a merge of 100,000 on two threads peaked at 69 to 88 MB. Held at the default, it peaked at
    /// 50 MB (46 MB on one thread). `mallopt` is found at run time: the C library's module does
    /// not export it, and a C library without it is left as it is.
    private static func holdMallocThresholds() {
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        _ = unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 128 * 1024)
    }

    /// Runs `body`; parts that do not make one batch are exit 3 with the mismatch named.
    private func merging<T>(_ body: () throws(MergeError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            printError("error: \(error)")
            throw ExitCode(3)
        }
    }
}
