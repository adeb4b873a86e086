/// A recursive-descent parser for the full CEL grammar, with the language definition's
/// precedence, and the standard macros expanded as they are recognised.
///
/// Nesting is bounded (`maxDepth`), counting the links of a chain (`a + b + c`, `a.b.c`) as
/// levels too, and so is the length of an expression (`maxLength`): a hostile expression gives a
/// parse error rather than a tree deep enough to exhaust the stack of whatever walks it.
public struct CELParser {
    private let source: [Unicode.Scalar]
    private var tokens: [CELLexer.Lexeme] = []
    private var pos = 0
    private var depth = 0
    static let maxDepth = 200
    static let maxLength = 100_000

    /// Parses an expression; the error names the column and what was expected.
    public static func parse(_ text: String) throws(CELCompileError) -> CELExpr {
        var lexer = CELLexer(text)
        guard lexer.source.count <= maxLength else {
            throw CELCompileError("the expression is \(lexer.source.count) characters long, over the limit of \(maxLength)", at: 0, in: [])
        }
        var parser = CELParser(source: lexer.source)
        parser.tokens = try lexer.tokenize()
        let expr = try parser.parseExpr()
        guard case .eof = parser.current.token else {
            throw parser.error("unexpected \(parser.describe(parser.current.token)); expected an operator or the end of the expression")
        }
        return expr
    }

    private init(source: [Unicode.Scalar]) { self.source = source }

    private var current: CELLexer.Lexeme { tokens[pos] }

    private func error(_ message: String, at offset: Int? = nil) -> CELCompileError {
        CELCompileError(message, at: offset ?? current.offset, in: source)
    }

    private func describe(_ t: CELLexer.Token) -> String {
        switch t {
        case .eof: return "end of expression"
        case .punct(let p): return "'\(p.rawValue)'"
        case .ident(let n), .quotedIdent(let n): return "'\(n)'"
        case .string: return "a string"
        case .bytes: return "bytes"
        default: return "a number"
        }
    }

    private func isPunct(_ p: Punctuation) -> Bool {
        if case .punct(p) = current.token { return true }
        return false
    }

    private mutating func accept(_ p: Punctuation) -> Bool {
        guard isPunct(p) else { return false }
        pos += 1
        return true
    }

    private mutating func expect(_ p: Punctuation, _ what: String) throws(CELCompileError) {
        guard accept(p) else { throw error("expected \(what), found \(describe(current.token))") }
    }

    /// One more link of a chain that the loop below builds as a left-deep tree.
    private mutating func link(_ links: inout Int) throws(CELCompileError) {
        links += 1
        if depth + links > Self.maxDepth { throw error("the expression is nested too deeply (more than \(Self.maxDepth) levels)") }
    }

    private mutating func enter() throws(CELCompileError) {
        depth += 1
        if depth > Self.maxDepth { throw error("the expression is nested too deeply (more than \(Self.maxDepth) levels)") }
    }

    // MARK: - Precedence levels

    mutating func parseExpr() throws(CELCompileError) -> CELExpr {
        try enter()
        defer { depth -= 1 }
        let start = current.offset
        let condition = try parseOr()
        guard accept(.question) else { return condition }
        let then = try parseOr()
        try expect(.colon, "':' in a conditional")
        let otherwise = try parseExpr()
        return CELExpr(.conditional(condition, then, otherwise), at: start)
    }

    private mutating func parseOr() throws(CELCompileError) -> CELExpr {
        var left = try parseAnd()
        var links = 0
        while isPunct(.or) {
            try link(&links)
            let at = current.offset
            pos += 1
            left = CELExpr(.or(left, try parseAnd()), at: at)
        }
        return left
    }

    private mutating func parseAnd() throws(CELCompileError) -> CELExpr {
        var left = try parseRelation()
        var links = 0
        while isPunct(.and) {
            try link(&links)
            let at = current.offset
            pos += 1
            left = CELExpr(.and(left, try parseRelation()), at: at)
        }
        return left
    }

