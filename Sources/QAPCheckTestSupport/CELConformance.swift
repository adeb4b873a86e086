import Foundation
import QAPCheckKit

/// Runs the CEL conformance cases (../shared/conformance/cel, converted from the public CEL
/// specification's test data) against this implementation. A test harness, so it lives in the
/// test-support library, reads its case files with Foundation's own JSON decoder, and uses only
/// the rule language's public surface.
///
/// A case is skipped only for a feature listed in `unsupportedFeatures`, each with its reason:
/// this is the one place that says what the language implementation leaves out.
public enum CELConformance {
    /// Features this implementation does not provide, with why.
    public static let unsupportedFeatures: [String: String] = [
        "proto": "protocol buffer messages: dossiers are JSON-like trees, and no rule needs a message type",
    ]

    public struct Outcome: Sendable {
        public var passed = 0
        public var failed = 0
        public var skipped = 0
        /// One line per failed case: file, name, expression and what went wrong.
        public var failures: [String] = []

        public var summary: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }
    }

    /// Runs every case of every `*.json` file in a folder.
    public static func run(directory: URL) throws -> Outcome {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var outcome = Outcome()
        for file in files { try run(file: file, into: &outcome) }
        return outcome
    }

    public static func run(file: URL, into outcome: inout Outcome) throws {
        let cases = try JSONDecoder().decode([JSONValue].self, from: try Data(contentsOf: file))
        for c in cases { run(case: c, file: file.lastPathComponent, into: &outcome) }
    }

    static func run(case c: JSONValue, file: String, into outcome: inout Outcome) {
        let name = "\(file) \(c["section"]?.string ?? "")/\(c["name"]?.string ?? "")"
        let features = c["features"]?.array?.compactMap(\.string) ?? []
        if features.contains(where: { unsupportedFeatures[$0] != nil }) || c["expect"]?["unsupported"] != nil {
            outcome.skipped += 1
            return
        }
        guard let expr = c["expr"]?.string else { outcome.skipped += 1; return }
        var names: [String] = []
        var values: [CELValue] = []
        for (key, value) in c["bindings"]?.members ?? [] {
            names.append(key)
            values.append(decode(value))
        }
        let declarations = CELDeclarations(
            variables: names, container: c["container"]?.string ?? "",
            checked: c["disableCheck"] != .bool(true))
        let result: CELValue
        do {
            result = try CELProgram.compile(expr, declarations: declarations).evaluate(values)
        } catch {
            result = .error(CELError(.undeclared, "compile: \(error)"))
        }
        let expect = c["expect"]
        let json = RuleExpressionRunner.json
        if expect?["error"] != nil {
            if result.isError { outcome.passed += 1 } else {
                outcome.failed += 1
                outcome.failures.append("\(name): \(expr) gave \(json(result)), expected an error")
            }
            return
        }
        let expected = expect?["value"].map(decode) ?? .bool(true)
        if same(result, expected) {
            outcome.passed += 1
        } else {
            outcome.failed += 1
            outcome.failures.append("\(name): \(expr) gave \(json(result)) (\(result.type.name)), expected \(json(expected)) (\(expected.type.name))")
        }
    }

    /// A typed value of the case encoding (`{"int": "1"}`, `{"list": [...]}`, ...).
    static func decode(_ n: JSONValue) -> CELValue {
        guard let (key, v) = n.members?.first else { return .error(CELError(.invalidArgument, "bad typed value")) }
        switch (key, v) {
        case ("int", .string(let s)): return Int64(s).map(CELValue.int) ?? .error(CELError(.invalidArgument, "bad int"))
        case ("uint", .string(let s)): return UInt64(s).map(CELValue.uint) ?? .error(CELError(.invalidArgument, "bad uint"))
        case ("double", .number(let x)): return .double(x)
        case ("double", .string(let s)): return Double(s).map(CELValue.double) ?? .error(CELError(.invalidArgument, "bad double"))
        case ("string", .string(let s)): return .string(s)
        case ("bytes", .string(let s)): return .bytes(Data(base64Encoded: s).map(Array.init) ?? [])
        case ("bool", .bool(let b)): return .bool(b)
        case ("null", _): return .null
        case ("type", .string(let s)): return .type(CELType.denotable[s] ?? .message(s))
        case ("list", .array(let items)): return .list(CELList(items.map(decode)))
        case ("map", .array(let pairs)):
            let entries: [(CELValue, CELValue)] = pairs.compactMap {
                guard case .array(let kv) = $0, kv.count == 2 else { return nil }
                return (decode(kv[0]), decode(kv[1]))
            }
            switch CELMap.make(entries) {
            case .success(let map): return .map(map)
            case .failure(let e): return .error(e)
            }
        default: return .error(CELError(.invalidArgument, "unsupported typed value '\(key)'"))
        }
    }

    /// Strict equality for checking results: types must match exactly (1, 1u and 1.0 differ),
    /// and NaN equals NaN.
    static func same(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.list(let x), .list(let y)):
            return x.count == y.count && (0..<x.count).allSatisfy { same(x[$0], y[$0]) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.entries.allSatisfy { e in y[e.key].map { same(e.value, $0) } ?? false }
        case (.error, _), (_, .error): return false
        default:
            return a.type == b.type && CELValue.equal(a, b)
        }
    }
}
