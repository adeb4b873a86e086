import Foundation
import Testing
@testable import QAPCheckKit

/// Inputs that are not plain readable files: each becomes an error entry of its own, and the
/// batch goes on and loses nothing.
@Suite("Inputs that are not plain files")
struct InputFileTests {
    static let fixture = Repo.fixture("rules/QAP-FEE/pass-exactly-360.xml")

    @Test func aFIFOAmongTheInputsIsRefusedAndTheBatchGoesOn() throws {
        let dir = Repo.scratch()
        #expect(mkfifo(dir.appendingPathComponent("x.json").path, 0o644) == 0)
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: dir.appendingPathComponent("ok.xml").path)
        let run = try CLI.validate([dir.path, "--format", "jsonl"])
        #expect(run.status == 2, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains("ok.xml") && lines[0].contains("\"pass\""))
        #expect(lines[1].contains("x.json") && lines[1].contains("it is a FIFO, not a file"))
    }

    /// Run as an unprivileged user (root reads every folder), where the machine allows it.
    static let unprivileged: [String]? = {
        if geteuid() != 0 { return [] }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : nil
    }()

    @Test(.enabled(if: unprivileged != nil, "needs setpriv to drop root, or a non-root user"))
    func anUnreadableFolderIsAnErrorEntryNotSilence() throws {
        let dir = Repo.scratch()
        chmod(dir.path, 0o755)
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: locked.appendingPathComponent("hidden.xml").path)
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: dir.appendingPathComponent("seen.xml").path)
        chmod(locked.path, 0)
        defer { chmod(locked.path, 0o755) }
        let prefix = Self.unprivileged ?? []
        let tool = prefix.isEmpty ? CLI.binary.path : prefix[0]
        let arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [CLI.binary.path])
            + ["validate", "--as-of", "2026-11-22", "--quiet", "--rules", Repo.rules.path, "--format", "csv", dir.path]
        let run = try CLI.runTool(tool, arguments)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("seen.xml"))
        #expect(run.stdout.contains("\(locked.path),,,error"), "\(run.stdout)")
        let whole = try CLI.runTool(tool, Array(arguments.dropLast()) + [locked.path])
        #expect(whole.status == 2)
        #expect(whole.stdout.contains("\(locked.path),,,error"))
    }

    @Test func theReaderNamesWhyAFolderOrDeviceIsNoDossier() throws {
        let loader = Repo.loader()
        #expect(throws: DocumentError.self) { try loader.load(file: "/dev/null") }
        do { _ = try loader.load(file: "/dev/zero"); Issue.record("/dev/zero loaded") } catch {
            #expect(error.message.contains("device"))
        }
        do { _ = try loader.load(file: Repo.fixtures.path); Issue.record("a folder loaded") } catch {
            #expect(error.message.contains("folder"))
        }
    }
}

/// File names are bytes: a name that is not UTF-8 is validated like any other, and a path too
/// long for the system is reported, never dropped.
@Suite("File names as bytes")
struct FileNameBytesTests {
    @Test func aLatin1NameIsReadAndShownEscaped() throws {
        let dir = Repo.scratch()
        let content = try Data(contentsOf: URL(fileURLWithPath: Repo.fixture("rules/QAP-FEE/pass-exactly-360.xml")))
        // "café.xml" with é as the single Latin-1 byte E9.
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".xml".utf8)
        let path = InputPath(bytes: Array(dir.path.utf8) + [UInt8(ascii: "/")] + name)
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        #expect(fd >= 0)
        _ = content.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        #expect(path.display == dir.path + "/caf\\xE9.xml")
        let run = try CLI.validate([dir.path, "--format", "csv"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("caf\\xE9.xml,mediator-application"), "\(run.stdout)")
        // A --files-from list is bytes too.
        let listing = dir.appendingPathComponent("list.txt")
        try Data(path.bytes + [0x0A]).write(to: listing)
        let listed = try CLI.validate(["--files-from", listing.path, "--format", "csv"])
        #expect(listed.status == 0, "\(listed.stdout)")
        #expect(listed.stdout.contains("caf\\xE9.xml,mediator-application"))
    }