    private mutating func parseRelation() throws(CELCompileError) -> CELExpr {
        var left = try parseAddition()
        var links = 0
        while true {
            let op: BinaryOperator
            switch current.token {
            case .punct(.less): op = .less
            case .punct(.lessOrEqual): op = .lessOrEqual
            case .punct(.greater): op = .greater
            case .punct(.greaterOrEqual): op = .greaterOrEqual
            case .punct(.equal): op = .equal
            case .punct(.notEqual): op = .notEqual
            case .ident("in"): op = .in
            default: return left
            }
            try link(&links)
            let at = current.offset
            pos += 1
            left = CELExpr(.binary(op, left, try parseAddition()), at: at)
        }
    }

    private mutating func parseAddition() throws(CELCompileError) -> CELExpr {
        var left = try parseMultiplication()
        var links = 0
        while true {
            let op: BinaryOperator
            switch current.token {
            case .punct(.plus): op = .add
            case .punct(.minus): op = .subtract
            default: return left
            }
            try link(&links)
            let at = current.offset
            pos += 1
            left = CELExpr(.binary(op, left, try parseMultiplication()), at: at)
        }
    }

    private mutating func parseMultiplication() throws(CELCompileError) -> CELExpr {
        var left = try parseUnary()
        var links = 0
        while true {
            let op: BinaryOperator
            switch current.token {
            case .punct(.star): op = .multiply
            case .punct(.slash): op = .divide
            case .punct(.percent): op = .remainder
            default: return left
            }
            try link(&links)
            let at = current.offset
            pos += 1
            left = CELExpr(.binary(op, left, try parseUnary()), at: at)
        }
    }

    private mutating func parseUnary() throws(CELCompileError) -> CELExpr {
        try enter()
        defer { depth -= 1 }
        let at = current.offset
        if accept(.bang) {
            return CELExpr(.unary(.not, try parseUnary()), at: at)
        }
        if accept(.minus) {
            // A negative literal is one literal, so that -9223372036854775808 is in range.
            switch current.token {
            case .int(let magnitude) where !nextIsMemberSuffix():
                pos += 1
                if magnitude == UInt64(Int64.max) + 1 { return CELExpr(.literal(.int(Int64.min)), at: at) }
                guard magnitude <= UInt64(Int64.max) else { throw error("integer literal is out of range", at: at) }
                return CELExpr(.literal(.int(-Int64(magnitude))), at: at)
            case .double(let d) where !nextIsMemberSuffix():
                pos += 1
                return CELExpr(.literal(.double(-d)), at: at)
            default:
                return CELExpr(.unary(.negate, try parseUnary()), at: at)
            }
        }
        return try parseMember()
    }

    /// Whether the token after the current one continues a member expression (`-1.foo()`).
    private func nextIsMemberSuffix() -> Bool {
        guard pos + 1 < tokens.count else { return false }
        if case .punct(let p) = tokens[pos + 1].token { return p == .dot || p == .openBracket || p == .optionalDot || p == .optionalBracket }
        return false
    }

    // MARK: - Members and primaries

    private mutating func parseMember() throws(CELCompileError) -> CELExpr {
        var expr = try parsePrimary()
        var links = 0
        while true {
            try link(&links)
            let at = current.offset
            if accept(.dot) || isPunct(.optionalDot) {
                let optional = accept(.optionalDot)
                let name = try parseSelector()
                if !optional && accept(.openParen) {
                    let args = try parseArguments(closing: .closeParen)
                    expr = try macroOrCall(target: expr, name: name, args: args, at: at)
                } else {
                    expr = CELExpr(.select(expr, field: name, testOnly: false, optional: optional), at: at)
                }
            } else if accept(.openBracket) || isPunct(.optionalBracket) {
                let optional = accept(.optionalBracket)
                let index = try parseExpr()
                try expect(.closeBracket, "']' after an index")
                expr = CELExpr(.index(expr, index, optional: optional), at: at)
            } else if isPunct(.openBrace), let name = qualifiedName(expr) {
                pos += 1
                expr = CELExpr(.message(name: name, fields: try parseFieldInits()), at: expr.offset)
            } else {
                return expr
            }
        }
    }

