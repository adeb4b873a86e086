/// `isContainedPath(p)`: whether an attachment path is relative and never leaves the folder it is
/// relative to, so the pipeline is never sent to read a file outside a dossier's own folder.
/// `a/../b` stays inside; `../b`, `/etc/passwd`, `C:\x`, `~/x` and paths with NUL do not.
enum PathFunctions {
    static var all: [CELFunction] {
        [
            CELFunction("isContainedPath", .global, arity: 1...1) { args in
                guard case .string(let path) = args[0] else { return .noOverload("isContainedPath", args) }
                return .bool(isContained(path))
            },
        ]
    }

    static func isContained(_ path: String) -> Bool {
        if path.isEmpty || path.contains("\0") { return false }
        let normalised = path.replacingOccurrences(of: "\\", with: "/")
        if normalised.hasPrefix("/") || normalised.hasPrefix("~") { return false }
        if normalised.count >= 2, normalised.dropFirst().first == ":" { return false }
        var depth = 0
        for segment in normalised.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                depth -= 1
                if depth < 0 { return false }
            default:
                depth += 1
            }
        }
        return true
    }
}
