import Foundation
import FuzzSupport

/// libFuzzer entry: the bytes as a rule set file (with the shipped schemas beside it), loaded and
/// checked; when it loads, its rules run on a dossier within a small budget.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let file = folder + "/rules.yaml"
    FileManager.default.createFile(atPath: file, contents: Data(bytes: data, count: size))
    guard let ruleSet = try? RuleSetLoader.load(path: file) else { return 0 }
    _ = Validator(ruleSet: ruleSet).validate(document, context: FuzzSupport.context)
    return 0
}

private let folder: String = {
    let dir = NSTemporaryDirectory() + "/qapcheck-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try? FileManager.default.removeItem(atPath: dir + "/schemas")
    try? FileManager.default.copyItem(atPath: FuzzSupport.rulesPath + "/schemas", toPath: dir + "/schemas")
    try? FileManager.default.copyItem(atPath: FuzzSupport.rulesPath + "/../Fixtures/forms/application.json", toPath: dir + "/application.json")
    return dir
}()

private let document: Dossier = {
    do { return try DossierLoader(schemas: FuzzSupport.ruleSet.schemas).load(file: FuzzSupport.rulesPath + "/../Fixtures/forms/application.json") } catch { fatalError("\(error)") }
}()