    private mutating func parseSelector() throws(CELCompileError) -> String {
        switch current.token {
        case .ident(let name):
            guard !["true", "false", "null", "in"].contains(name) else { throw error("'\(name)' is a keyword, not a field name") }
            pos += 1
            return name
        case .quotedIdent(let name):
            pos += 1
            return name
        default:
            throw error("expected a field name after '.', found \(describe(current.token))")
        }
    }

    /// `a.b.C` as a dotted name, when an expression is only identifiers and selections.
    private func qualifiedName(_ e: CELExpr) -> String? {
        switch e.kind {
        case .ident(let n, let root): return (root ? "." : "") + n
        case .select(let operand, let field, false, false): return qualifiedName(operand).map { "\($0).\(field)" }
        default: return nil
        }
    }

    private mutating func parseArguments(closing: Punctuation) throws(CELCompileError) -> [CELExpr] {
        var args: [CELExpr] = []
        if accept(closing) { return args }
        repeat {
            if isPunct(closing) { break }
            args.append(try parseExpr())
        } while accept(.comma)
        try expect(closing, "',' or '\(closing.rawValue)'")
        return args
    }

    private mutating func parseFieldInits() throws(CELCompileError) -> [CELExpr.FieldInit] {
        var fields: [CELExpr.FieldInit] = []
        if accept(.closeBrace) { return fields }
        repeat {
            if isPunct(.closeBrace) { break }
            let optional = accept(.question)
            let name = try parseSelector()
            try expect(.colon, "':' after a field name")
            fields.append(CELExpr.FieldInit(field: name, value: try parseExpr(), optional: optional))
        } while accept(.comma)
        try expect(.closeBrace, "',' or '}'")
        return fields
    }

    private mutating func parsePrimary() throws(CELCompileError) -> CELExpr {
        let at = current.offset
        switch current.token {
        case .int(let v):
            pos += 1
            guard v <= UInt64(Int64.max) else { throw error("integer literal is out of range", at: at) }
            return CELExpr(.literal(.int(Int64(v))), at: at)
        case .uint(let v):
            pos += 1
            return CELExpr(.literal(.uint(v)), at: at)
        case .double(let d):
            pos += 1
            return CELExpr(.literal(.double(d)), at: at)
        case .string(let s):
            pos += 1
            return CELExpr(.literal(.string(s)), at: at)
        case .bytes(let b):
            pos += 1
            return CELExpr(.literal(.bytes(b)), at: at)
        case .punct(.openParen):
            pos += 1
            let e = try parseExpr()
            try expect(.closeParen, "')'")
            return e
        case .punct(.openBracket), .punct(.optionalBracket):
            // `[?x, ...]`: the lexer reads `[?` as one token; here it opens a list whose first
            // element is optional.
            let firstOptional = isPunct(.optionalBracket)
            pos += 1
            var items: [CELExpr] = []
            var optional: [Bool] = []
            if firstOptional || !accept(.closeBracket) {
                repeat {
                    if isPunct(.closeBracket) { break }
                    optional.append(items.isEmpty && firstOptional ? true : accept(.question))
                    items.append(try parseExpr())
                } while accept(.comma)
                try expect(.closeBracket, "',' or ']' in a list")
            }
            return CELExpr(.list(items, optional: optional), at: at)
        case .punct(.openBrace):
            pos += 1
            var entries: [CELExpr.MapEntry] = []
            if !accept(.closeBrace) {
                repeat {
                    if isPunct(.closeBrace) { break }
                    let optional = accept(.question)
                    let key = try parseExpr()
                    try expect(.colon, "':' after a map key")
                    entries.append(CELExpr.MapEntry(key: key, value: try parseExpr(), optional: optional))
                } while accept(.comma)
                try expect(.closeBrace, "',' or '}' in a map")
            }
            return CELExpr(.map(entries), at: at)
        case .punct(.dot):
            pos += 1
            guard case .ident(let name) = current.token else { throw error("expected a name after a leading '.'") }
            return try parseIdentifier(name, rootScoped: true, at: at)
        case .ident(let name):
            return try parseIdentifier(name, rootScoped: false, at: at)
        case .eof:
            throw error("unexpected end of expression; expected a value")
        default:
            throw error("unexpected \(describe(current.token)); expected a value")
        }
    }

