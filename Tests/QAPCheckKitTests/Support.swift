import Foundation
import Testing
@testable import QAPCheckKit

/// Paths of the repository, found from this file so tests run from any working folder.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Fixtures")
    static let rules = root.appendingPathComponent("Rules")
    static let schemas: SchemaSet = try! RuleSetLoader.load(path: rules.path).schemas

    /// The project's shared/ folder (spec, seeds, conformance cases), which CI has beside the
    /// clone and a user's clone has not: tests that read it are skipped, with this reason, without it.
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let hasShared = FileManager.default.fileExists(atPath: shared.appendingPathComponent("spec").path)
    static let sharedReason: Comment = "needs ../shared (spec, seeds, conformance cases), which only the project's CI has beside the clone"

    static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

    static func loader(limits: LoadLimits = .default) -> DossierLoader {
        DossierLoader(schemas: schemas, limits: limits)
    }

    /// Loads text as if it were a file of that name.
    static func load(_ text: String, as file: String, limits: LoadLimits = .default) throws(DocumentError) -> Dossier {
        try loader(limits: limits).load(bytes: Array(text.utf8), file: file)
    }

    /// The error loading text gives; nil when it loads.
    static func error(_ text: String, as file: String, limits: LoadLimits = .default) -> DocumentError? {
        error(bytes: Array(text.utf8), as: file, limits: limits)
    }

    static func error(bytes: [UInt8], as file: String, limits: LoadLimits = .default) -> DocumentError? {
        do { _ = try loader(limits: limits).load(bytes: bytes, file: file); return nil } catch { return error }
    }

    /// How many dossiers (`*.json`, `*.xml`) a folder of the repository holds, at any depth.
    static func dossiers(in folder: String) -> Int {
        let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { ["json", "xml"].contains($0.pathExtension) }.count
    }

    /// A scratch folder of its own for one test, inside the run's folder, which goes when the
    /// test process exits: a suite run thousands of times must not fill the machine's temp.
    static func scratch() -> URL {
        let dir = scratchRoot.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// One folder per test process, named by its process id, made on first use. The test
    /// runner ends its process without running exit handlers, so each run removes the folders
    /// that runs before it left: those whose process is gone.
    private static let scratchRoot: URL = {
        let temp = FileManager.default.temporaryDirectory
        let prefix = "qapcheck-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            // `rm`, not `FileManager`: a test's folders nest past the longest path a call takes.
            let remove = Process()
            remove.executableURL = URL(fileURLWithPath: "/bin/rm")
            remove.arguments = ["-rf", "--", temp.appendingPathComponent(name).path]
            try? remove.run()
            remove.waitUntilExit()
        }
        let dir = temp.appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()
}

extension Node {
    /// Every node below and including this one, depth first.
    var allNodes: [Node] {
        var out = [self]
        switch value {
        case .object(let o): for m in o.members { out += m.value.allNodes }
        case .array(let a): for item in a { out += item.allNodes }
        default: break
        }
        return out
    }
}

