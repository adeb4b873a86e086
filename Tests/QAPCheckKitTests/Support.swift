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

    /// A scratch folder, removed at process exit by the OS's temp cleaning.
    /// How many dossiers (`*.json`, `*.xml`) a folder of the repository holds, at any depth.
    static func dossiers(in folder: String) -> Int {
        let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { ["json", "xml"].contains($0.pathExtension) }.count
    }

    static func scratch() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qapcheck-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
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

