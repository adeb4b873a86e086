#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One node of a kind schema: the small JSON Schema subset documented in Rules/schemas/README.md.
///
/// The schema does two jobs. The XML loader reads it to know which elements are lists and how to
/// type text ("7.5" is a number, "true" a boolean), and the `SCHEMA` rule checks every value of a
/// dossier against it. It is a class because schemas are recursive and shared by every document
/// of a run; it is immutable once loaded.
public final class SchemaNode: Sendable {
    public enum ValueType: String, Sendable, CaseIterable {
        case string, number, integer, boolean, object, array
    }

    public let type: ValueType?
    /// `date` is the only format: an ISO 8601 calendar date, `YYYY-MM-DD`.
    public let format: String?
    public let enumeration: [String]?
    public let properties: [String: SchemaNode]
    public let required: [String]
    public let items: SchemaNode?
    /// The element name of one item of a list in XML (`course` in `<training>`).
    public let xmlItem: String?
    public let description: String?
    /// The properties as a list, for lookup by a linear scan: a schema object has a dozen fields
    /// at most, and comparing short strings beats hashing them.
    private let propertyList: [(name: String, schema: SchemaNode)]

    /// The schema of the field `name`, if the schema lists it.
    @inline(__always)
    public func property(_ name: String) -> SchemaNode? {
        let count = name.utf8.count
        for entry in propertyList where entry.name.utf8.count == count && entry.name == name { return entry.schema }
        return nil
    }

    public init(
        type: ValueType?, format: String? = nil, enumeration: [String]? = nil,
        properties: [String: SchemaNode] = [:], required: [String] = [], items: SchemaNode? = nil,
        xmlItem: String? = nil, description: String? = nil
    ) {
        self.type = type
        self.format = format
        self.enumeration = enumeration
        self.properties = properties
        self.required = required
        self.items = items
        self.xmlItem = xmlItem
        self.description = description
        self.propertyList = properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Whether text for this field is free text, kept exactly as written (no trimming).
    var isFreeText: Bool {
        (type == nil || type == .string) && format == nil && enumeration == nil
    }

    /// The typed value for XML text, as this schema asks. Text that does not fit the type stays a
    /// string, so that the `SCHEMA` rule reports it at its place instead of the file failing.
    func typedValue(ofText text: String) -> Node.Value {
        if isFreeText { return .string(text) }
        let trimmed = text.trimmingXMLWhitespace()
        switch type {
        case .number:
            if let d = NumberSyntax.double(trimmed) { return .number(.double(d)) }
        case .integer:
            if let i = NumberSyntax.integer(trimmed) { return .number(.int(i)) }
        case .boolean:
            if trimmed == "true" { return .bool(true) }
            if trimmed == "false" { return .bool(false) }
        case .object where trimmed.isEmpty:
            return .object(NodeObject())
        case .array where trimmed.isEmpty:
            return .array([])
        default: break
        }
        return .string(trimmed)
    }

    /// The typed value for XML text given as bytes: typed fields are read straight from the
    /// bytes, so a number or a boolean never becomes a string on the way.
    func typedValue(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> Node.Value {
        if isFreeText { return .string(String(decoding: bytes, as: UTF8.self)) }
        var start = 0, end = bytes.count
        func isWS(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end, isWS(bytes[start]) { start += 1 }
        while end > start, isWS(bytes[end - 1]) { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
        switch type {
        case .number, .integer:
            if let n = NumberSyntax.number(trimmed, integer: type == .integer) { return .number(n) }
        case .boolean:
            if trimmed.elementsEqual("true".utf8) { return .bool(true) }
            if trimmed.elementsEqual("false".utf8) { return .bool(false) }
        case .object where trimmed.isEmpty:
            return .object(NodeObject())
        case .array where trimmed.isEmpty:
            return .array([])
        default: break
        }
        return .string(String(decoding: trimmed, as: UTF8.self))
    }

    /// The typed value for a JSON number: exact integers in `integer` fields, doubles in `number`
    /// fields, and for fields the schema does not know, whatever the literal was.
    func typedNumber(_ number: Node.Number) -> Node.Number {
        switch (type, number) {
        case (.number, .int(let i)): return .double(Double(i))
        case (.integer, .double(let d)):
            if let i = Int64(exactly: d) { return .int(i) }
            return number
        default: return number
        }
    }
}

/// The grammar of numbers in XML text: the JSON number grammar, so that both encodings accept
/// the same spellings ("7.5", "360.00", "-2", "1e3"; not "0x10", " 7", "NaN").
enum NumberSyntax {
    static func isJSONNumber(_ s: Substring.UTF8View) -> Bool {
        var it = s.makeIterator()
        var c = it.next()
        if c == UInt8(ascii: "-") { c = it.next() }
        guard let first = c, first >= 0x30, first <= 0x39 else { return false }
        c = it.next()
        if first == 0x30, let d = c, d >= 0x30, d <= 0x39 { return false }
        while let d = c, d >= 0x30, d <= 0x39 { c = it.next() }
        if c == UInt8(ascii: ".") {
            c = it.next()
            guard let d = c, d >= 0x30, d <= 0x39 else { return false }
            while let d = c, d >= 0x30, d <= 0x39 { c = it.next() }
        }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            c = it.next()
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
            guard let d = c, d >= 0x30, d <= 0x39 else { return false }
            while let d = c, d >= 0x30, d <= 0x39 { c = it.next() }
        }
        return c == nil
    }

    /// A number from bytes in the JSON grammar: an exact `int` for an integer field when the text
    /// is integral, else a double.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, integer: Bool) -> Node.Number? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        var isIntegral = true
        var i = 0
        if bytes[0] == UInt8(ascii: "-") { i = 1 }
        guard i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
        if bytes[i] == 0x30, i + 1 < bytes.count, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 { return nil }
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isIntegral = false
            i += 1
            guard i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isIntegral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        }
        guard i == bytes.count else { return nil }
        // A NUL-terminated copy on the stack for strtod/strtoll.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer -> Node.Number? in
            for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
            buffer[bytes.count] = 0
            if isIntegral {
                errno = 0
                let v = strtoll(buffer.baseAddress!, nil, 10)
                if errno == 0 { return integer ? .int(v) : .double(Double(v)) }
            }
            let d = strtod(buffer.baseAddress!, nil)
            guard d.isFinite else { return nil }
            if integer { return Int64(exactly: d).map { .int($0) } }
            return .double(d)
        }
    }

    static func double(_ s: String) -> Double? {
        guard isJSONNumber(Substring(s).utf8), let d = Double(s), d.isFinite else { return nil }
        return d
    }

    static func integer(_ s: String) -> Int64? {
        guard isJSONNumber(Substring(s).utf8) else { return nil }
        if let i = Int64(s) { return i }
        if let d = Double(s) { return Int64(exactly: d) }
        return nil
    }
}

extension String {
    /// The text without leading and trailing XML white space (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let u = utf8
        func isWS(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = u.firstIndex(where: { !isWS($0) }) else { return "" }
        let last = u.lastIndex(where: { !isWS($0) })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
