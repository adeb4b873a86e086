import Crypto
import Foundation

/// Reads a rule set folder (or file) into a checked `RuleSet`.
///
/// Everything that can be wrong with a rule set is found here, before any document is read:
/// YAML syntax, unknown keys, CEL syntax and checking errors, duplicate ids, missing citations,
/// unknown phases or kinds. Each error names the file, line and column.
public enum RuleSetLoader {
    /// The variables every rule sees, in slot order.
    static let baseVariables = RuleVariable.names(RuleVariable.document)

    /// Loads a rule set from a folder (its `*.yaml` rule set file) or a file.
    public static func load(path: String) throws -> RuleSet {
        try load(path: path, copies: 1)[0]
    }

    /// Loads a rule set `copies` times: independent copies for parallel workers, which then
    /// share no reference-counted object. The files are read and their YAML parsed once; each
    /// copy is compiled from a draft of its own (`Draft.copiedApart`), side by side, one per core.
    ///
    /// A copy begun early for the same path (`EarlyRuleSet`) is one of them, and its reading of
    /// the files is the one the others are compiled from.
    public static func load(path: String, copies: Int) throws -> [RuleSet] {
        try load(path: path, copies: copies, early: .shared)
    }

    static func load(path: String, copies: Int, early begun: EarlyRuleSet) throws -> [RuleSet] {
        let early = begun.take(path: path)
        let count = max(1, copies) - (early == nil ? 0 : 1)
        guard count > 0 else { return try early!.copies.wait() }
        let first: Draft
        do {
            first = try early.map { try $0.spare.take() } ?? readDraft(path: path)
        } catch {
            // The early copy failed on the same reading: its error is the one thrown.
            _ = try early?.copies.wait()
            throw error
        }
        // Every draft is made before any is compiled: compiling resolves the YAML tags in place.
        var made = [first]
        while made.count < count { made.append(first.copiedApart) }
        let drafts = Drafts(made)
        let loaded = Locked([Result<RuleSet, any Error>?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let copy = Result { try compile(drafts.items[i]) }
            loaded.withLock { $0[i] = copy }
        }
        return try (early?.copies.wait() ?? []) + loaded.withLock { $0 }.map { try $0!.get() }
    }

    /// The draft of the rule set at `path` (a folder or its rule set file).
    static func readDraft(path: String) throws -> Draft {
        let file = try ruleSetFile(at: path)
        var stack: [String] = []
        return try readDraft(file: file, stack: &stack)
    }

    /// Drafts handed to the threads that compile them, each to one thread only.
    struct Drafts: @unchecked Sendable {
        let items: [Draft]
        init(_ items: [Draft]) { self.items = items }
    }

    /// The rule set file of a folder: the one `*.yaml` that is not a tests file.
    static func ruleSetFile(at path: String) throws -> String {
        switch RuleSetFiles.entry(at: path) {
        case nil: throw RuleSetError(file: path, message: "no rule set here: the path does not exist")
        case .file: return path
        case .folder: break
        }
        let candidates = RuleSetFiles.names(in: path).filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix("tests") }
        guard candidates.count == 1 else {
            throw RuleSetError(file: path, message: candidates.isEmpty
                ? "no rule set file (*.yaml) in this folder"
                : "several rule set files in this folder (\(candidates.joined(separator: ", "))); name one")
        }
        return (path as NSString).appendingPathComponent(candidates[0])
    }

    // MARK: - Reading, with extends

    /// A rule set read but not compiled: what `extends` merges.
    struct Draft {
        var name = ""
        var version = ""
        var description = ""
        var sources: [SourceDocument] = []
        var parameters: [(name: String, values: [Parameter.DatedValue], description: String)] = []
        var ruleDates: [(kind: String, name: String, date: YAMLValue)] = []
        var phases: [(name: String, description: String, when: YAMLValue?)] = []
        var rules: [YAMLValue] = []
        var schemasFolder: String?
        var testsFile: String?
        var files: [String] = []
    }

    static let topKeys: Set<String> = ["name", "version", "description", "extends", "schemas", "tests", "sources", "parameters", "phases", "rules", "remove", "ruleDates"]

