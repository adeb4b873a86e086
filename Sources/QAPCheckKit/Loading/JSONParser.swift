/// A strict RFC 8259 parser that records where every value was written.
///
/// Foundation's JSONSerialization keeps no positions, and a finding without a line is of little
/// use to the person who must fix the file, hence this parser. It is iterative (an explicit
/// stack, not recursion), so 200,000 nested brackets end in a depth error, never a stack overflow.
/// Duplicate member names are an error: one reader taking the first and another the last is how
/// bad data slips through. Numbers are typed by the kind schema while parsing, so the tree equals
/// the one the XML loader builds for the same dossier.
struct JSONParser {
    private let bytes: [UInt8]
    private let limits: LoadLimits
    private let schemas: SchemaSet?
    private var pos = 0
    private var cursor = LocationCursor()

    init(bytes: [UInt8], limits: LoadLimits, schemas: SchemaSet?) {
        self.bytes = bytes
        self.limits = limits
        self.schemas = schemas
    }

    private struct Container {
        var isObject: Bool
        let location: SourceSpot
        /// Where its children start on the builder's waiting stack.
        let mark: Int
        /// Set once for the root object, when its `kind` tells which schema applies.
        var schema: SchemaNode?
        /// The member names taken so far.
        var names = DocumentTreeBuilder.MemberNames()
        /// The pending member's name, when it is not a property of `schema` told by its bytes
        /// (`pendingKnown`; then the name is the schema's own, taken only if the tree needs it).
        var pendingKey = ""
        var pendingKnown = false
        /// The pending member's place in `schema` (see `DocumentTree.Child.field`).
        var pendingField = DocumentTree.unknownField
        var pendingKeyLocation = SourceSpot(offset: 0)
        /// How many root members were read before `kind` told which schema applies (the first
        /// ones): typed once it is known.
        var untypedRootMembers = 0
    }

