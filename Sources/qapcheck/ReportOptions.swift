import ArgumentParser
import Foundation
import QAPCheckKit

/// The reports a command writes (validate and merge): the `--format` report on standard output
/// or `--output`, and any `--report FORMAT=FILE`.
struct ReportOptions: ParsableArguments {
    @Option(help: "The report on standard output (or --output): \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(help: "Write the --format report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("report"), help: "FORMAT=FILE: one more report from the same run; repeatable.")
    var reports: [ReportRequest] = []

    @Flag(help: "Text report: the deviation lines only, without the note lines (expected, found, the clause).")
    var brief = false

    @Flag(help: "Text and GitHub reports: after each document's findings, every rule's outcome (pass, fail, not applicable, indeterminate, exempt).")
    var outcomes = false

    /// A report to a folder that does not exist is refused before anything runs.
    func validate() throws {
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

    /// Every report asked for, with where it goes: the `--format` report first, then each `--report`
    /// (or, when none is given, each report of the configuration file).
    func resolve(_ settings: RunConfiguration) throws -> [(ReportRenderer, ReportDestination)] {
        let color = format == .text && output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let requested = reports.isEmpty ? settings.reports.compactMap(ReportRequest.init(argument:)) : reports
        let wanted = [(format.renderer(color: color, brief: brief, outcomes: outcomes), output)] + requested.map { ($0.format.renderer(), Optional($0.path)) }
        let resolved: [(ReportRenderer, ReportDestination)]
        do {
            resolved = try wanted.map { renderer, path in (renderer, try path.map(ReportDestination.resolve) ?? .standardOutput) }
        } catch {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        // Two reports to one file would leave only one of them; two on standard output would
        // interleave. (A device or FIFO takes what it is given, as /dev/null does.)
        for (i, (_, destination)) in resolved.enumerated() where resolved[..<i].contains(where: { $0.1 == destination }) {
            if case .stream = destination { continue }
            let place = destination == .standardOutput ? "standard output (give --output, or another --report file)" : "\(destination)"
            printError("error: two reports go to \(place); each report needs a place of its own")
            throw ExitCode(3)
        }
        return resolved
    }

    /// The reports, opened before anything is read; when one cannot be opened, those already
    /// opened are dropped and nothing is evaluated.
    static func open(_ destinations: [(ReportRenderer, ReportDestination)], info: RunInfo) throws -> [ReportStream] {
        var streams: [ReportStream] = []
        do {
            for (renderer, destination) in destinations {
                streams.append(try ReportStream(renderer: renderer, header: info, destination: destination))
            }
            return streams
        } catch {
            streams.forEach { $0.abandon() }
            printError("error: \(error)")
            throw ExitCode(3)
        }
    }
}
