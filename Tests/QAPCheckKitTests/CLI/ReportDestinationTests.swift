import Foundation
import Synchronization
import Testing
@testable import QAPCheckKit

/// Where reports go: only regular files are replaced by a rename; FIFOs, devices and `-` are
/// written straight through, symlinks keep pointing where they did, and a stopped run leaves
/// no temporary file.
@Suite("Report destinations and stopping signals")
struct ReportDestinationTests {
    static let fee = "Fixtures/rules/QAP-FEE"

    func fileType(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & S_IFMT
    }

    @Test func destinationsAreResolvedByWhatIsThere() throws {
        let dir = Repo.scratch().path
        #expect(try ReportDestination.resolve("-") == .standardOutput)
        #expect(try ReportDestination.resolve("/dev/null") == .stream("/dev/null"))
        #expect(try ReportDestination.resolve("\(dir)/new.json") == .file("\(dir)/new.json"))
        #expect(mkfifo("\(dir)/pipe", 0o600) == 0)
        #expect(try ReportDestination.resolve("\(dir)/pipe") == .stream("\(dir)/pipe"))
        #expect(symlink("target.json", "\(dir)/link.json") == 0)
        #expect(try ReportDestination.resolve("\(dir)/link.json") == .file("\(dir)/target.json"), "a dangling link names the file to create")
        #expect(symlink("\(dir)/loop", "\(dir)/loop") == 0)
        #expect(throws: ReportWriteError.self) { try ReportDestination.resolve("\(dir)/loop") }
        #expect(throws: ReportWriteError.self) { try ReportDestination.resolve(dir) }
    }

    @Test func devNullStaysADevice() throws {
        let run = try CLI.validate([Self.fee, "--format", "json", "--output", "/dev/null", "--report", "csv=/dev/null"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(fileType("/dev/null") == S_IFCHR, "/dev/null was replaced by a regular file")
    }

    @Test func aFIFOIsWrittenStraightThrough() throws {
        let dir = Repo.scratch().path
        let fifo = "\(dir)/report.pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = DataReader(path: fifo)
        let run = try CLI.validate([Self.fee, "--format", "csv", "--output", fifo])
        let text = reader.wait()
        #expect(run.status == 1, "\(run.stderr)")
        #expect(text.hasPrefix("file,kind,id,verdict"), "\(text)")
        #expect(text.contains("fail-359.99.json"))
        #expect(fileType(fifo) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.pipe"])
    }

    @Test func aSymlinkIsFollowedAndItsTargetReplaced() throws {
        let dir = Repo.scratch().path
        try "old".write(toFile: "\(dir)/real.csv", atomically: true, encoding: .utf8)
        #expect(symlink("real.csv", "\(dir)/link.csv") == 0)
        let run = try CLI.validate([Self.fee, "--report", "csv=\(dir)/link.csv"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(fileType("\(dir)/link.csv") == S_IFLNK)
        #expect(try String(contentsOfFile: "\(dir)/real.csv", encoding: .utf8).hasPrefix("file,kind,id,verdict"))
    }

    @Test func aReportKeepsItsPermissionsAndALongNameFits() throws {
        let dir = Repo.scratch().path
        let report = "\(dir)/private.csv"
        try "old".write(toFile: report, atomically: true, encoding: .utf8)
        chmod(report, 0o600)
        let long = "\(dir)/" + String(repeating: "r", count: 245) + ".csv"
        let run = try CLI.validate([Self.fee, "--report", "csv=\(report)", "--report", "csv=\(long)"])
        #expect(run.status == 1, "\(run.stderr)")
        var info = stat()
        stat(report, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: report, encoding: .utf8) != "old")
        #expect(FileManager.default.fileExists(atPath: long))
    }

    @Test func aDashIsStandardOutput() throws {
        let run = try CLI.validate([Self.fee, "--format", "json", "--output", "/dev/null", "--report", "csv=-"])
        #expect(run.stdout.hasPrefix("file,kind,id,verdict"))
        #expect(!FileManager.default.fileExists(atPath: Repo.root.appendingPathComponent("-").path))
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130)), (SIGHUP, Int32(129))] as [(Int32, Int32)])
    func aSignalRemovesTemporaryFilesAndKeepsEarlierReports(signal: Int32, status: Int32) throws {
        let dir = Repo.scratch().path
        let report = "\(dir)/report.json"
        try "earlier report".write(toFile: report, atomically: true, encoding: .utf8)
        // The second report is a FIFO nobody reads: opening it blocks, after the first report's
        // temporary file exists, so the signal arrives mid-run at a known point.
        let fifo = "\(dir)/blocked.pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["validate", "--as-of", "2026-11-22", "--quiet", Self.fee, "--format", "json", "--output", report, "--report", "csv=\(fifo)"]
        process.currentDirectoryURL = Repo.root
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".tmp") }
        }
        while temporaries().isEmpty && Date() < deadline { usleep(10_000) }
        #expect(!temporaries().isEmpty, "the run made its temporary file")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        #expect(temporaries().isEmpty)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "earlier report")
    }
}

