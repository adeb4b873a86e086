import ArgumentParser
import Foundation
import QAPCheckKit

/// The `--rules` option every command that reads a rule set shares.
struct RuleSetOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: "The rule set: a folder holding one rule set file, or the file. Default: the one built in.")
    var path: String?

    /// Loads the rule set; a bad one is printed with its place and ends the command with status 3.
    func load() throws -> RuleSet {
        try load(copies: 1)[0]
    }

    /// Independent compiled copies of the rule set, one per parallel worker.
    func load(copies: Int) throws -> [RuleSet] {
        try failing { try RuleSetLoader.load(path: resolvedPath, copies: copies) }
    }

    /// The rule set's path: `--rules`, or the built-in one.
    var resolvedPath: String { path ?? RuleSetFiles.builtIn }

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

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
