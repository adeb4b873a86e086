import ArgumentParser
import Foundation
import QAPCheckHistory
import QAPCheckKit

/// `qapcheck validate`: the batch. Validates every file named (folders recursively), writes the
/// reports asked for, and exits 0 (all pass), 1 (some fail), 2 (some unreadable) or 3 (the command
/// itself could not run; then nothing is evaluated).
struct ValidateCommand: TakesPathList {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validates dossiers against the rule set and reports every deviation.",
        discussion: "Exit status: 0 every document passed; 1 some failed and none was unreadable; 2 some document could not be read; 3 the command could not run (bad option, bad rule set, or no dossier found without --allow-empty), and then nothing is evaluated."
    )

    @Argument(help: "Files, or folders searched recursively for *.json and *.xml.")
    var paths: [String] = []

    /// The paths of a long command line (see `PathArguments`).
    @Option(name: .customLong(PathArguments.optionName), help: .private)
    var pathList: PathList?

    var positionalPaths: [String] { paths }

    @Option(name: .customLong("files-from"), help: "A file of paths, one a line (- for standard input).")
    var filesFrom: String?

    @OptionGroup var rules: RuleSetOptions
    @OptionGroup var dates: DateOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "The phase: application or certification.")
    var phase: EvaluationContext.RunPhase?

    @Option(name: .customLong("fail-on"), help: "Which deviations fail a document: error, warning (errors and warnings) or never.")
    var failOn: FailOn?

    @Flag(name: .customLong("fail-on-warn"), help: "Warnings fail a document too: --fail-on warning.")
    var failOnWarn = false

    @Option(help: "Parallel workers. Default: the number of cores.")
    var jobs: Int?

    @Option(name: .customLong("per-document"), help: ArgumentHelp("With --format html or markdown: also one report per dossier in this folder, named by its id, and an index page.", valueName: "dir"))
    var perDocument: String?

    @Option(help: ArgumentHelp("Record the run in this SQLite history (made if missing): qapcheck history lists runs, qapcheck diff compares them. Default: history: in .qapcheck.yml.", valueName: "file"))
    var history: String?

    @Option(help: ArgumentHelp("Evaluate shard K (1-based) of N of the sorted input list; qapcheck merge joins the shards' json or jsonl reports. Needs --as-of.", valueName: "K/N"))
    var shard: Shard?

    @Option(help: ArgumentHelp("The committee's exemptions (YAML): what each excuses, why, by whom, until when.", valueName: "file"))
    var exemptions: String?

    @Option(name: .customLong("due-within"), help: ArgumentHelp("Give notice of a listing, grace period or audit falling due within this many days (default 60; 0: none). A notice fails nothing.", valueName: "days"))
    var dueWithin: Int?


    @Option(name: .customLong("max-file-size"), help: "Files larger than this many bytes are refused.")
    var maxFileSize: Int = LoadLimits.default.maxBytes

    @Option(name: .customLong("max-depth"), help: "Nesting deeper than this is refused.")
    var maxDepth: Int = LoadLimits.default.maxDepth

    @Option(name: .customLong("max-cost"), help: "The evaluation budget of one rule on one document; a rule that needs more is not checked.")
    var maxCost: Int = EvaluationBudget.defaultLimit

    @Option(name: .customLong("path-base"), help: "Reports show paths relative to this folder (default: the current folder); paths outside it as given.")
    var pathBase: String?

    @Option(name: .customLong("stdin-name"), help: "The name reports give the dossier read from standard input (-).")
    var stdinName = "<stdin>"

    @Option(help: "A glob (fnmatch) of paths or names not to read; repeatable.")
    var exclude: [String] = []

    @Flag(name: .customLong("allow-empty"), help: "Finding no dossier is exit 0; without it, exit 3.")
    var allowEmpty = false

    @Flag(help: "No progress bar, and no summary line on standard error at the end.")
    var quiet = false

    @Option(help: "The configuration file. Default: .qapcheck.yml here or in the nearest parent (up to the folder holding .git).")
    var config: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if failOnWarn, let failOn, failOn != .warning { throw ValidationError("--fail-on-warn is --fail-on warning; it cannot go with --fail-on \(failOn.rawValue)") }
        guard maxFileSize >= 1, maxDepth >= 1, maxCost >= 1 else { throw ValidationError("--max-file-size, --max-depth and --max-cost must be 1 or more") }
        guard maxDepth <= LoadLimits.deepestAllowed else { throw ValidationError("--max-depth must be at most \(LoadLimits.deepestAllowed)") }
        let paths = namedPaths
        if paths.isEmpty && filesFrom == nil { throw ValidationError("name the dossiers to validate: files, folders, or --files-from") }
        // Every shard must judge at the same date, whatever day each happens to run on.
        if shard != nil && dates.asOfText == nil { throw ValidationError("--shard needs --as-of, so that every shard judges at the same date") }
        if paths.filter({ $0 == "-" }).count > 1 || (paths.contains("-") && filesFrom == "-") {
            throw ValidationError("standard input holds one thing: give - once, and not with --files-from -")
        }
    }

    func run() throws {
        let settings = try configuration()
        let destinations = try report.resolve(settings)
        let historyPath = history ?? settings.history
        // The history is opened first: a database that cannot be used stops the run before any
        // dossier is read or any report replaced.
        let database = try openHistory(historyPath)
        var request = ValidationRequest(paths: namedPaths, listing: try readListing(), ruleSetPath: rules.path ?? settings.rules ?? rules.resolvedPath,
                                        context: try context(settings),
                                        limits: LoadLimits(maxBytes: maxFileSize, maxDepth: maxDepth),
                                        jobs: jobs ?? settings.jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                        reports: destinations.compactMap { if case .file(let path) = $0.1 { return path } else { return nil } },
                                        exclude: exclude.isEmpty ? settings.exclude : exclude, allowEmpty: allowEmpty, standardInputName: stdinName,
                                        pathBase: URL(fileURLWithPath: pathBase ?? FileManager.default.currentDirectoryPath).standardizedFileURL.path)
        request.digestsContent = database != nil
        request.shard = shard
        let run: ValidationRun
        do {
            run = try rules.failing { try ValidationRun(request) }
            request.listing = nil  // listed now; not held for the hours a nightly run takes
        } catch let error as InputError {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        var streams: [any ResultSink] = try ReportOptions.open(destinations, info: run.info)
        if let perDocument {
            do {
                streams.append(try PerDocumentReports(folder: perDocument, format: report.format, header: run.info))
            } catch {
                streams.forEach { $0.abandon() }
                printError("error: \(error)")
                throw ExitCode(3)
            }
        }
        let recorder = try record(into: database, info: run.info, sinks: &streams)
        let progress = ProgressBar(total: run.files.count, enabled: !quiet && isatty(2) == 1 && run.files.count >= 50)
        let summary: ReportSummary
        do {
            // A report on the terminal the bar is drawn on: the bar steps aside for its lines.
            let sharesTerminal = isatty(1) == 1 && destinations.contains { $0.1 == .standardOutput }
            summary = try run.execute(into: streams, willDeliver: sharesTerminal ? { progress.clear() } : {}) { _ in progress.advance() }
            progress.finish()
        } catch {
            progress.finish()
            let written = error.committed.map { $0 < destinations.count ? "\(destinations[$0].1)" : streams[$0] is HistoryRecorder ? historyPath ?? "" : perDocument ?? "" }
            printError("error: \(error)" + (written.isEmpty ? "" : "; written before it: \(written.joined(separator: ", "))"))
            throw ExitCode(3)
        }
        if !quiet && isatty(2) == 0 {
            printError(Self.cronLine(summary, info: run.info, reports: destinations.map { "\($0.1)" } + (perDocument.map { [$0 + "/"] } ?? []))
                       + (recorder?.runID.map { "; history: \(historyPath ?? "") run \($0)" } ?? ""))
        }
        // Everything is written and in place: exit now, leaving the run's rule sets, workers and
        // lists to the system rather than freeing them one by one (a millisecond or two of every
        // batch's serial end). A run with a history database ends as before, so that the
        // database is closed (and its log checkpointed) by its deinit.
        if database == nil { Foundation.exit(summary.exitStatus) }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    /// The one line a cron log gets when standard error is not a terminal: the counts, the
    /// duration and where the reports went.
    static func cronLine(_ s: ReportSummary, info: RunInfo, reports: [String]) -> String {
        let duration = RunRecord(info, s).map { " in \($0.durationText) s" } ?? ""
        return "qapcheck: \(s.countsLine)\(duration); reports: \(reports.joined(separator: ", "))"
    }

    /// What decides the run: as-of, phase, fail-on, the budget and the exemptions in force.
    private func context(_ settings: RunConfiguration) throws -> EvaluationContext {
        var context = EvaluationContext(asOf: try dates.asOf(), phase: phase ?? settings.phase ?? .application,
                                        failOn: failOn ?? (failOnWarn ? .warning : settings.failOn ?? .error), maxCost: maxCost)
        context.dueWithin = dueWithin ?? settings.dueWithin ?? 60
        if context.dueWithin < 0 { throw ValidationError("--due-within must be 0 or more days") }
        if let file = exemptions ?? settings.exemptions {
            context.exemptions = try rules.failing { try ExemptionSet.load(path: file) }
        }
        return context
    }

    /// The configuration file's settings: `--config`, or the file found from here; none is empty.
    private func configuration() throws -> RunConfiguration { try runConfiguration(config) }

    /// The bytes of `--files-from`, when given.
    /// The `--files-from` list, read as it is listed (never whole); a list that cannot be
    /// opened stops the run before anything is read.
    private func readListing() throws -> InputListing? {
        guard let filesFrom else { return nil }
        if filesFrom != "-", access(filesFrom, R_OK) != 0 {
            printError("error: cannot read --files-from \(filesFrom): \(String(cString: strerror(errno)))")
            throw ExitCode(3)
        }
        return .file(filesFrom)
    }
}

/// `--report FORMAT=FILE`.
struct ReportRequest: ExpressibleByArgument {
    let format: ReportFormat
    let path: String

    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "="), let format = ReportFormat(rawValue: String(argument[..<eq])) else { return nil }
        let path = String(argument[argument.index(after: eq)...])
        guard !path.isEmpty else { return nil }
        self.format = format
        self.path = path
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}

extension ReportFormat: ExpressibleByArgument {}
extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
extension FailOn: ExpressibleByArgument {}
