import Foundation
import Testing

/// The core's folders are layers, and a layer uses only the layers below it:
/// Document ← Loading ← Language ← RuleSet ← Evaluation ← Reporting ← History. Checked on the sources: no
/// file of a layer names a type declared in a layer above it.
@Suite("Layers")
struct LayeringTests {
    static let layers = ["Document", "Loading", "Language", "RuleSet", "Evaluation", "Reporting", "Merge", "History"]
    static let core = Repo.root.appendingPathComponent("Sources/QAPCheckKit")

    static func files(of layer: String) -> [URL] {
        let folder = core.appendingPathComponent(layer)
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    /// The types a file declares at the top level (a nested type is named through its outer one).
    static func declaredTypes(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"^(?:(?:public|private|fileprivate|internal|final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+(\w+)"#, options: .anchorsMatchLines)
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } })
    }

    /// The text without comments, so that a doc comment may name what comes later.
    static func code(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line)
        }.joined(separator: "\n")
    }

    @Test func noLayerNamesATypeOfALayerAboveIt() throws {
        var declared: [String: Set<String>] = [:]
        for layer in Self.layers {
            declared[layer] = try Self.files(of: layer).reduce(into: Set<String>()) { $0.formUnion(Self.declaredTypes(in: try String(contentsOf: $1, encoding: .utf8))) }
            #expect(!(declared[layer]?.isEmpty ?? true), "no types found in \(layer)")
        }
        for (i, layer) in Self.layers.enumerated() {
            let above = Self.layers[(i + 1)...].reduce(into: Set<String>()) { $0.formUnion(declared[$1] ?? []) }
            for file in Self.files(of: layer) {
                let words = Set(Self.code(try String(contentsOf: file, encoding: .utf8)).split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init))
                for name in above.intersection(words).sorted() {
                    Issue.record("\(layer)/\(file.lastPathComponent) names \(name), which a higher layer declares")
                }
            }
        }
    }

    @Test func theCheckFindsAnUpwardReference() {
        let types = Self.declaredTypes(in: "public struct Report {\n    enum Kind { case a }\n}\nfinal class Sink {}")
        #expect(types == ["Report", "Sink"])
    }
}
