import Yams

/// A YAML node with its place in the file, and strict typed readers that turn every mistake into
/// a `RuleSetError` naming file, line and column.
struct YAMLValue {
    let node: Yams.Node
    let file: String

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func error(_ message: String) -> RuleSetError {
        RuleSetError(file: file, line: line, column: column, message: message)
    }

    /// Parses a whole file; syntax errors and duplicate keys carry their place.
    static func parse(_ text: String, file: String) throws -> YAMLValue {
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw RuleSetError(file: file, message: "the file is empty")
            }
            if let mark = exceedsSize(node) {
                throw RuleSetError(file: file, line: mark.line, column: mark.column,
                                   message: "the file expands to more than \(maxNodes) YAML nodes (aliases that repeat aliases?)")
            }
            return YAMLValue(node: node, file: file)
        } catch let error as RuleSetError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
                let detail = context.map { "\($0.text) at \($0.mark.line):\($0.mark.column): " } ?? ""
                throw RuleSetError(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(detail)\(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw RuleSetError(file: file, line: context.mark.line, column: context.mark.column, message: "duplicate key \(duplicates.joined(separator: ", ")) \(context.text)")
            default:
                throw RuleSetError(file: file, message: "YAML error: \(error)")
            }
        }
    }

    /// The most nodes a rule set file may expand to. Aliases are copies of what they name, so a
    /// few lines of aliases of aliases can stand for billions of nodes; the count stops there.
    static let maxNodes = 1_000_000

    /// Where the count of expanded nodes passes `maxNodes`, or nil. Iterative, and it stops at
    /// the limit, so a bomb costs at most `maxNodes` steps.
    private static func exceedsSize(_ root: Yams.Node) -> Mark? {
        var pending = [root]
        var count = 0
        while let node = pending.popLast() {
            count += 1
            if count > maxNodes { return node.mark ?? root.mark }
            switch node {
            case .mapping(let m):
                for i in m.indices { pending.append(m[i].key); pending.append(m[i].value) }
            case .sequence(let s):
                pending.append(contentsOf: s)
            default:
                break
            }
        }
        return nil
    }

    /// The members of a mapping, refusing keys outside `allowed`.
    func mapping(allowed: Set<String>? = nil, what: String) throws -> [(key: String, value: YAMLValue, keyValue: YAMLValue)] {
        guard case .mapping(let m) = node else { throw error("\(what) must be a mapping of keys to values") }
        var out: [(String, YAMLValue, YAMLValue)] = []
        out.reserveCapacity(m.count)
        // By index: Yams' iterator makes an array of every pair first.
        for i in m.indices {
            let (k, v) = m[i]
            let keyValue = YAMLValue(node: k, file: file)
            guard let key = k.string else { throw keyValue.error("keys of \(what) must be names") }
            if let allowed, !allowed.contains(key) {
                throw keyValue.error("unknown key '\(key)' in \(what); allowed: \(allowed.sorted().joined(separator: ", "))")
            }
            out.append((key, YAMLValue(node: v, file: file), keyValue))
        }
        return out
    }

    func sequence(what: String) throws -> [YAMLValue] {
        guard case .sequence(let s) = node else { throw error("\(what) must be a list") }
        return s.map { YAMLValue(node: $0, file: file) }
    }

    func string(what: String) throws -> String {
        guard case .scalar(let s) = node else { throw error("\(what) must be text") }
        return s.string
    }

    func strings(what: String) throws -> [String] {
        if case .scalar = node { return [try string(what: what)] }
        return try sequence(what: what).map { try $0.string(what: what) }
    }

    /// A parameter value: plain scalars become int, double or bool; quoted ones stay strings.
    func celValue() throws -> CELValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                if let i = Int64(s.string) { return .int(i) }
                if let d = NumberSyntax.double(s.string) { return .double(d) }
                if s.string == "true" { return .bool(true) }
                if s.string == "false" { return .bool(false) }
                if s.string == "null" || s.string == "~" { return .null }
            }
            return .string(s.string)
        case .sequence:
            return .list(CELList(try sequence(what: "a list").map { try $0.celValue() }))
        case .mapping:
            let pairs = try mapping(what: "a mapping").map { (CELValue.string($0.key), try $0.value.celValue()) }
            switch CELMap.make(pairs) {
            case .success(let m): return .map(m)
            case .failure(let e): throw error(e.message)
            }
        case .alias:
            throw error("YAML aliases are not allowed in rule sets")
        }
    }

    /// Where the text of a scalar starts in the file, for mapping expression columns to the file.
    /// Quoted and block scalars start one character (or one line) after the mark.
    var textOrigin: (line: Int, column: Int, blockIndented: Bool) {
        guard case .scalar(let s) = node else { return (line, column, false) }
        switch s.style {
        case .singleQuoted, .doubleQuoted: return (line, column + 1, false)
        case .literal, .folded: return (line + 1, column, true)
        default: return (line, column, false)
        }
    }
}
