import Foundation

/// Turns the paths of a command line (files and folders) into the sorted list of files a batch
/// reads: folders are searched recursively for `*.json` and `*.xml`; a file named directly is read
/// whatever its name; a path that does not exist stays in the list, so the report says so.
public enum InputFiles {
    public static func collect(_ paths: [String]) -> [String] {
        var files = Set<String>()
        let fm = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                files.insert(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard let walker = fm.enumerator(atPath: path) else { continue }
            for case let relative as String in walker {
                let lower = relative.lowercased()
                guard lower.hasSuffix(".json") || lower.hasSuffix(".xml") else { continue }
                let full = base + "/" + relative
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { files.insert(full) }
            }
        }
        return sorted(Array(files))
    }

    /// Byte order of the UTF-8 paths: the same on every machine and locale.
    public static func sorted(_ files: [String]) -> [String] {
        files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Paths one a line, for batches too long for a command line; blank lines are skipped.
    public static func lines(of text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