    @Test func oneFileUnderSeveralSpellingsIsReadOnceAndHardLinksKeepTheirNames() throws {
        let dir = Repo.scratch()
        let file = dir.appendingPathComponent("a.xml").path
        try FileManager.default.copyItem(atPath: InputFileTests.fixture, toPath: file)
        #expect(symlink(file, dir.appendingPathComponent("link.xml").path) == 0)
        let spellings = [file, dir.path + "/./a.xml", dir.path + "//a.xml", dir.path]
        let run = try CLI.validate(spellings + ["--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(whereSeparator: \.isNewline).dropFirst().filter { $0.contains("mediator-application") }
        #expect(rows.count == 1, "\(run.stdout)")

        let linked = Repo.scratch()
        #expect(link(file, linked.appendingPathComponent("one.xml").path) == 0)
        #expect(link(file, linked.appendingPathComponent("two.xml").path) == 0)
        let hard = try CLI.validate([linked.path, linked.appendingPathComponent("one.xml").path, "--format", "csv"])
        let names = hard.stdout.split(whereSeparator: \.isNewline).dropFirst().filter { $0.contains("mediator-application") }
        #expect(names.count == 2, "each hard link is a name of its own: \(hard.stdout)")
        let missing = InputFiles.collect([dir.path + "/gone.xml", "./" + dir.path + "/gone.xml", file])
        #expect(missing.count == 3, "paths that cannot be examined stay, so the batch reports them")
    }

    /// `validate -` reads one dossier from standard input, JSON or XML told by its first byte,
    /// named by `--stdin-name`.
    @Test func aDossierOnStandardInput() throws {
        let json = try String(contentsOfFile: Repo.fixture("forms/application.json"), encoding: .utf8)
        let xml = try String(contentsOfFile: Repo.fixture("forms/application-elements.xml"), encoding: .utf8)
        let fromJSON = try CLI.run(["validate", "-", "--as-of", "2026-11-22", "--format", "csv"], stdin: json)
        #expect(fromJSON.stdout.contains("<stdin>,mediator-application,APP-2026-0042,fail,"), "\(fromJSON.stdout)\(fromJSON.stderr)")
        let fromXML = try CLI.run(["validate", "-", "--stdin-name", "submitted.json", "--as-of", "2026-11-22", "--format", "csv"], stdin: xml)
        #expect(fromXML.stdout.contains("submitted.json,mediator-application,APP-2026-0042,fail,"), "XML by its first byte, whatever the name: \(fromXML.stdout)\(fromXML.stderr)")
        let files = try CLI.run(["validate", "-", "Fixtures/forms/application.json", "--as-of", "2026-11-22", "--format", "csv"], stdin: json)
        #expect(files.stdout.split(whereSeparator: \.isNewline).count == 3, "standard input beside files: \(files.stdout)")
        let bad = try CLI.run(["validate", "-", "--as-of", "2026-11-22"], stdin: "{\"kind\": 5}")
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("<stdin>:1:10: error: could not read: unknown kind"), "\(bad.stdout)")
        #expect(try CLI.run(["validate", "-", "-"], stdin: json).status == 3)
        #expect(try CLI.run(["validate", "-", "--files-from", "-"], stdin: json).status == 3)
    }

    /// Reports show paths relative to `--path-base` (default: the current folder), so a report
    /// reads the same on every machine; a path outside it is shown as given.
    @Test func pathsInReportsAreRelativeToThePathBase() throws {
        func names(_ arguments: [String]) throws -> [String] {
            let run = try CLI.validate(arguments + ["--format", "csv"])
            return run.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[0]) }
        }
        let absolute = Repo.fixture("forms/application.json")
        #expect(try names([absolute]) == ["Fixtures/forms/application.json"], "the current folder is the default base")
        #expect(try names(["Fixtures/forms/application.json", "--path-base", "Fixtures"]) == ["forms/application.json"])
        #expect(try names(["./Fixtures/forms/application.json", "--path-base", Repo.fixtures.path + "/forms/"]) == ["application.json"])
        #expect(try names([absolute, "--path-base", "/nowhere"]) == [absolute], "outside the base: as given")
        let scratch = Repo.scratch().appendingPathComponent("a.json").path
        try FileManager.default.copyItem(atPath: absolute, toPath: scratch)
        #expect(try names([scratch]) == [scratch])
        let unread = try names(["Fixtures/bad/empty.json", "--path-base", "Fixtures/bad"])
        #expect(unread == ["empty.json"], "unreadable files too: \(unread)")
    }

    @Test func findingNoDossierIsAMistakeUnlessAllowed() throws {
        let dir = Repo.scratch()
        try "not a dossier".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let empty = try CLI.validate([dir.path])
        #expect(empty.status == 3, "a typo in a path must not pass CI silently")
        #expect(empty.stderr.contains("\(dir.path): no dossier found"), "\(empty.stderr)")
        #expect(empty.stdout.isEmpty)
        let allowed = try CLI.validate([dir.path, "--allow-empty", "--format", "jsonl"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("\"documents\":0"), "\(allowed.stdout)")
    }

    @Test func excludedPathsAreNotRead() throws {
        func files(_ extra: [String]) throws -> [String] {
            let run = try CLI.validate(["Fixtures/forms", "Fixtures/rules/QAP-FEE", "--format", "csv", "--allow-empty"] + extra)
            return run.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[0]) }
        }
        let all = try files([])
        #expect(all.contains("Fixtures/forms/application.json") && all.contains { $0.hasPrefix("Fixtures/rules/QAP-FEE/") })
        #expect(try files(["--exclude", "*.xml"]).allSatisfy { $0.hasSuffix(".json") })
        #expect(try files(["--exclude", "*.xml"]).contains("Fixtures/forms/application.json"))
        #expect(try files(["--exclude", "QAP-FEE"]) == ["Fixtures/forms/application-attributes.xml", "Fixtures/forms/application-elements.xml", "Fixtures/forms/application.json"], "a folder's name prunes it")
        #expect(try files(["--exclude", "Fixtures/rules/*", "--exclude", "*attributes*"]) == ["Fixtures/forms/application-elements.xml", "Fixtures/forms/application.json"])
        #expect(try files(["--exclude", "*"]).isEmpty)
    }

    @Test func aPathLongerThanTheSystemAllowsIsReported() throws {
        let dir = Repo.scratch()
        var fd = open(dir.path, O_RDONLY | O_DIRECTORY)
        let component = String(repeating: "d", count: 200)
        for _ in 0..<22 {
            #expect(mkdirat(fd, component, 0o755) == 0)
            let next = openat(fd, component, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let file = openat(fd, "deep.json", O_WRONLY | O_CREAT, 0o644)
        close(file)
        close(fd)
        let run = try CLI.validate([dir.path, "--format", "csv"])
        #expect(run.status == 2)
        #expect(run.stdout.contains(",,,error"), "\(run.stdout.suffix(300))")
        let text = try CLI.validate([dir.path])
        #expect(text.stdout.contains("longer than the system allows"), "\(text.stdout.suffix(300))")
    }
}
