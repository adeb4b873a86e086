import ArgumentParser
import Foundation
import QAPCheckKit

/// `qapcheck validate`: the batch. Validates every file named (folders recursively), writes the
/// reports asked for, and exits 0 (all pass), 1 (some fail), 2 (some unreadable) or 3 (the command
/// itself could not run; then nothing is evaluated).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validates dossiers against the rule set and reports every deviation.",
        discussion: "Exit status: 0 every document passed; 1 some failed and none was unreadable; 2 some document could not be read; 3 the command could not run (bad option, bad rule set)."
    )

    @Argument(help: "Files, or folders searched recursively for *.json and *.xml.")
    var paths: [String] = []

    @Option(name: .customLong("files-from"), help: "A file of paths, one a line (- for standard input).")
    var filesFrom: String?

    @OptionGroup var rules: RuleSetOptions
    @OptionGroup var dates: DateOptions

    @Option(help: "The phase: application or certification.")
    var phase: EvaluationContext.RunPhase = .application

    @Flag(name: .customLong("fail-on-warn"), help: "Warnings fail a document too.")
    var failOnWarn = false

    @Option(help: "Parallel workers. Default: the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The report on standard output (or --output): \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(help: "Write the --format report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("report"), help: "FORMAT=FILE: one more report from the same run; repeatable.")
    var reports: [ReportRequest] = []

    @Option(name: .customLong("max-file-size"), help: "Files larger than this many bytes are refused.")
    var maxFileSize: Int = LoadLimits.default.maxBytes

    @Option(name: .customLong("max-depth"), help: "Nesting deeper than this is refused.")
    var maxDepth: Int = LoadLimits.default.maxDepth

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more") }
        guard maxFileSize >= 1, maxDepth >= 1 else { throw ValidationError("--max-file-size and --max-depth must be 1 or more") }
        if paths.isEmpty && filesFrom == nil { throw ValidationError("name the dossiers to validate: files, folders, or --files-from") }
        for target in [output].compactMap({ $0 }) + reports.map(\.path) {
            let destination: ReportDestination
            do { destination = try ReportDestination.resolve(target) } catch { throw ValidationError("\(error)") }
            guard case .file = destination, let folder = destination.folder else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("cannot write a report to \(target): the folder \(folder) does not exist")
            }
        }
    }

    func run() throws {
        let context = EvaluationContext(asOf: try dates.asOf(), phase: phase, failOnWarn: failOnWarn)
        var files: PathList
        if let filesFrom {
            do {
                let listing = filesFrom == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile()
                    : try Data(contentsOf: URL(fileURLWithPath: filesFrom))
                files = InputFiles.collect(paths, listing: listing)
            } catch {
                printError("error: cannot read --files-from \(filesFrom): \(error.localizedDescription)")
                throw ExitCode(3)
            }
        } else {
            files = InputFiles.collect(paths)
        }
        // One compiled copy of the rule set per worker, so that workers share nothing.
        let copies = try rules.load(copies: min(jobs, max(1, files.count)))
        let ruleSet = copies[0]
        let header = ReportHeader(ruleSet: ruleSet, context: context)
        let color = format == .text && output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

        var streams: [ReportStream] = []
        do {
            streams.append(try ReportStream(renderer: format.renderer(color: color), header: header,
                                            destination: try output.map(ReportDestination.resolve) ?? .standardOutput))
            for r in reports {
                streams.append(try ReportStream(renderer: r.format.renderer(), header: header, destination: try ReportDestination.resolve(r.path)))
            }
        } catch {
            streams.forEach { $0.abandon() }
            printError("error: \(error)")
            throw ExitCode(3)
        }

        let limits = LoadLimits(maxBytes: maxFileSize, maxDepth: maxDepth)
        let batch = Batch(workers: copies.map { Batch.Worker(loader: DossierLoader(schemas: $0.schemas, limits: limits), validator: Validator(ruleSet: $0)) },
                          context: context)
        var summary = ReportSummary()
        let progress = ProgressBar(total: files.count, enabled: !quiet && isatty(2) == 1 && files.count >= 50)
        do {
            let renderers = streams.map(\.documentRenderer)
            try batch.run(files, prepare: { result in renderers.map { $0(result) } }) { result, texts in
                summary.add(result)
                for (stream, text) in zip(streams, texts) { try stream.add(rendered: text) }
                progress.advance()
            }
            progress.finish()
            for s in streams { try s.finish(summary) }
        } catch {
            progress.finish()
            streams.forEach { $0.abandon() }
            printError("error: \(error)")
            throw ExitCode(3)
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
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
