/// Text with `{{ expression }}` holes, filled with the values found when a rule fails, so that a
/// message says "187.5 hours over 24 cases" rather than "not enough hours". The expressions are
/// compiled with the rule's own, once, when the rule set loads.
public struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(CELProgram)
    }

    let parts: [Part]
    public let source: String

    /// Splits the text and compiles each hole; `offsetError` maps an error inside a hole to the file.
    init(_ text: String, declarations: CELDeclarations, onError: (CELCompileError, Int) -> RuleSetError) throws {
        source = text
        var parts: [Part] = []
        var rest = Substring(text)
        var consumed = 0
        while let open = rest.rangeOfPair(UInt8(ascii: "{")) {
            let literal = String(rest[..<open.lowerBound])
            if !literal.isEmpty { parts.append(.text(literal)) }
            guard let close = rest[open.upperBound...].rangeOfPair(UInt8(ascii: "}")) else {
                throw onError(CELCompileError("'{{' has no matching '}}'", at: 0, in: []), consumed + literal.unicodeScalars.count)
            }
            let expression = String(rest[open.upperBound..<close.lowerBound])
            let expressionStart = consumed + literal.unicodeScalars.count + 2
            do {
                parts.append(.expression(try CELProgram.compile(expression, declarations: declarations)))
            } catch {
                throw onError(error, expressionStart)
            }
            consumed = expressionStart + expression.unicodeScalars.count + 2
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    /// The text with every hole filled; a hole whose value cannot be computed shows "(missing)".
    /// `filter` sees each hole's text (never the template's own words), to keep out what a report
    /// must not show.
    public func render(_ globals: [CELValue], filter: (String) -> String = { $0 }) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .expression(let p):
                let v = p.evaluate(globals)
                if case .error = v { out += "(missing)" } else { out += filter(CELFormat.plain(v)) }
            }
        }
        return out
    }
}

private extension Substring {
    /// Where `byte` first stands twice in a row (`{{`, `}}`), found on the bytes: Foundation's
    /// search bridged each message to an NSString, nine thousand instructions a template.
    func rangeOfPair(_ byte: UInt8) -> Range<Index>? {
        let bytes = utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let next = bytes.index(after: i)
            if bytes[i] == byte, next != bytes.endIndex, bytes[next] == byte { return i..<bytes.index(after: next) }
            i = next
        }
        return nil
    }
}