    mutating func parse() throws(DocumentError) -> Node {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        skipWhitespace()
        guard pos < bytes.count else { throw DocumentError(.empty, "the file is empty") }
        // Dossiers hold a node every 20 to 25 bytes of JSON: a guess short of the count made the
        // tree's arrays grow once, copying every node so far (about 13 k instructions a dossier).
        var tree = DocumentTreeBuilder(expectedNodes: bytes.count / 16)
        // The innermost open container is `top`, changed where it is; the ones around it wait in
        // `around`. Kept on an array, the innermost was written through the array for each
        // member, a uniqueness check of the array each time (some 700 a dossier).
        var around: [Container] = []
        var top = Container(isObject: false, location: SourceSpot(offset: 0), mark: 0)
        var depth = 0
        var rootSchema: SchemaNode?
        // The schema of the next value, uncounted: every schema belongs to `schemas`, held for the
        // parse, and counting it was a retain and a release for each value read.
        var schema: Unmanaged<SchemaNode>? = nil

        valueLoop: while true {
            skipWhitespace()
            let start = pos
            let location = SourceSpot(offset: pos)
            var node: Int32
            switch peek() ?? 0 {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = peek() == UInt8(ascii: "{")
                if depth + 1 > limits.maxDepth {
                    throw DocumentError(.tooDeep, "nesting is deeper than the limit of \(limits.maxDepth)", at: here())
                }
                pos += 1
                skipWhitespace()
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if peek() == close {
                    pos += 1
                    node = tree.leaf(isObject ? .emptyObject : .emptyArray, at: location, schema: schema?.takeUnretainedValue())
                    break
                }
                var container = Container(isObject: isObject, location: location, mark: tree.mark, schema: schema?.takeUnretainedValue())
                if isObject {
                    schema = try readKey(into: &container, afterComma: false)
                } else {
                    schema = container.schema?.items.map(Unmanaged.passUnretained)
                }
                // Swapped in, the one it is in moved out: no copy of either.
                swap(&top, &container)
                if depth > 0 { around.append(consume container) }
                depth += 1
                continue valueLoop
            case UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                if let schema {
                    var read: Result<Int32, DocumentError>?
                    schema._withUnsafeGuaranteedRef { schema in
                        read = Result { () throws(DocumentError) in try scalar(at: location, typedBy: schema, into: &tree) }
                    }
                    node = try read!.get()
                } else {
                    node = try scalar(at: location, typedBy: nil, into: &tree)
                }
            default:
                throw unexpectedValue(at: start)
            }

            // Attach the finished value to its container, closing containers as they end. The
            // container is changed where it is (`top`): popping and pushing it back copied it for
            // every value.
            while true {
                guard depth > 0 else {
                    skipWhitespace()
                    if pos < bytes.count {
                        throw DocumentError(.notWellFormed, "unexpected data after the end of the document", at: here())
                    }
                    return tree.finish(root: node, schema: rootSchema, locate: Self.locator(bytes)).rootNode
                }
                let isObject = top.isObject
                if isObject {
                    if depth == 1, rootSchema == nil {
                        if !top.pendingKnown, top.pendingKey == "kind", let kind = tree.string(of: node), let schema = schemas?[kind] {
                            rootSchema = schema
                            top.schema = schema
                            // Read before its schema was known: checked against it now.
                            if let kindSchema = schema.property("kind") { tree.vouch(node, schema: kindSchema) }
                        } else {
                            top.untypedRootMembers += 1
                        }
                    }
                    let added = top.pendingKnown
                        ? tree.addMember(property: top.pendingField, of: Unmanaged.passUnretained(top.schema!), node, at: top.pendingKeyLocation, from: top.mark, names: &top.names)
                        : tree.addMember(key: top.pendingKey, node, field: top.pendingField, owner: top.schema.map(Unmanaged.passUnretained), at: top.pendingKeyLocation, from: top.mark, names: &top.names)
                    if !added {
                        let name = top.pendingKnown ? top.schema!.propertyName(at: Int(top.pendingField)) : top.pendingKey
                        throw DocumentError(.duplicateKey, "duplicate member name \(JSONText.quoted(name)) in an object", at: self.location(of: top.pendingKeyLocation))
                    }
                } else {
                    tree.addItem(node)
                }
                skipWhitespace()
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if peek() == UInt8(ascii: ",") {
                    pos += 1
                    if isObject {
                        schema = try readKey(into: &top, afterComma: true)
                    } else {
                        skipWhitespace()
                        if peek() == close { throw DocumentError(.notWellFormed, "trailing comma before ']'", at: here()) }
                        schema = top.schema?.items.map(Unmanaged.passUnretained)
                    }
                    continue valueLoop
                }
                if peek() == close {
                    pos += 1
                    if isObject {
                        if depth == 1, let rootSchema {
                            if top.untypedRootMembers > 0 { tree.unvouched() }
                            for i in 0..<top.untypedRootMembers {
                                let member = tree.pendingMember(i, from: top.mark)
                                if let field = rootSchema.property(member.key) { tree.retype(member.id, schema: field) }
                            }
                        }
                        node = tree.closeObject(from: top.mark, at: top.location, schema: top.schema)
                    } else {
                        node = tree.closeArray(from: top.mark, at: top.location, schema: top.schema)
                    }
                    depth -= 1
                    if depth > 0 { top = around.removeLast() }
                    continue
                }
                if pos >= bytes.count {
                    let opened = self.location(of: top.location)
                    throw DocumentError(.notWellFormed, "unexpected end of file: the \(isObject ? "object" : "array") opened at \(opened) is not closed", at: here())
                }
                throw DocumentError(.notWellFormed, isObject ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array item", at: here())
            }
        }
    }

    /// A string, number, boolean or null starting at the read position: its node, typed and
    /// checked by `schema` (borrowed from the parse, see `parse`).
    @inline(__always)
    private mutating func scalar(at location: SourceSpot, typedBy schema: SchemaNode?, into tree: inout DocumentTreeBuilder) throws(DocumentError) -> Int32 {
        switch peek() ?? 0 {
        case UInt8(ascii: "\""):
            var enumerated = false
            let text = try readString(enumeratedBy: schema, found: &enumerated)
            if let schema, enumerated || schema.textTyping == .free {
                // One of its enumeration as written, or a string of a field that asks nothing
                // more of it: allowed if strings are (see `DocumentTreeBuilder.leaf`).
                return tree.leaf(.string(text), at: location, schema: schema, allowed: schema.admitsKind(.string))
            }
            return tree.leaf(.string(text), at: location, schema: schema)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return tree.leaf(.bool(true), at: location, schema: schema)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return tree.leaf(.bool(false), at: location, schema: schema)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return tree.leaf(.null, at: location, schema: schema)
        default:
            let number = try readNumber()
            return tree.leaf(.number(schema?.typedNumber(number) ?? number), at: location, schema: schema)
        }
    }

    // MARK: - Tokens

    private func peek() -> UInt8? { pos < bytes.count ? bytes[pos] : nil }

    /// Where the parse is: for errors (values note only their offset; see `SourceSpot`).
    private mutating func here() -> SourceLocation { cursor.location(of: pos, in: bytes) }

    private mutating func location(of spot: SourceSpot) -> SourceLocation { cursor.location(of: Int(spot.offset), in: bytes) }

    /// Lines and columns for the tree, found when asked, in the file's own bytes.
    static func locator(_ bytes: [UInt8]) -> @Sendable (SourceSpot) -> SourceLocation {
        LineIndex.locator(bytes) { spot, _ in Int(spot.offset) }
    }

    /// Inlined for its first byte, which is most often no white space at all (a colon after a
    /// name, a comma after a value): only a run of white space pays for a call.
    @inline(__always)
    private mutating func skipWhitespace() {
        if pos < bytes.count, bytes[pos] > 0x20 { return }
        skipWhitespaceRun()
    }

    private mutating func skipWhitespaceRun() {
        while pos < bytes.count, Whitespace.contains(bytes[pos]) { pos += 1 }
    }

    /// Reads a member name and its colon; returns the schema of the member, if the container's
    /// schema lists it.
    private mutating func readKey(into container: inout Container, afterComma: Bool) throws(DocumentError) -> Unmanaged<SchemaNode>? {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else {
            if afterComma, peek() == UInt8(ascii: "}") { throw DocumentError(.notWellFormed, "trailing comma before '}'", at: here()) }
            if peek() == UInt8(ascii: "/") { throw DocumentError(.notWellFormed, "comments are not allowed in JSON", at: here()) }
            throw DocumentError(.notWellFormed, pos >= bytes.count ? "unexpected end of file: expected a member name" : "expected a member name in double quotes", at: here())
        }
        container.pendingKeyLocation = SourceSpot(offset: pos)
        let schema: Unmanaged<SchemaNode>?
        if let known = container.schema.flatMap({ knownKey(of: $0) }) {
            container.pendingKnown = true
            container.pendingField = Int32(known.index)
            schema = known.schema
        } else {
            container.pendingKnown = false
            var enumerated = false
            container.pendingKey = try readString(enumeratedBy: nil, found: &enumerated)
            let member = DocumentTreeBuilder.member(container.pendingKey, of: container.schema)
            container.pendingField = member.field
            schema = member.schema.map(Unmanaged.passUnretained)
        }
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else {
            throw DocumentError(.notWellFormed, "expected ':' after the member name", at: here())
        }
        pos += 1
        return schema
    }

    /// A member name without escapes that `schema` lists, read past its closing quote: its place
    /// and schema, so the dozen names every dossier repeats are never decoded again (the name is
    /// the schema's own string). nil, with nothing read, for any other name.
    private mutating func knownKey(of schema: SchemaNode) -> (index: Int, schema: Unmanaged<SchemaNode>)? {
        let start = pos + 1
        // Told by its first byte, then checked whole, quote included: no scan of the name first.
        if let found = bytes.withUnsafeBufferPointer({ schema.property(quotedAt: $0.baseAddress! + start, available: $0.count - start) }) {
            pos = start + found.length + 1
            return (found.index, found.schema)
        }
        let end = plainRun(from: start)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""),
              let found = bytes.withUnsafeBufferPointer({ schema.property(named: UnsafeBufferPointer(rebasing: $0[start..<end])) }) else { return nil }
        pos = end + 1
        return (found.index, Unmanaged.passUnretained(found.schema))
    }