/// Reads a FIFO to its end on another thread (opening it for reading lets the writer's open go on).
private final class DataReader: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let box = LockedText()

    init(path: String) {
        DispatchQueue.global().async { [box, done] in
            var bytes: [UInt8] = []
            let fd = open(path, O_RDONLY)
            var chunk = [UInt8](repeating: 0, count: 4096)
            while fd >= 0 {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { break }
                bytes += chunk[0..<n]
            }
            if fd >= 0 { close(fd) }
            box.set(String(decoding: bytes, as: UTF8.self))
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return box.get()
    }
}

private final class LockedText: Sendable {
    private let text = Mutex("")
    func set(_ value: String) { text.withLock { $0 = value } }
    func get() -> String { text.withLock { $0 } }
}

/// A run never reads or overwrites its inputs with its reports.
@Suite("Reports and inputs kept apart")
struct ReportsAndInputsTests {
    @Test func anOutputThatIsAnInputIsRefusedBeforeAnythingIsRead() throws {
        let dir = Repo.scratch()
        let dossier = dir.appendingPathComponent("d.json").path
        try FileManager.default.copyItem(atPath: Repo.fixture("rules/QAP-FEE/fail-359.99.json"), toPath: dossier)
        let before = try Data(contentsOf: URL(fileURLWithPath: dossier))
        for args in [["--output", dossier, dossier], ["--report", "csv=\(dossier)", dossier], ["--output", dossier, "--files-from", "-"]] {
            let run = try CLI.run(["validate", "--as-of", "2026-11-22", "--format", "json"] + args, stdin: dossier + "\n")
            #expect(run.status == 3, "\(args)")
            #expect(run.stderr.contains("it is a report this run writes"), "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: dossier)) == before, "the dossier was overwritten")
        }
    }

    @Test func aFolderSearchSkipsTheRunsOwnReports() throws {
        let dir = Repo.scratch()
        try FileManager.default.copyItem(atPath: Repo.fixture("rules/QAP-FEE/pass-exactly-360.xml"), toPath: dir.appendingPathComponent("a.xml").path)
        let report = dir.appendingPathComponent("report.json").path
        for _ in 0..<2 {
            let run = try CLI.validate([dir.path, "--format", "json", "--output", report])
            #expect(run.status == 0, "\(run.stderr)")
            let decoded = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
            #expect(decoded.documents.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["a.xml"])
        }
    }

    @Test func twoReportsToOnePlaceAreRefused() throws {
        let dir = Repo.scratch().path
        let same = try CLI.validate(["Fixtures/forms", "--output", "\(dir)/a", "--report", "csv=\(dir)/a"])
        #expect(same.status == 3)
        #expect(same.stderr.contains("two reports go to \(dir)/a;"), "\(same.stderr)")
        let stdout = try CLI.validate(["Fixtures/forms", "--report", "csv=-"])
        #expect(stdout.status == 3)
        #expect(stdout.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/a"))
    }

    /// A sink that fails at the step asked for.
    final class FailingSink: ResultSink {
        enum Step { case finish, commit }
        let step: Step
        init(at step: Step) { self.step = step }
        struct Refused: Error {}
        var preparer: @Sendable (DocumentResult) -> any Sendable { { _ in () } }
        func accept(_ result: DocumentResult, prepared: any Sendable) {}
        func finish(_ summary: ReportSummary) throws { if step == .finish { throw Refused() } }
        func commit() throws { if step == .commit { throw Refused() } }
        func abandon() {}
    }

    /// Reports become visible only after every report is complete; a report that fails at the
    /// last step names the ones already in place, and the others are never published.
    @Test func noReportIsPublishedUntilEveryReportIsComplete() throws {
        let dir = Repo.scratch().path
        let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!)
        let run = try ValidationRun(ValidationRequest(paths: [Repo.fixture("forms")], ruleSetPath: Repo.rules.path, context: context, jobs: 2))
        func stream(_ name: String) throws -> ReportStream {
            try ReportStream(renderer: ReportFormat.csv.renderer(), header: run.info, destination: .file("\(dir)/\(name)"))
        }
        func failure(_ sinks: [any ResultSink]) -> SinkFailure? {
            do { try run.execute(into: sinks) } catch { return error }
            return nil
        }
        let atFinish = failure([try stream("a1"), FailingSink(at: .finish), try stream("b1")])
        #expect(atFinish?.error is FailingSink.Refused)
        #expect(atFinish?.committed == [], "a sink failing to finish publishes nothing")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [], "no report, no temporary file")
        let atCommit = failure([try stream("a2"), FailingSink(at: .commit), try stream("b2")])
        #expect(atCommit?.committed == [0], "the report before the failing one is in place and named")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a2"])
    }
}
