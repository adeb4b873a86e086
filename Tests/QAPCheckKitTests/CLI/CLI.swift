import Foundation
import Synchronization
@testable import QAPCheckKit

/// Runs the built `qapcheck` binary, as a user or CI job would.
enum CLI {
    static let binary: URL = {
        let beside = Bundle.main.bundleURL.appendingPathComponent("qapcheck")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Repo.root.appendingPathComponent(".build/debug/qapcheck")
    }()

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in folder: URL = Repo.root) throws -> Run {
        try runTool(binary.path, arguments, stdin: stdin, environment: environment, in: folder)
    }

    /// Runs any program, from the repository's root unless another folder is given.
    static func runTool(_ path: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in folder: URL = Repo.root) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large report cannot fill a pipe and stall it.
        let outBox = Mutex(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            outBox.withLock { $0 = data }
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outBox.withLock { $0 }, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `validate` with a fixed date, so reports are the same every day.
    static func validate(_ arguments: [String]) throws -> Run {
        try run(["validate", "--as-of", "2026-11-22", "--quiet"] + arguments)
    }
}

