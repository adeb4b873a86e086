import ArgumentParser
import Foundation
import QAPCheckHistory
import QAPCheckKit

/// The configuration file of a command run here: `explicit`, or `.qapcheck.yml` here or in the
/// nearest parent; none is an empty configuration. A bad file is exit 3 at its place.
func runConfiguration(_ explicit: String?) throws -> RunConfiguration {
    guard let path = explicit ?? RunConfiguration.find(from: FileManager.default.currentDirectoryPath) else {
        return RunConfiguration(file: "")
    }
    do {
        return try RunConfiguration.load(path: path)
    } catch {
        printError("error: \(error)")
        throw ExitCode(3)
    }
}

/// Where the history is: `--db`, or `history:` in the configuration file.
struct HistoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The history database (SQLite). Default: history: in .qapcheck.yml.", valueName: "file"))
    var db: String?

    @Option(help: "The configuration file. Default: .qapcheck.yml here or in the nearest parent (up to the folder holding .git).")
    var config: String?

    /// The database, opened (never created here); any refusal is exit 3 with its reason.
    func open() throws -> HistoryDatabase {
        guard let path = try db ?? runConfiguration(config).history else {
            printError("error: name the history database: --db FILE, or history: in .qapcheck.yml")
            throw ExitCode(3)
        }
        return try refusing { () throws(HistoryError) in try HistoryDatabase(path: path, create: false) }
    }
}

/// Runs `body`; a history database that cannot be used is exit 3 with its reason.
func refusing<T>(_ body: () throws(HistoryError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError("error: \(error)")
        throw ExitCode(3)
    }
}

/// The history a run records into, opened (made if missing) before anything is read; nil without
/// one. A database that cannot be used is exit 3 with its reason.
func openHistory(_ path: String?) throws -> HistoryDatabase? {
    try path.map { path in try refusing { () throws(HistoryError) in try HistoryDatabase(path: path, create: true) } }
}

/// Adds a recorder of the run to its sinks, last, so it commits after every report; when it
/// cannot start, the sinks already open are dropped and the command ends with status 3.
func record(into database: HistoryDatabase?, info: RunInfo, sinks: inout [any ResultSink]) throws -> HistoryRecorder? {
    guard let database else { return nil }
    let recorder: HistoryRecorder
    do {
        recorder = try HistoryRecorder(database: database, info: info)
    } catch {
        sinks.forEach { $0.abandon() }
        printError("error: \(error)")
        throw ExitCode(3)
    }
    // For the tests that kill a run in its last moment: the history must stay as it was.
    if ProcessInfo.processInfo.environment["QAPCHECK_TEST_KILL_BEFORE_HISTORY_COMMIT"] == "1" {
        recorder.beforeCommit = { kill(getpid(), SIGKILL) }
    }
    sinks.append(recorder)
    return recorder
}

/// `qapcheck history [--db FILE] [--format text|json]` and `qapcheck history prune --keep N`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Lists the runs recorded with validate --history, or prunes the oldest.",
        subcommands: [List.self, Prune.self],
        defaultSubcommand: List.self
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The runs, oldest first: id, start, end, as-of, rule set digest, counts.")
        @OptionGroup var history: HistoryOptions

        @Option(help: "text or json.")
        var format: Format = .text

        func run() throws {
            let database = try history.open()
            let runs = try refusing { () throws(HistoryError) in try database.runs() }
            print(format == .json ? RunListing.json(runs) : RunListing.text(runs), terminator: "")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Keeps the newest N runs and deletes the rest, with their documents and findings.")
        @OptionGroup var history: HistoryOptions

        @Option(help: "How many of the newest runs to keep.")
        var keep: Int

        func validate() throws {
            if keep < 0 { throw ValidationError("--keep must be 0 or more") }
        }

        func run() throws {
            let database = try history.open()
            let removed = try refusing { () throws(HistoryError) in try database.prune(keep: keep) }
            print("\(database.path): removed \(removed) run\(removed == 1 ? "" : "s"), kept the newest \(keep)")
        }
    }
}

/// `qapcheck diff [--db FILE] [--from RUN] [--to RUN] [--format text|json|markdown|html]`.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two recorded runs (default: the last two).",
        discussion: "Exit status: 0 nothing is newly failing; 1 something is; 3 a bad database or an unknown run."
    )

    @OptionGroup var history: HistoryOptions

    @Option(help: "The older run's id (default: the run before --to).")
    var from: Int64?

    @Option(help: "The newer run's id (default: the last run).")
    var to: Int64?

    @Option(help: "text, json, markdown or html.")
    var format: ComparisonFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let database = try history.open()
        let comparison = try refusing { () throws(HistoryError) in try database.compare(from: from, to: to) }
        let text = format.render(comparison)
        if let output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                printError("error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(3)
            }
        } else {
            print(text, terminator: "")
        }
        if comparison.exitStatus != 0 { throw ExitCode(comparison.exitStatus) }
    }
}

extension ComparisonFormat: ExpressibleByArgument {}