    /// Where the run of string bytes from `start` ends that needs no decoding: the first quote,
    /// backslash or control character (or the end of the file).
    private func plainRun(from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { JSONText.firstSpecial(in: $0, from: start) }
    }

    private mutating func unexpectedValue(at start: Int) -> DocumentError {
        let location = here()
        guard let b = peek() else { return DocumentError(.notWellFormed, "unexpected end of file: expected a value", at: location) }
        if b == UInt8(ascii: "/") { return DocumentError(.notWellFormed, "comments are not allowed in JSON", at: location) }
        if b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { return DocumentError(.notWellFormed, "expected a value before '\(Character(Unicode.Scalar(b)))' (a trailing comma?)", at: location) }
        if bytes[start...].starts(with: Array("NaN".utf8)) || bytes[start...].starts(with: Array("Infinity".utf8)) {
            return DocumentError(.notWellFormed, "NaN and Infinity are not JSON numbers", at: location)
        }
        if b == UInt8(ascii: "'") { return DocumentError(.notWellFormed, "strings take double quotes in JSON", at: location) }
        return DocumentError(.notWellFormed, "expected a value (object, array, string, number, true, false or null)", at: location)
    }

    private mutating func expectLiteral(_ word: StaticString) throws(DocumentError) {
        let n = word.utf8CodeUnitCount
        let ok = word.withUTF8Buffer { w in pos + n <= bytes.count && bytes[pos..<pos + n].elementsEqual(w) }
        guard ok else { throw DocumentError(.notWellFormed, "expected a value (object, array, string, number, true, false or null)", at: here()) }
        pos += n
    }

