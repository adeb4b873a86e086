import Foundation
import FuzzDriver
@_exported import QAPCheckKit

/// What every fuzz target shares: the shipped rule set and its schemas, loaded once.
public enum FuzzSupport {
    /// The repository's Rules/, found from this file.
    public static let rulesPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rules").path

    public static let ruleSet: RuleSet = {
        do { return try RuleSetLoader.load(path: rulesPath) } catch { fatalError("the shipped rule set does not load: \(error)") }
    }()

    public static let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!, maxCost: 100_000)

    /// One input, as libFuzzer hands it over.
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// Starts libFuzzer with this process's arguments and the target's callback; returns its exit
    /// status. (SwiftPM links each executable's own main, so libFuzzer's main is never used.)
    public static func runFuzzer(_ callback: Callback) -> Int32 {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }

    /// The input's bytes (libFuzzer passes a null pointer for an empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Loads the bytes as a dossier of this form and, when they load, runs every rule on them:
    /// whatever the input, this returns.
    public static func loadAndValidate(_ bytes: [UInt8], as file: String) {
        let loader = DossierLoader(schemas: ruleSet.schemas)
        guard let dossier = try? loader.load(bytes: bytes, file: file) else { return }
        _ = Validator(ruleSet: ruleSet).validate(dossier, context: context)
    }
}
