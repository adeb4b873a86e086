import Foundation

/// The shipped rule set as built into the binary: `Rules/` and the dossiers its tests name
/// (`Fixtures/rules/`), by their paths in the package, e.g. `Rules/imi-cpr.yaml`.
///
/// The build generates `encodedFiles` from the package's folders (see Plugins/EmbedRuleSet), so
/// a copy of the binary alone, in any folder, validates with the same rules as a checkout.
public enum BuiltInRules {
    /// Every built-in file's path, sorted.
    public static let paths: [String] = encodedFiles.map(\.path).sorted()

    private static let index: [String: String] = Dictionary(encodedFiles.map { ($0.path, $0.base64) }, uniquingKeysWith: { a, _ in a })

    /// A file's bytes, or nil when no built-in file has that path.
    public static func contents(of path: String) -> Data? {
        index[path].flatMap { Data(base64Encoded: $0) }
    }
}