    static func readDraft(file: String, stack: inout [String]) throws -> Draft {
        // The file itself, whatever links or spelling led here, so a cycle through a link is seen.
        let path = RuleSetFiles.isBuiltIn(file) ? file : URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL.path
        if stack.contains(path) {
            throw RuleSetError(file: file, message: "rule sets extend each other in a cycle: \((stack + [path]).joined(separator: " -> "))")
        }
        stack.append(path)
        defer { stack.removeLast() }
        let text = try RuleSetFiles.text(file, what: "the rule set")
        let root = try YAMLValue.parse(text, file: file)
        let top = try root.mapping(allowed: topKeys, what: "a rule set")
        let folder = (file as NSString).deletingLastPathComponent

        var draft = Draft()
        if let parent = top.first(where: { $0.key == "extends" }) {
            let parentFile = resolve(try parent.value.string(what: "extends"), relativeTo: folder)
            var info = stat()
            guard RuleSetFiles.isBuiltIn(parentFile) || stat(parentFile, &info) == 0 else {
                let reason = errno == ELOOP ? "its symbolic links point at each other in a cycle" : SystemError.describe(errno)
                throw parent.value.error("cannot read the rule set it extends, \(parentFile): \(reason)")
            }
            draft = try readDraft(file: parentFile, stack: &stack)
            draft.testsFile = nil
        }
        draft.files.insert(file, at: 0)

        for (key, value, _) in top {
            switch key {
            case "name": draft.name = try value.string(what: "name")
            case "version": draft.version = try value.string(what: "version")
            case "description": draft.description = try value.string(what: "description")
            case "schemas": draft.schemasFolder = resolve(try value.string(what: "schemas"), relativeTo: folder)
            case "tests": draft.testsFile = resolve(try value.string(what: "tests"), relativeTo: folder)
            case "sources":
                for item in try value.sequence(what: "sources") {
                    let m = try item.mapping(allowed: ["file", "title", "updated"], what: "a source")
                    guard let f = m.first(where: { $0.key == "file" }) else { throw item.error("a source needs 'file'") }
                    let title = try m.first(where: { $0.key == "title" })?.value.string(what: "title") ?? ""
                    let updated = try m.first(where: { $0.key == "updated" })?.value.string(what: "updated")
                    let source = SourceDocument(file: try f.value.string(what: "file"), title: title, updated: updated)
                    if !draft.sources.contains(source) { draft.sources.append(source) }
                }
            case "parameters":
                for (name, spec, _) in try value.mapping(what: "parameters") {
                    var description = draft.parameters.first(where: { $0.name == name })?.description ?? ""
                    var written = spec
                    if case .mapping = spec.node, let fields = try? spec.mapping(allowed: ["value", "description"], what: "a parameter"),
                       let v = fields.first(where: { $0.key == "value" }) {
                        written = v.value
                        if let d = fields.first(where: { $0.key == "description" }) { description = try d.value.string(what: "description") }
                    }
                    let parameterValue = try RuleVersions.datedValues(written)
                        ?? [Parameter.DatedValue(effective: .always, value: try written.celValue())]
                    if let i = draft.parameters.firstIndex(where: { $0.name == name }) {
                        draft.parameters[i] = (name, parameterValue, description)
                    } else {
                        draft.parameters.append((name, parameterValue, description))
                    }
                }
            case "ruleDates":
                for (kind, spec, _) in try value.mapping(what: "ruleDates") {
                    // `kind: EXPRESSION`, or `kind: {date: EXPRESSION, name: WHAT REPORTS CALL IT}`.
                    var date = spec
                    var name: String?
                    if case .mapping = spec.node {
                        let fields = try spec.mapping(allowed: ["date", "name"], what: "a rule date")
                        guard let d = fields.first(where: { $0.key == "date" }) else { throw spec.error("a rule date needs 'date', an expression giving the dossier's date") }
                        date = d.value
                        name = try fields.first(where: { $0.key == "name" })?.value.string(what: "name")
                    }
                    let expression = try date.string(what: "a rule date")
                    draft.ruleDates.removeAll { $0.kind == kind }
                    draft.ruleDates.append((kind, name ?? expression, date))
                }
            case "phases":
                for (name, spec, _) in try value.mapping(what: "phases") {
                    let fields = try spec.mapping(allowed: ["description", "when"], what: "a phase")
                    let description = try fields.first(where: { $0.key == "description" })?.value.string(what: "description") ?? ""
                    let when = fields.first(where: { $0.key == "when" })?.value
                    draft.phases.removeAll { $0.name == name }
                    draft.phases.append((name, description, when))
                }
            case "rules":
                for rule in try value.sequence(what: "rules") {
                    let id = try rule.mapping(what: "a rule").first(where: { $0.key == "id" })?.value.string(what: "id")
                    let overriding = draft.files.count > 1 && id != nil
                    if overriding, let id {
                        // A rule set that extends another replaces the parent's rule of the same id.
                        draft.rules.removeAll { (try? $0.mapping(what: "a rule").first(where: { $0.key == "id" })?.value.string(what: "id")) == id && $0.file != file }
                    }
                    draft.rules.append(rule)
                }
            case "remove":
                let ids = try value.strings(what: "remove")
                draft.rules.removeAll { rule in
                    let id = try? rule.mapping(what: "a rule").first(where: { $0.key == "id" })?.value.string(what: "id")
                    return id.map(ids.contains) ?? false
                }
            default: break
            }
        }
        for required in ["name", "version"] where !top.contains(where: { $0.key == required }) && draft.files.count == 1 {
            throw root.error("a rule set needs '\(required)'")
        }
        return draft
    }

