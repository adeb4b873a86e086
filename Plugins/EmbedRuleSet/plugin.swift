import Foundation
import PackagePlugin

/// Builds the shipped rule set into the binary: every file under `Rules/` and `Fixtures/rules/`
/// (the dossiers its tests name) becomes a generated Swift source of the target, so `Rules/`
/// stays the one place the rules are edited and a copy of the binary alone still has them.
@main
struct EmbedRuleSet: BuildToolPlugin {
    /// The folders built in, relative to the package root.
    static let folders = ["Rules", "Fixtures/rules"]

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in Self.folders {
            let base = root.appending(path: folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInRuleFiles.swift")
        return [.buildCommand(
            displayName: "Building the shipped rule set into \(target.name)",
            executable: try context.tool(named: "embed-files").url,
            arguments: [output.path, root.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