    private mutating func parseIdentifier(_ name: String, rootScoped: Bool, at: Int) throws(CELCompileError) -> CELExpr {
        pos += 1
        switch name {
        case "true" where !rootScoped: return CELExpr(.literal(.bool(true)), at: at)
        case "false" where !rootScoped: return CELExpr(.literal(.bool(false)), at: at)
        case "null" where !rootScoped: return CELExpr(.literal(.null), at: at)
        case "in": throw error("'in' is a keyword, not a name", at: at)
        default: break
        }
        if CELLexer.reserved.contains(name) { throw error("'\(name)' is a reserved word and cannot be a name", at: at) }
        if accept(.openParen) {
            let args = try parseArguments(closing: .closeParen)
            if name == "has" && !rootScoped {
                guard args.count == 1, case .select(let operand, let field, false, false) = args[0].kind else {
                    throw error("has() takes one field selection, such as has(doc.fee)", at: at)
                }
                return CELExpr(.select(operand, field: field, testOnly: true, optional: false), at: at)
            }
            return CELExpr(.call(target: nil, function: (rootScoped ? "." : "") + name, args: args), at: at)
        }
        return CELExpr(.ident(name, rootScoped: rootScoped), at: at)
    }

    /// Receiver calls that are macros become comprehensions; others stay calls.
    private func macroOrCall(target: CELExpr, name: String, args: [CELExpr], at: Int) throws(CELCompileError) -> CELExpr {
        typealias M = CELExpr.Comprehension.Macro
        let forms: [String: [Int: (M, Int)]] = [
            // name: [argument count: (macro, number of variables)]
            "all": [2: (.all, 1), 3: (.all, 2)],
            "exists": [2: (.exists, 1), 3: (.exists, 2)],
            "exists_one": [2: (.existsOne, 1), 3: (.existsOne, 2)],
            "existsOne": [2: (.existsOne, 1), 3: (.existsOne, 2)],
            "map": [2: (.map, 1), 3: (.map, 1)],
            "filter": [2: (.filter, 1)],
            "transformList": [3: (.transformList, 2), 4: (.transformList, 2)],
            "transformMap": [3: (.transformMap, 2), 4: (.transformMap, 2)],
            "optMap": [2: (.optMap, 1)],
            "optFlatMap": [2: (.optFlatMap, 1)],
        ]
        guard let (macro, variables) = forms[name]?[args.count] else {
            return CELExpr(.call(target: target, function: name, args: args), at: at)
        }
        func variable(_ e: CELExpr) throws(CELCompileError) -> String {
            guard case .ident(let v, false) = e.kind else {
                throw error("the first argument\(variables == 2 ? "s" : "") of \(name)() must be \(variables == 2 ? "variable names" : "a variable name")", at: e.offset)
            }
            return v
        }
        let v1 = try variable(args[0])
        let v2 = variables == 2 ? try variable(args[1]) : nil
        let rest = Array(args.dropFirst(variables))
        let filter = rest.count == 2 ? rest[0] : nil
        let body = rest.count == 2 ? rest[1] : rest[0]
        return CELExpr(.comprehension(CELExpr.Comprehension(
            macro: macro, range: target, variable: v1, variable2: v2, filter: filter, body: body)), at: at)
    }
}
