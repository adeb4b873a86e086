import BuiltInRules
import Foundation

/// Where a rule set's files are read: the disk, or the rule set built into the binary.
///
/// Built-in files have paths under `builtin:/` (`builtin:/Rules/imi-cpr.yaml`), so every place a
/// path goes (`extends`, `schemas`, `tests`, a test case's dossier, an error's location) works
/// the same for both, and an error in the built-in set names a file that `rules export` writes.
public enum RuleSetFiles {
    /// The built-in rule set, as a `--rules` path: what runs when no other is named.
    public static let builtIn = "builtin:/Rules"

    static let builtInPrefix = "builtin:/"

    /// What is at a path.
    enum Entry { case file, folder }

    /// Whether a path names a built-in file rather than one on disk.
    static func isBuiltIn(_ path: String) -> Bool { path.hasPrefix(builtInPrefix) }

    /// A file, a folder, or nil when nothing is there.
    static func entry(at path: String) -> Entry? {
        if isBuiltIn(path) {
            let inner = String(path.dropFirst(builtInPrefix.count))
            if BuiltInRules.contents(of: inner) != nil { return .file }
            return BuiltInRules.paths.contains { $0.hasPrefix(inner + "/") } ? .folder : nil
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        return isFolder.boolValue ? .folder : .file
    }

    /// A file's bytes; a missing or unreadable one is an error naming it, with no place in it.
    static func read(_ path: String, what: String) throws -> Data {
        if isBuiltIn(path) {
            guard let data = BuiltInRules.contents(of: String(path.dropFirst(builtInPrefix.count))) else {
                throw RuleSetError(file: path, message: "cannot read \(what): no such built-in file")
            }
            return data
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw RuleSetError(file: path, message: "cannot read \(what): \(error.localizedDescription)")
        }
    }

    /// A file's text, which must be UTF-8.
    static func text(_ path: String, what: String) throws -> String {
        guard let text = String(data: try read(path, what: what), encoding: .utf8) else {
            throw RuleSetError(file: path, message: "cannot read \(what): it is not UTF-8 text")
        }
        return text
    }

    /// The names of the files directly in a folder, sorted; empty when there is none.
    static func names(in folder: String) -> [String] {
        if isBuiltIn(folder) {
            let inner = String(folder.dropFirst(builtInPrefix.count)) + "/"
            return BuiltInRules.paths.filter { $0.hasPrefix(inner) }.map { String($0.dropFirst(inner.count)) }.filter { !$0.contains("/") }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { entry(at: (folder as NSString).appendingPathComponent($0)) == .file }.sorted()
    }

    /// The files `exportBuiltIn(to:)` would write that already exist, so it can refuse first.
    public static func existingExports(in folder: String) -> [String] {
        BuiltInRules.paths.map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Writes the built-in rule set under `folder`, as it lies in the package (`Rules/`, and
    /// `Fixtures/rules/` for its tests), so `--rules FOLDER/Rules` loads and tests it as shipped.
    /// Returns the paths written.
    public static func exportBuiltIn(to folder: String) throws -> [String] {
        var written: [String] = []
        for path in BuiltInRules.paths {
            let target = URL(fileURLWithPath: folder).appendingPathComponent(path)
            guard let data = BuiltInRules.contents(of: path) else { continue }
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target, options: .atomic)
            } catch {
                throw RuleSetError(file: target.path, message: "cannot write the built-in rule set: \(error.localizedDescription)")
            }
            written.append(target.path)
        }
        return written
    }
}
