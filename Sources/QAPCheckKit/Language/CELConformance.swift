import Foundation

/// Runs the CEL conformance cases (../shared/conformance/cel, converted from the public CEL
/// specification's test data) against this implementation.
///
/// A case is skipped only for a feature listed in `unsupportedFeatures`, each with its reason:
/// this is the one place that says what the language implementation leaves out.
public enum CELConformance {
    /// Features this implementation does not provide, with why.
    public static let unsupportedFeatures: [String: String] = [
        "proto": "protocol buffer messages: dossiers are JSON-like trees, and no rule needs a message type",
        "timestamp": "timestamps: rules work on calendar dates (the `date` extension), which have no time or zone",
        "duration": "durations: date arithmetic is addDays, addMonths and addYears on dates",
        "optional": "the optional-types library beyond basic optional indexing and selection",
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
        var parser = JSONParser(bytes: Array(try Data(contentsOf: file)), limits: LoadLimits(maxBytes: 1 << 30, maxDepth: 512), schemas: nil)
        let root: Node
        do { root = try parser.parse() } catch { throw error }
        guard case .array(let cases) = root.value else { return }
        for c in cases { run(case: c, file: file.lastPathComponent, into: &outcome) }
    }

    static func run(case c: Node, file: String, into outcome: inout Outcome) {
        let name = "\(file) \(c["section"].flatMap(string) ?? "")/\(c["name"].flatMap(string) ?? "")"
        let features: [String] = { if case .array(let a)? = c["features"]?.value { return a.compactMap(string) }; return [] }()
        if features.contains(where: { unsupportedFeatures[$0] != nil }) || c["expect"]?["unsupported"] != nil {
            outcome.skipped += 1
            return
        }
        guard let expr = c["expr"].flatMap(string) else { outcome.skipped += 1; return }
        var names: [String] = []
        var values: [CELValue] = []
        if case .object(let bindings)? = c["bindings"]?.value {
            for m in bindings.members {
                names.append(m.key)
                values.append(decode(m.value))
            }
        }
        let declarations = CELDeclarations(
            variables: names, container: c["container"].flatMap(string) ?? "",
            checked: c["disableCheck"]?.value != .bool(true))
        let result: CELValue
        do {
            result = try CELProgram.compile(expr, declarations: declarations).evaluate(values)
        } catch {
            result = .error(CELError("compile: \(error)"))
        }
        let expect = c["expect"]
        if expect?["error"] != nil {
            if result.isError { outcome.passed += 1 } else {
                outcome.failed += 1
                outcome.failures.append("\(name): \(expr) gave \(CELFormat.json(result)), expected an error")
            }
            return
        }
        let expected = expect?["value"].map(decode) ?? .bool(true)
        if same(result, expected) {
            outcome.passed += 1
        } else {
            outcome.failed += 1
            outcome.failures.append("\(name): \(expr) gave \(CELFormat.json(result)) (\(result.type.name)), expected \(CELFormat.json(expected)) (\(expected.type.name))")
        }
    }

    private static func string(_ n: Node) -> String? {
        if case .string(let s) = n.value { return s }
        return nil
    }

    /// A typed value of the case encoding (`{"int": "1"}`, `{"list": [...]}`, ...).
    static func decode(_ n: Node) -> CELValue {
        guard case .object(let o) = n.value, let m = o.members.first else { return .fail("bad typed value") }
        let v = m.value.value
        switch (m.key, v) {
        case ("int", .string(let s)): return Int64(s).map(CELValue.int) ?? .fail("bad int")
        case ("uint", .string(let s)): return UInt64(s).map(CELValue.uint) ?? .fail("bad uint")
        case ("double", .number(let x)): return .double(x.doubleValue)
        case ("double", .string(let s)): return StandardFunctions.toDouble(.string(s))
        case ("string", .string(let s)): return .string(s)
        case ("bytes", .string(let s)): return .bytes(Data(base64Encoded: s).map(Array.init) ?? [])
        case ("bool", .bool(let b)): return .bool(b)
        case ("null", _): return .null
        case ("type", .string(let s)): return .type(CELType.denotable[s] ?? .message(s))
        case ("list", .array(let items)): return .list(CELList(items.map(decode)))
        case ("map", .array(let pairs)):
            let entries: [(CELValue, CELValue)] = pairs.compactMap {
                guard case .array(let kv) = $0.value, kv.count == 2 else { return nil }
                return (decode(kv[0]), decode(kv[1]))
            }
            switch CELMap.make(entries) {
            case .success(let map): return .map(map)
            case .failure(let e): return .error(e)
            }
        default: return .fail("unsupported typed value '\(m.key)'")
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
            return a.type == b.type && CELOperators.equals(a, b)
        }
    }
}
