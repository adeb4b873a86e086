import Foundation

// Writes a Swift source holding files as base64 text, keyed by their path under a root:
//   embed-files OUTPUT ROOT FILE...
// Base64 keeps any byte (a fixture may be deliberately malformed) and compiles quickly; the
// files are decoded one at a time, when read.

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: embed-files OUTPUT ROOT FILE...\n".utf8))
    exit(2)
}
let output = arguments[arguments.startIndex]
let root = URL(fileURLWithPath: arguments[arguments.startIndex + 1]).standardizedFileURL.path
var source = """
// Generated at build time from the package's Rules/ and Fixtures/rules/; edit those, not this.

extension BuiltInRules {
    static let encodedFiles: [(path: String, base64: String)] = [

"""
for file in arguments.dropFirst(2) {
    let path = URL(fileURLWithPath: file).standardizedFileURL.path
    guard path.hasPrefix(root + "/") else { continue }
    let relative = String(path.dropFirst(root.count + 1))
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("embed-files: cannot read \(path)\n".utf8))
        exit(1)
    }
    let quoted = relative.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        (\"\(quoted)\", \"\(data.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("embed-files: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
