import Foundation
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

    /// Loads the bytes as a dossier of this form and, when they load, runs every rule on them:
    /// whatever the input, this returns.
    public static func loadAndValidate(_ bytes: [UInt8], as file: String) {
        let loader = DossierLoader(schemas: ruleSet.schemas)
        guard let dossier = try? loader.load(bytes: bytes, file: file) else { return }
        _ = Validator(ruleSet: ruleSet).validate(dossier, context: context)
    }
}
