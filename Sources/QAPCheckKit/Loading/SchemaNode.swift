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
    /// Whether a report may show this field's value as written (`"safe": true`: identifiers).
    /// An enumerated value that is one of its enumeration, and a date that is a date, are safe
    /// too; every other string may be personal data, and reports describe it instead.
    public let safe: Bool
    /// Whether a string of this field is safe to show in a document the loader vouched for (see
    /// `DocumentTree.conformsToTypingSchema`): marked safe, or enumerated, or a date, which in
    /// such a document are in their enumeration and are dates.
    let safeInConformingDocument: Bool
    /// `format: date`, told once: every date leaf of every dossier is checked against it.
    let isDate: Bool
    /// How text for this field is typed, decided once when the schema loads (see `typedLeaf`).
    let textTyping: TextTyping
    /// The properties as a list, for lookup by a linear scan: a schema object has a dozen fields
    /// at most, and comparing short strings beats hashing them.
    private let propertyList: [(name: String, schema: SchemaNode)]
    /// Each property's name as UTF-8, in `propertyList`'s order: a loader matches a name it reads
    /// against these bytes and takes the schema's own string, rather than decoding a new one.
    private let propertyBytes: [[UInt8]]
    /// For each byte a member name can start with, the one property whose name starts with it
    /// (its place plus one), 0 when none does, `Self.severalStartAlike` when more than one does
    /// or the name would need escaping in JSON. Empty for a schema without properties.
    private let propertyByFirstByte: [UInt16]
    private static let severalStartAlike = UInt16.max
    /// Each enumerated value as UTF-8, in `enumeration`'s order: text that is one of them is
    /// typed as the schema's own string (most such text is), rather than decoded anew.
    private let enumerationBytes: [[UInt8]]

    /// The schema of the field `name`, if the schema lists it.
    @inline(__always)
    public func property(_ name: String) -> SchemaNode? {
        propertyIndex(name).map { propertyList[$0].schema }
    }

    /// The place of the field `name` among the schema's properties, if the schema lists it: the
    /// loaders note it beside each member, so that the schema check and the search for personal
    /// values find a member's schema without comparing its name again.
    @inline(__always)
    func propertyIndex(_ name: String) -> Int? {
        let count = name.utf8.count
        for i in propertyList.indices where propertyList[i].name.utf8.count == count && propertyList[i].name == name { return i }
        return nil
    }

    /// The property at `index` (from `propertyIndex`).
    @inline(__always)
    func property(at index: Int) -> SchemaNode { propertyList[index].schema }

    /// The name of the property at `index`.
    @inline(__always)
    func propertyName(at index: Int) -> String { propertyList[index].name }

    /// The property whose name is `bytes` (UTF-8, as written in the file), if the schema lists
    /// one: its place and its schema (its name is `propertyName(at:)`).
    @inline(__always)
    func property(named bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, schema: SchemaNode)? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        for i in propertyBytes.indices where propertyBytes[i].count == bytes.count {
            if propertyBytes[i].withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) { return (i, propertyList[i].schema) }
        }
        return nil
    }

    /// A JSON member name is told, most often, by its first byte alone: the dozen properties of
    /// a dossier's objects rarely share one.
    @inline(__always)
    func property(quotedAt name: UnsafePointer<UInt8>, available: Int) -> (index: Int, length: Int, schema: Unmanaged<SchemaNode>)? {
        guard available > 0, !propertyByFirstByte.isEmpty else { return nil }
        let slot = propertyByFirstByte.withUnsafeBufferPointer { $0[Int(name[0])] }
        guard slot != 0, slot != Self.severalStartAlike else { return nil }
        let i = Int(slot) - 1
        let length = propertyBytes.withUnsafeBufferPointer { all in
            all[i].withUnsafeBufferPointer { bytes in
                bytes.count < available && name[bytes.count] == UInt8(ascii: "\"") && memcmp(bytes.baseAddress!, name, bytes.count) == 0 ? bytes.count : nil
            }
        }
        // Uncounted: the schema is this one's, held by whoever asks (see `JSONParser.parse`).
        return length.map { (i, $0, propertyList.withUnsafeBufferPointer { Unmanaged.passUnretained($0[i].schema) }) }
    }

    /// The table of `property(quotedAt:available:)`: a name that JSON writes only escaped (a
    /// quote, a backslash, a control character) is never told by its bytes as written.
    private static func firstByteTable(_ names: [[UInt8]]) -> [UInt16] {
        guard !names.isEmpty else { return [] }
        var table = [UInt16](repeating: 0, count: 256)
        for (i, name) in names.enumerated() {
            guard let first = name.first else { continue }
            let plain = i < Int(severalStartAlike) - 1 && !name.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
            table[Int(first)] = table[Int(first)] == 0 && plain ? UInt16(i + 1) : severalStartAlike
        }
        return table
    }

    public init(
        type: ValueType?, format: String? = nil, enumeration: [String]? = nil,
        properties: [String: SchemaNode] = [:], required: [String] = [], items: SchemaNode? = nil,
        xmlItem: String? = nil, description: String? = nil, safe: Bool = false
    ) {
        self.type = type
        self.format = format
        self.enumeration = enumeration
        self.properties = properties
        self.required = required
        self.items = items
        self.xmlItem = xmlItem
        self.description = description
        self.safe = safe
        self.safeInConformingDocument = safe || enumeration != nil || format == "date"
        self.isDate = format == "date"
        self.textTyping = TextTyping(type: type, constrained: format != nil || enumeration != nil)
        self.propertyList = properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.propertyBytes = propertyList.map { Array($0.name.utf8) }
        self.propertyByFirstByte = Self.firstByteTable(propertyBytes)
        self.enumerationBytes = (enumeration ?? []).map { Array($0.utf8) }
    }

    /// The typed value for XML text, as this schema asks. Text that does not fit the type stays a
    /// string, so that the `SCHEMA` rule reports it at its place instead of the file failing.
    func typedValue(ofText text: String) -> LeafValue {
        return text.withUTF8InPlace { typedLeaf(ofBytes: $0).value }
    }

    /// The typed value for XML text given as bytes, and whether this schema allows it (as
    /// `allows` judges): typing has just learnt it, so the tree builder need not ask again.
    /// Typed fields are read straight from the bytes, so a number or a boolean never becomes a
    /// string on the way.
    func typedLeaf(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> (value: LeafValue, allowed: Bool) {
        if textTyping == .free { return (.string(String(decoding: bytes, as: UTF8.self)), true) }
        var start = 0, end = bytes.count
        while start < end, Whitespace.contains(bytes[start]) { start += 1 }
        while end > start, Whitespace.contains(bytes[end - 1]) { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
        switch textTyping {
        case .number, .integer:
            switch NumberSyntax.number(trimmed, integer: textTyping == .integer) {
            case .int(let i)?: return (.number(.int(i)), allows(.int, string: { "" }))
            case .double(let d)?: return (.number(.double(d)), allows(.double, double: d, string: { "" }))
            case nil: break
            }
        case .boolean:
            if let flag = Self.boolean(trimmed) { return (.bool(flag), true) }
        case .object where trimmed.isEmpty:
            return (.emptyObject, true)
        case .array where trimmed.isEmpty:
            return (.emptyArray, true)
        default: break
        }
        // One of the enumeration, as written: allowed. Any other text is judged as the schema
        // check judges it (an enumerated value may be written in another canonically equivalent
        // form; a date must be one).
        if let known = enumerated(trimmed) { return (.string(known), admitsKind(.string)) }
        let text = String(decoding: trimmed, as: UTF8.self)
        // A date (the most common constrained text) is judged on the bytes already in hand, as
        // `allows` would judge the string: parsing the string again cost 0.5% of an application.
        if isDate, enumeration == nil { return (.string(text), admitsKind(.string) && CivilDate(utf8: trimmed) != nil) }
        return (.string(text), allows(.string, string: { text }))
    }

    /// The enumerated value whose UTF-8 is exactly `bytes`, as the schema's own string: text that
    /// is one of a field's values (most such text is) is typed without being decoded anew.
    @inline(__always)
    func enumerated(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let enumeration, let base = bytes.baseAddress else { return nil }
        for i in enumerationBytes.indices where enumerationBytes[i].count == bytes.count {
            if enumerationBytes[i].withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) { return enumeration[i] }
        }
        return nil
    }

    /// `true` or `false` written as exactly those bytes (compared in place: the generic
    /// comparison with a string's UTF-8 view cost more than the rest of typing the value).
    @inline(__always)
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            word.utf8CodeUnitCount == bytes.count && memcmp(word.utf8Start, bytes.baseAddress!, bytes.count) == 0
        }
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
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

/// How a schema types the text of its field (XML text, or a JSON string's place), told once when
/// the schema loads rather than asked of its type, format and enumeration for every leaf.
enum TextTyping: Sendable {
    /// A string of no format or enumeration (or a field of no type): kept exactly as written.
    case free
    case number, integer, boolean, object, array
    /// A string with a format or an enumeration: trimmed, and checked.
    case constrained

    init(type: SchemaNode.ValueType?, constrained: Bool) {
        switch type {
        case nil, .string?: self = constrained ? .constrained : .free
        case .number?: self = .number
        case .integer?: self = .integer
        case .boolean?: self = .boolean
        case .object?: self = .object
        case .array?: self = .array
        }
    }
}

extension String {
    /// The text without leading and trailing XML white space (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { !Whitespace.contains($0) }) else { return "" }
        let last = u.lastIndex(where: { !Whitespace.contains($0) })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