    /// A path written in a rule set file: absolute (or built-in) as written, else relative to
    /// that file's folder, with `.` and `..` taken out.
    static func resolve(_ path: String, relativeTo folder: String) -> String {
        let joined = path.hasPrefix("/") || RuleSetFiles.isBuiltIn(path) ? path : folder + "/" + path
        let builtIn = RuleSetFiles.isBuiltIn(joined)
        let body = builtIn ? joined.dropFirst(RuleSetFiles.builtInPrefix.count) : Substring(joined)
        var parts: [Substring] = []
        for part in body.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let normalised = parts.joined(separator: "/")
        if builtIn { return RuleSetFiles.builtInPrefix + normalised }
        return joined.hasPrefix("/") ? "/" + normalised : (normalised.isEmpty ? "." : normalised)
    }

    // MARK: - Compiling

    static func compile(_ draft: Draft) throws -> RuleSet {
        let mainFile = draft.files[0]
        let schemasFolder = draft.schemasFolder ?? ((mainFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent("schemas")
        guard RuleSetFiles.entry(at: schemasFolder) == .folder else {
            throw RuleSetError(file: schemasFolder, message: "cannot read the kind schemas: no such folder")
        }
        let schemaFiles = RuleSetFiles.names(in: schemasFolder).filter { $0.hasSuffix(".json") }.map { (schemasFolder as NSString).appendingPathComponent($0) }
        let schemas: SchemaSet
        do {
            schemas = try SchemaSet.load(files: try schemaFiles.map { (name: $0, bytes: Array(try RuleSetFiles.read($0, what: "the kind schema"))) })
        } catch let failure as SchemaReader.Failure {
            guard let place = failure.location else { throw RuleSetError(file: failure.file, message: failure.message) }
            throw RuleSetError(file: failure.file, line: place.line, column: place.column, message: failure.message)
        }

        let parameters = draft.parameters.map { Parameter(name: $0.name, values: $0.values, description: $0.description) }
        // What phases and rule dates read: the parameters whose value does not depend on the date
        // (the date a dossier is judged on cannot depend on the rules of that date).
        let undated = try parameterMap(parameters.filter { !$0.isDated }, file: mainFile)
        func refuseDated(_ value: YAMLValue, what: String) throws {
            if let p = parameters.first(where: { $0.isDated && RuleVersions.reads(value, parameter: $0.name) }) {
                throw value.error("\(what) cannot read params.\(p.name): its value depends on the date, and this decides \(what == "a rule date" ? "the date" : "which rules run")")
            }
        }
        var phases: [Phase] = []
        for p in draft.phases {
            if let w = p.when { try refuseDated(w, what: "a phase's when") }
            let when = try p.when.map { try compileExpression($0, variables: baseVariables, params: undated, what: "when") }
            phases.append(Phase(name: PhaseName(p.name), description: p.description, when: when))
        }
        if phases.isEmpty { phases = [Phase(name: "application", description: "", when: nil)] }
        var ruleDates: [RuleDateSource] = []
        for d in draft.ruleDates {
            guard schemas[d.kind] != nil else {
                throw d.date.error("ruleDates names the kind '\(d.kind)', which has no schema; the kinds are \(schemas.kinds.joined(separator: ", "))")
            }
            try refuseDated(d.date, what: "a rule date")
            ruleDates.append(RuleDateSource(kind: d.kind, name: d.name, program: try compileExpression(d.date, variables: baseVariables, params: undated, what: "date")))
        }

        var declared: [RuleVersions.Declared] = []
        var rules: [Rule] = []
        for entry in draft.rules {
            let id = RuleID(try entry.mapping(what: "a rule").first(where: { $0.key == "id" })?.value.string(what: "id") ?? "")
            let version = try RuleVersions.declared(entry, id: id, parameters: parameters)
            declared.append(version)
            for piece in try RuleVersions.pieces(of: version, parameters: parameters) {
                let params = try parameterMap(piece.params, file: mainFile)
                rules.append(try RuleCompiler(sources: draft.sources, phases: phases, schemas: schemas, params: params).compile(entry, effective: piece.period))
            }
        }
        try RuleVersions.check(declared)

        return RuleSet(
            name: draft.name, version: draft.version, description: draft.description, sources: draft.sources,
            parameters: parameters, ruleDates: ruleDates, phases: phases, rules: rules, schemas: schemas,
            digest: digest(of: draft.files + schemaFiles), files: draft.files, testsFile: draft.testsFile)
    }

    /// The parameters as the CEL map rules read as `params`: the values of undated ones, or of
    /// dated ones as they are throughout one rule version's period.
    static func parameterMap(_ parameters: [Parameter], file: String) throws -> CELValue {
        switch CELMap.make(parameters.compactMap { p in p.values.first.map { (.string(p.name), $0.value) } }) {
        case .success(let m): return .map(m)
        case .failure(let e): throw RuleSetError(file: file, message: "parameters: \(e.message)")
        }
    }

    /// `sha256:` over the files' names (without their folders) and bytes, in order.
    static func digest(of files: [String]) -> String {
        var hasher = SHA256()
        for file in files {
            hasher.update(data: Data((file as NSString).lastPathComponent.utf8))
            hasher.update(data: Data([0]))
            hasher.update(data: (try? RuleSetFiles.read(file, what: "")) ?? Data())
            hasher.update(data: Data([0]))
        }
        return "sha256:" + ContentDigest.hex(hasher.finalize())
    }

    /// Compiles a CEL expression written in YAML, mapping an error's place to the file.
    /// `types` are the variables' types where known (`asOf` is a date, a `let` of a list is a
    /// list); `gives`, when set, is the type the result must have where it is known when
    /// compiling (an assertion is a bool), so `assert: size(x)` is refused at its place.
    static func compileExpression(_ value: YAMLValue, variables: [String], params: CELValue, what: String,
                                  types: [String: CELType] = RuleVariable.types, gives: CELType? = nil) throws -> CELProgram {
        let text = try value.string(what: what)
        let program: CELProgram
        do {
            program = try CELProgram.compile(text, declarations: CELDeclarations(variables: variables, constants: ["params": params], types: types))
        } catch {
            throw expressionError(error, in: value, offset: 0, what: what)
        }
        if let gives, let found = program.resultType, found != gives, found != .dyn {
            let error = CELCompileError("'\(what)' must give a \(gives.name), and this gives \(found.name == "int" ? "an" : "a") \(found.name)", at: 0, in: Array(text.unicodeScalars))
            throw expressionError(error, in: value, offset: 0, what: what)
        }
        return program
    }

    /// A CEL compile error at the place in the YAML file where it is.
    static func expressionError(_ error: CELCompileError, in value: YAMLValue, offset extra: Int, what: String) -> RuleSetError {
        let origin = value.textOrigin
        let text = (try? value.string(what: what)) ?? ""
        let scalars = Array(text.unicodeScalars)
        let offset = min(error.offset + extra, scalars.count)
        var line = 0
        var column = 0
        for s in scalars.prefix(offset) {
            if s == "\n" { line += 1; column = 0 } else { column += 1 }
        }
        var fileLine = origin.line + line
        var fileColumn = (line == 0 ? origin.column : 1) + column
        if origin.blockIndented {
            fileLine = origin.line + line
            fileColumn = indentation(of: fileLine, in: value.file) + column + 1
        }
        return RuleSetError(file: value.file, line: fileLine, column: fileColumn, message: "in '\(what)': \(error.message)")
    }

    private static func indentation(of line: Int, in file: String) -> Int {
        guard let text = try? RuleSetFiles.text(file, what: "") else { return 0 }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line - 1 < lines.count, line >= 1 else { return 0 }
        return lines[line - 1].prefix { $0 == " " }.count
    }
}
