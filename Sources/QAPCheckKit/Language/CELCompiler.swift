/// Turns a syntax tree into a `CELOp` tree: resolves every name (comprehension variables first,
/// then declared variables through the container's scopes, then type names), resolves functions
/// and, in checked mode, rejects unknown functions, wrong arity and unknown variables.
struct CELCompiler {
    let declarations: CELDeclarations
    let library: CELLibrary
    let source: [Unicode.Scalar]
    private var scopes: [(name: String, slot: Int)] = []
    private(set) var maxLocals = 0
    private let slots: [String: Int]

    init(declarations: CELDeclarations, library: CELLibrary, source: [Unicode.Scalar]) {
        self.declarations = declarations
        self.library = library
        self.source = source
        var slots: [String: Int] = [:]
        slots.reserveCapacity(declarations.variables.count)
        for (i, v) in declarations.variables.enumerated() where slots[v] == nil { slots[v] = i }
        self.slots = slots
    }

    private func error(_ message: String, at offset: Int) -> CELCompileError {
        CELCompileError(message, at: offset, in: source)
    }

    /// Candidate full names for a name, innermost container scope first.
    private func candidates(_ name: String, rootScoped: Bool) -> [String] {
        if rootScoped || declarations.container.isEmpty { return [name] }
        var out: [String] = []
        var parts = declarations.container.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            out.append(parts.joined(separator: ".") + "." + name)
            parts.removeLast()
        }
        out.append(name)
        return out
    }

    private func variableSlot(_ name: String, rootScoped: Bool) -> Int? {
        for candidate in candidates(name, rootScoped: rootScoped) {
            if let slot = slots[candidate] { return slot }
        }
        return nil
    }

    private func localSlot(_ name: String) -> Int? {
        scopes.last(where: { $0.name == name })?.slot
    }

    /// A dotted chain of plain names (`a.b.c`), its root-scoping, and the offset of each part.
    private func dottedName(_ e: CELExpr) -> (parts: [String], rootScoped: Bool)? {
        switch e.kind {
        case .ident(let n, let root): return ([n], root)
        case .select(let operand, let field, false, false):
            guard let (parts, root) = dottedName(operand) else { return nil }
            return (parts + [field], root)
        default: return nil
        }
    }

    /// The static type of the expression compiled last (nil: not known before evaluation).
    private(set) var lastType: CELType?
    /// Set by a case of `compileNode` that knows its result's type.
    private var pendingType: CELType?

    mutating func compile(_ e: CELExpr) throws(CELCompileError) -> CELOp {
        pendingType = nil
        let op = try compileNode(e)
        lastType = pendingType ?? staticType(of: op)
        pendingType = nil
        return op
    }

    /// The type an op has whatever the document: a constant's, or a declared variable's.
    private func staticType(of op: CELOp) -> CELType? {
        switch op {
        case .constant(let v): return v.isError ? nil : v.type
        case .global(let slot): return declarations.types[declarations.variables[slot]]
        default: return nil
        }
    }

    /// In checked mode, refuses an operator whose operands' known types no overload takes.
    private func check(_ name: String, _ types: [CELType?], allowed: Bool, at offset: Int) throws(CELCompileError) {
        guard declarations.checked, !allowed else { return }
        throw error("no matching overload for '\(name)' applied to (\(types.map { $0?.name ?? "dyn" }.joined(separator: ", ")))", at: offset)
    }

    private mutating func compileNode(_ e: CELExpr) throws(CELCompileError) -> CELOp {
        switch e.kind {
        case .literal(let v):
            return .constant(v)

        case .ident(let name, let rootScoped):
            return try resolveName([name], rootScoped: rootScoped, at: e.offset)

        case .select(let operand, let field, let testOnly, let optional):
            if !testOnly, !optional, let (parts, root) = dottedName(e), localSlot(parts[0]) == nil || root {
                if let resolved = try resolveQualified(parts, rootScoped: root, at: e.offset) { return resolved }
            }
            let base = try compile(operand)
            if !testOnly, !optional { return try select(base, field, at: e.offset) }
            return .select(base, field, testOnly: testOnly, optional: optional)

        case .index(let operand, let index, let optional):
            return .index(try compile(operand), try compile(index), optional: optional)

        case .call(let target, let name, let args):
            return try compileCall(target: target, name: name, args: args, at: e.offset)

        case .unary(let op, let operand):
            let compiled = try compile(operand)
            if let t = lastType {
                let result = CELStaticTypes.unary(op, t)
                try check(op == .not ? "!_" : "-_", [t], allowed: result != nil, at: e.offset)
                pendingType = result
            }
            return .unary(op, compiled)

        case .binary(let op, let l, let r):
            let left = try compile(l)
            let lt = lastType
            let right = try compile(r)
            let rt = lastType
            if let lt, let rt {
                let result = CELStaticTypes.binary(op, lt, rt)
                try check("_\(op.rawValue)_", [lt, rt], allowed: result != nil, at: e.offset)
                pendingType = result
            } else if [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in].contains(op) {
                pendingType = .bool
            }
            // The overload, chosen now where both types are known, so evaluation need not search.
            if [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), let overload = ResolvedComparison(lt, rt) {
                return .comparison(op, overload, left, right)
            }
            return .binary(op, left, right)

        case .and(let l, let r), .or(let l, let r):
            let isAnd: Bool
            if case .and = e.kind { isAnd = true } else { isAnd = false }
            let left = try compile(l)
            let lt = lastType
            let right = try compile(r)
            let rt = lastType
            try check(isAnd ? "_&&_" : "_||_", [lt, rt], allowed: [lt, rt].allSatisfy { $0 == nil || $0 == .bool }, at: e.offset)
            pendingType = .bool
            return isAnd ? .and(left, right) : .or(left, right)

        case .conditional(let c, let t, let f):
            let condition = try compile(c)
            let ct = lastType
            try check("_?_:_", [ct], allowed: ct == nil || ct == .bool, at: e.offset)
            let whenTrue = try compile(t)
            let tt = lastType
            let whenFalse = try compile(f)
            pendingType = tt != nil && tt == lastType ? tt : nil
            return .conditional(condition, whenTrue, whenFalse)

        case .list(let items, let optional):
            var ops: [CELOp] = []
            for item in items { ops.append(try compile(item)) }
            pendingType = .list
            return .list(ops, optional: optional)

        case .map(let entries):
            var ops: [(key: CELOp, value: CELOp, optional: Bool)] = []
            for entry in entries { ops.append((try compile(entry.key), try compile(entry.value), entry.optional)) }
            pendingType = .map
            return .map(ops)

        case .message(let name, let fields):
            let full = candidates(name.hasPrefix(".") ? String(name.dropFirst()) : name, rootScoped: name.hasPrefix("."))
            guard full.contains("google.protobuf.Value") else {
                if declarations.checked { throw error("unknown message type '\(name)': only maps and lists can be built", at: e.offset) }
                return .fail(CELError(.undeclared, "unknown message type '\(name)'"))
            }
            var ops: [(String, CELOp)] = []
            for f in fields { ops.append((f.field, try compile(f.value))) }
            return .wellKnownValue(ops)

        case .comprehension(let c):
            let range = try compile(c.range)
            if let t = lastType {
                let ranges: Set<CELType> = c.macro == .optMap || c.macro == .optFlatMap ? [.optional] : [.list, .map]
                try check(c.macro.rawValue, [t], allowed: ranges.contains(t), at: e.offset)
            }
            let slot = pushLocal(c.variable)
            let slot2 = c.variable2.map { pushLocal($0) }
            defer {
                scopes.removeLast(c.variable2 == nil ? 1 : 2)
            }
            let filter = try c.filter.map { f throws(CELCompileError) in try compile(f) }
            let body = try compile(c.body)
            switch c.macro {
            case .all, .exists, .existsOne: pendingType = .bool
            case .map, .filter, .transformList: pendingType = .list
            case .transformMap: pendingType = .map
            case .optMap, .optFlatMap: pendingType = .optional
            }
            return .comprehension(c.macro, range: range, slot: slot, slot2: slot2, filter: filter, body: body)
        }
    }

    /// `base.field`; folded when `base` is a constant map, where a missing key is a compile error.
    private func select(_ base: CELOp, _ field: String, at offset: Int) throws(CELCompileError) -> CELOp {
        guard case .constant(.map(let m)) = base else { return .select(base, field, testOnly: false, optional: false) }
        if let v = m[field] { return .constant(v) }
        let message = "no such key '\(field)'"
        if declarations.checked { throw error(message, at: offset) }
        return .fail(CELError(.noSuchKey, message))
    }

    private mutating func pushLocal(_ name: String) -> Int {
        let slot = scopes.count
        scopes.append((name, slot))
        maxLocals = max(maxLocals, scopes.count)
        return slot
    }

    /// A name alone: a comprehension variable, a declared variable, or a type.
    private func resolveName(_ parts: [String], rootScoped: Bool, at offset: Int) throws(CELCompileError) -> CELOp {
        if let resolved = try resolveQualified(parts, rootScoped: rootScoped, at: offset) { return resolved }
        let name = parts.joined(separator: ".")
        if declarations.checked {
            throw error("undeclared reference to '\(name)'\(declarations.variables.isEmpty ? "" : "; the variables are \(declarations.variables.joined(separator: ", "))")", at: offset)
        }
        return .fail(CELError(.undeclared, "undeclared reference to '\(name)'"))
    }

    /// Resolves the longest prefix of a dotted name that is a variable, selecting the rest as
    /// fields; nil when no prefix names anything.
    private func resolveQualified(_ parts: [String], rootScoped: Bool, at offset: Int) throws(CELCompileError) -> CELOp? {
        if !rootScoped, let slot = localSlot(parts[0]) {
            return parts.dropFirst().reduce(CELOp.local(slot)) { .select($0, $1, testOnly: false, optional: false) }
        }
        for length in stride(from: parts.count, through: 1, by: -1) {
            let name = parts[0..<length].joined(separator: ".")
            if let slot = variableSlot(name, rootScoped: rootScoped) {
                var op: CELOp = declarations.constants[declarations.variables[slot]].map { .constant($0) } ?? .global(slot)
                for field in parts[length...] { op = try select(op, field, at: offset) }
                return op
            }
        }
        if parts.count == 1, let type = CELType.denotable[parts[0]] { return .constant(.type(type)) }
        if parts.count == 1, parts[0] == "date" { return .constant(.type(.date)) }
        let name = parts.joined(separator: ".")
        if parts.count > 1, let type = CELType.denotable[name] { return .constant(.type(type)) }
        if candidates(name, rootScoped: rootScoped).contains("google.protobuf.NullValue.NULL_VALUE") { return .constant(.int(0)) }
        return nil
    }

    private mutating func compileCall(target: CELExpr?, name: String, args: [CELExpr], at offset: Int) throws(CELCompileError) -> CELOp {
        var ops: [CELOp] = []
        var types: [CELType?] = []
        for a in args {
            ops.append(try compile(a))
            types.append(lastType)
        }
        let bareName = name.hasPrefix(".") ? String(name.dropFirst()) : name
        defer { pendingType = CELFunctionTypes.result[bareName] }

        // A namespaced global function (`math.greatest(...)`) when the target is a plain dotted
        // name that is not itself a variable.
        if let target, let (parts, root) = dottedName(target) {
            let qualified = parts.joined(separator: ".") + "." + bareName
            let isVariable = (!root && localSlot(parts[0]) != nil) || (0..<parts.count).contains { variableSlot(parts[0...$0].joined(separator: "."), rootScoped: root) != nil }
            if !isVariable, let f = library.function(qualified, .global) {
                return try checkedCall(f, ops, name: qualified, at: offset)
            }
        }

        if let target {
            let receiver = try compile(target)
            if let t = lastType, let accepted = CELFunctionTypes.receivers[bareName] {
                try check(bareName, [t] + types, allowed: accepted.contains(t), at: offset)
            }
            // `x.?f.orValue(d)` and `x.?f.hasValue()`: the idioms for optional fields, evaluated
            // without building an optional value.
            if case .select(let operand, let field, false, true) = receiver {
                if bareName == "orValue", ops.count == 1 { return .selectOr(operand, field, ops[0]) }
                if bareName == "hasValue", ops.isEmpty { return .selectHas(operand, field) }
            }
            guard let f = library.function(bareName, .receiver) else {
                return try unknown(name: bareName, receiver: true, at: offset)
            }
            return try checkedCall(f, [receiver] + ops, name: bareName, at: offset, receiver: true)
        }
        if bareName == "matches", ops.count == 2, case .constant(.string(let pattern)) = ops[1] {
            return try matches(ops[0], pattern, at: offset)
        }
        guard let f = library.function(bareName, .global) else {
            return try unknown(name: bareName, receiver: false, at: offset)
        }
        return try checkedCall(f, ops, name: bareName, at: offset)
    }

    private func checkedCall(_ f: CELFunction, _ ops: [CELOp], name: String, at offset: Int, receiver: Bool = false) throws(CELCompileError) -> CELOp {
        let count = ops.count - (receiver ? 1 : 0)
        guard f.arity.contains(count) else {
            let expected = f.arity.count == 1 ? "\(f.arity.lowerBound)" : "\(f.arity.lowerBound) to \(f.arity.upperBound)"
            let message = "\(name)() takes \(expected) argument\(f.arity == 1...1 ? "" : "s"), not \(count)"
            if declarations.checked { throw error(message, at: offset) }
            return .fail(CELError(.noSuchOverload, message))
        }
        if f.name == "matches", receiver, case .constant(.string(let pattern)) = ops[1] {
            return try matches(ops[0], pattern, at: offset)
        }
        return .call(f, ops)
    }

    /// `matches` with a constant pattern: compiled once, here. A pattern that does not compile
    /// is an error of the rule (checked mode) or of each evaluation.
    private func matches(_ text: CELOp, _ pattern: String, at offset: Int) throws(CELCompileError) -> CELOp {
        do {
            return .matches(text, try CELRegex(pattern))
        } catch {
            let message = "invalid regular expression: \(error)"
            if declarations.checked { throw self.error(message, at: offset) }
            return .fail(CELError(.invalidArgument, message))
        }
    }

    private func unknown(name: String, receiver: Bool, at offset: Int) throws(CELCompileError) -> CELOp {
        let other = library.function(name, receiver ? .global : .receiver) != nil
        let message: String
        if other {
            message = receiver ? "\(name)() is not called on a value; write \(name)(x)" : "\(name)() is called on a value; write x.\(name)()"
        } else {
            message = "unknown function '\(name)'"
        }
        if declarations.checked { throw error(message, at: offset) }
        return .fail(CELError(.undeclared, message))
    }
}