    private mutating func readNumber() throws(DocumentError) -> Node.Number {
        let start = pos
        let scanned = bytes.withUnsafeBufferPointer { NumberSyntax.scan($0, from: start) }
        switch scanned {
        case .failure(let e):
            pos = e.offset
            switch e.problem {
            case .leadingZero: throw DocumentError(.notWellFormed, "numbers must not have leading zeros", at: location(of: SourceSpot(offset: start)))
            case .digitAfterPoint: throw DocumentError(.notWellFormed, "expected a digit after the decimal point", at: here())
            case .digitInExponent: throw DocumentError(.notWellFormed, "expected a digit in the exponent", at: here())
            case .expectedDigit:
                if bytes[pos...].starts(with: Array("Infinity".utf8)) { throw DocumentError(.notWellFormed, "NaN and Infinity are not JSON numbers", at: location(of: SourceSpot(offset: start))) }
                throw DocumentError(.notWellFormed, "expected a digit", at: here())
            }
        case .success(let literal):
            pos = literal.end
            let number = bytes.withUnsafeBufferPointer {
                NumberSyntax.value(UnsafeBufferPointer(rebasing: $0[start..<literal.end]), integral: literal.integral, integer: false)
            }
            guard let number else { throw DocumentError(.notWellFormed, "the number is out of range", at: location(of: SourceSpot(offset: start))) }
            return number
        }
    }

    /// A string; one without escapes that is one of `schema`'s enumerated values is the
    /// schema's own string (see `SchemaNode.enumerated`), and sets `found`.
    private mutating func readString(enumeratedBy schema: SchemaNode?, found: inout Bool) throws(DocumentError) -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes.
        pos = plainRun(from: start)
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") {
            let end = pos
            let s = bytes.withUnsafeBufferPointer { all in
                let text = UnsafeBufferPointer(rebasing: all[start..<end])
                if let known = schema?.enumerated(text) {
                    found = true
                    return known
                }
                return String(decoding: text, as: UTF8.self)
            }
            pos += 1
            return s
        }
        var out = Array(bytes[start..<pos])
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw DocumentError(.notWellFormed, "control characters must be escaped in strings", at: here()) }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            let escapeLocation = here()
            pos += 1
            guard let e = peek() else { break }
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4(at: escapeLocation)
                if (0xD800...0xDBFF).contains(scalar) {
                    guard peek() == UInt8(ascii: "\\"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw DocumentError(.notWellFormed, "a high surrogate must be followed by a low surrogate escape", at: escapeLocation)
                    }
                    pos += 2
                    let low = try readHex4(at: escapeLocation)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw DocumentError(.notWellFormed, "a high surrogate must be followed by a low surrogate escape", at: escapeLocation)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw DocumentError(.notWellFormed, "a lone low surrogate is not a character", at: escapeLocation)
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
            default:
                throw DocumentError(.notWellFormed, "invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: escapeLocation)
            }
        }
        throw DocumentError(.notWellFormed, "unexpected end of file inside a string", at: here())
    }

    private mutating func readHex4(at location: SourceLocation) throws(DocumentError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw DocumentError(.notWellFormed, "'\\u' needs four hex digits", at: location) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw DocumentError(.notWellFormed, "'\\u' needs four hex digits", at: location)
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }
}
