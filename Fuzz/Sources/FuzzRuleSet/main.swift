import Foundation
import FuzzSupport

// Each input: the bytes as a rule set file (with the shipped schemas beside it), loaded and
// checked; when it loads, its rules run on a dossier within a small budget.
exit(FuzzSupport.runFuzzer { data, size in
    RuleSetTarget.run(FuzzSupport.bytes(data, size))
    return 0
})

enum RuleSetTarget {
    /// A folder of this process's own, with the shipped schemas the fuzzed rule set may name.
    static let folder: String = {
        let dir = NSTemporaryDirectory() + "/qapcheck-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: dir + "/schemas")
        try? FileManager.default.copyItem(atPath: FuzzSupport.rulesPath + "/schemas", toPath: dir + "/schemas")
        return dir
    }()

    static let document: Dossier = {
        let path = FuzzSupport.rulesPath + "/../Fixtures/forms/application.json"
        do { return try DossierLoader(schemas: FuzzSupport.ruleSet.schemas).load(file: path) } catch { fatalError("\(error)") }
    }()

    static func run(_ bytes: [UInt8]) {
        let file = folder + "/rules.yaml"
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { fatalError("cannot write \(file)") }
        guard let ruleSet = try? RuleSetLoader.load(path: file) else { return }
        _ = Validator(ruleSet: ruleSet).validate(document, context: FuzzSupport.context)
    }
}
