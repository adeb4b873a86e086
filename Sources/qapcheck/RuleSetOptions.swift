import ArgumentParser
import Foundation
import QAPCheckKit

/// The `--rules` option every command that reads a rule set shares.
struct RuleSetOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: "The rule set: a folder holding one rule set file, or the file. Default: the shipped Rules/.")
    var path: String?

    /// Loads the rule set; a bad one is printed with its place and ends the command with status 3.
    func load() throws -> RuleSet {
        try load(copies: 1)[0]
    }

    /// Independent compiled copies of the rule set, one per parallel worker.
    func load(copies: Int) throws -> [RuleSet] {
        try failing { try RuleSetLoader.load(path: resolvedPath, copies: copies) }
    }

    /// The rule set's path: `--rules`, or the shipped one.
    var resolvedPath: String { path ?? ShippedRules.locate() }

    /// Runs `body`; a bad rule set is printed with its place and ends the command with status 3.
    func failing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RuleSetError {
            printError("error: \(error)")
            throw ExitCode(3)
        }
    }
}

/// Finds the shipped Rules/ folder: `$QAPCHECK_RULES`, then `./Rules`, then beside the binary
/// (`.build/<config>/qapcheck` in a checkout, `share/qapcheck/Rules` when installed).
enum ShippedRules {
    static func locate() -> String {
        if let env = ProcessInfo.processInfo.environment["QAPCHECK_RULES"], !env.isEmpty { return env }
        let fm = FileManager.default
        if fm.fileExists(atPath: "Rules/imi-cpr.yaml") { return "Rules" }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [exe.appendingPathComponent("../../Rules"), exe.appendingPathComponent("../../../Rules"), exe.appendingPathComponent("../share/qapcheck/Rules")] {
            if fm.fileExists(atPath: candidate.appendingPathComponent("imi-cpr.yaml").path) { return candidate.standardizedFileURL.path }
        }
        return "Rules"
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
