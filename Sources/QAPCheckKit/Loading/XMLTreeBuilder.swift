import CLibXML2
import Foundation

/// The SAX2 receiver behind `XMLLoader`: keeps a stack of open elements and turns each closed
/// element into a node, as dossier-format.md maps them (attributes and child elements are
/// interchangeable, list containers are arrays even with one item or none, text is typed by the
/// kind schema).
///
/// A struct the parse reaches through a pointer (`withUnsafeMutablePointer`), not a class: the
/// callbacks mutate its state hundreds of times per dossier, and a class's stored properties
/// would pay a run-time exclusivity check on every one of those accesses.
struct XMLTreeBuilder {
    /// The file's bytes; valid while the parse runs (the loader creates the builder inside it).
    private let bytes: UnsafeBufferPointer<UInt8>
    private let schemas: SchemaSet
    private let limits: LoadLimits
    var context: xmlParserCtxtPtr?
    private(set) var failure: DocumentError?
    private var tree: DocumentTreeBuilder
    private var result: Int32?
    /// The kind schema of the root element.
    private var rootSchema: SchemaNode?
    private var frames: [Frame] = []
    private var cursor = LocationCursor()

    init(bytes: UnsafeBufferPointer<UInt8>, schemas: SchemaSet, limits: LoadLimits) {
        self.bytes = bytes
        self.schemas = schemas
        self.limits = limits
        // Dossiers hold a node every 16 to 37 bytes of XML (attributes are the densest): a guess
        // short of the count made the tree's arrays grow, copying every node so far.
        self.tree = DocumentTreeBuilder(expectedNodes: bytes.count / 14)
    }

    /// The document, once the parse has ended well.
    func finish(source: [UInt8]) -> Node? { result.map { tree.finish(root: $0, schema: rootSchema, locate: XMLSpots.locator(source)).rootNode } }

    /// An element open now that holds (or may hold) other elements. Its name is libxml2's
    /// interned one and its schema is not counted, as a leaf's (see `Leaf`): a frame is made and
    /// dropped for every container, and its counted parts were a retain and a release each.
    private struct Frame {
        enum Role { case object, array, pending }
        var role: Role
        let name: UnsafePointer<xmlChar>
        let location: SourceSpot
        let isRoot: Bool
        let schemaReference: Unmanaged<SchemaNode>?
        /// The schema, borrowed: held by the schemas the builder holds.
        var schema: SchemaNode? { schemaReference?.takeUnretainedValue() }
        /// Its place in its parent's schema (see `DocumentTree.Child.field`).
        let field: Int32
        /// Where its fields or items start on the tree builder's waiting stack.
        let mark: Int
        /// The field names taken so far.
        var names = DocumentTreeBuilder.MemberNames()
        var text: [UInt8] = []
        var strayText = false
    }

    /// The element open now when it is a leaf: no attributes and a scalar (or unknown) field.
    /// Leaves are most elements of a dossier written with child elements; they take no frame,
    /// and their text goes to one reused buffer. Its name is libxml2's interned one, made a
    /// string only if the tree needs it; its schema, held by the schemas the builder holds, is
    /// not counted (each was a retain and a release per element).
    private struct Leaf {
        let name: UnsafePointer<xmlChar>
        let location: SourceSpot
        let schema: Unmanaged<SchemaNode>?
        let field: Int32
    }
    private var leaf: Leaf?
    private var leafText = ByteBuffer(capacity: 64)
    /// White space read in the innermost open object or list since it opened, while it has no
    /// field yet and no other text (see `characters`); emptied when an element starts or ends.
    private var heldWhitespace = ByteBuffer(capacity: 64)
    /// How deep the parse is inside an element of a foreign namespace. Such elements, and all
    /// they hold, are another vocabulary's extension, not fields: they are skipped, as attributes
    /// in a foreign namespace are.
    private var foreignDepth = 0

    /// Names by interned pointer: the thread's session's cache, lent for the parse (see
    /// `XMLParserSession`).
    var names = XMLNameCache()
    /// Reused for a start tag of more attributes than a spot can number.
    private var attributeOffsets: [Int] = []

    private mutating func name(_ pointer: UnsafePointer<xmlChar>) -> String { names.name(pointer) }


    /// Whether a name in namespace `uri` (none, or the dossier's) is a field of the dossier.
    private mutating func isDossierNamespace(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return true }
        if UnsafeRawPointer(uri) == names.dossierNamespace { return true }
        guard String(cString: uri) == XMLLoader.namespace else { return false }
        names.dossierNamespace = UnsafeRawPointer(uri)
        return true
    }

    mutating func fail(_ error: DocumentError) {
        guard failure == nil else { return }
        failure = error
        if let context { xmlStopParser(context) }
    }

    // MARK: - Positions

    /// Byte offset of the read position of libxml2's parser `context` in the original file.
    /// Static, for the events: a method of the builder that does not mutate it, called from one
    /// that does, is handed a copy of the whole builder (320 bytes, once per element).
    private static func inputOffset(_ context: xmlParserCtxtPtr?) -> Int? {
        // Field by field through the pointer: binding `input.pointee` copied the whole struct.
        guard let input = context?.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base else { return nil }
        return Int(input.pointee.consumed) + (cur - base)
    }

    private mutating func location(ofOffset offset: Int) -> SourceLocation {
        cursor.location(of: offset, in: bytes)
    }

    /// Where libxml2 is now, for its own errors and for constructs with no start tag to re-read.
    private mutating func currentLocation() -> SourceLocation {
        if let offset = Self.inputOffset(context) { return location(ofOffset: offset) }
        return SourceLocation(line: Int(xmlSAX2GetLineNumber(context.map(UnsafeMutableRawPointer.init))), column: 1)
    }

    /// The spot of the element whose start tag libxml2 has just read with `context` (see
    /// `XMLSpots`).
    private static func tagSpot(_ context: xmlParserCtxtPtr?) -> SourceSpot? {
        inputOffset(context).map { SourceSpot(offset: $0, place: XMLSpots.tag) }
    }

    /// Line and column of a spot, for an error now.
    private mutating func location(of spot: SourceSpot) -> SourceLocation {
        location(ofOffset: XMLSpots.offset(of: spot, in: bytes))
    }

    // MARK: - Events

    fileprivate mutating func startElement(
        localname: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?,
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil else { return }
        if frames.count + foreignDepth >= limits.maxDepth {
            let location = Self.tagSpot(context).map { self.location(of: $0) } ?? currentLocation()
            return fail(DocumentError(.tooDeep, "elements are nested deeper than the limit of \(limits.maxDepth)", at: location))
        }
        if foreignDepth > 0 || (!frames.isEmpty && !isDossierNamespace(uri)) {
            foreignDepth += 1
            return
        }
        heldWhitespace.removeAll()
        let location = Self.tagSpot(context) ?? SourceSpot(offset: 0)

        if let open = leaf {
            // The open leaf holds an element: it is an object after all.
            leaf = nil
            var frame = Frame(role: .object, name: open.name, location: open.location, isRoot: false, schemaReference: open.schema, field: open.field, mark: tree.mark)
            frame.strayText = leafText.withBytes { $0.contains { !Whitespace.contains($0) } }
            frames.append(frame)
        }

        let isRoot = frames.isEmpty
        let schema: SchemaNode?
        var field = DocumentTree.unknownField
        if isRoot {
            let name = self.name(localname)
            if let uri, !isDossierNamespace(uri) {
                return fail(DocumentError(.unknownKind, "the root element is in namespace '\(String(cString: uri))'; expected none or '\(XMLLoader.namespace)'", at: self.location(of: location)))
            }
            guard let kindSchema = schemas[name] else {
                return fail(DocumentError(.unknownKind, "root element <\(name)> names no known kind; expected one of \(schemas.kinds.map { "<\($0)>" }.joined(separator: ", "))", at: self.location(of: location)))
            }
            schema = kindSchema
            rootSchema = kindSchema
        } else {
            let up = frames.count - 1
            if frames[up].role == .pending { become(.object, up) }
            if frames[up].role == .array {
                let name = self.name(localname)
                if let expected = frames[up].schema?.xmlItem, expected != name {
                    return fail(DocumentError(.badStructure, "<\(self.name(frames[up].name))> holds <\(expected)> items, not <\(name)>", at: self.location(of: location)))
                }
                schema = frames[up].schema?.items
            } else {
                let member = names.member(localname, of: frames[up].schemaReference)
                let type = member.schema?.takeUnretainedValue().type
                if attributeCount == 0, type != .array, type != .object {
                    leaf = Leaf(name: localname, location: location, schema: member.schema, field: member.field)
                    leafText.removeAll()
                    return
                }
                field = member.field
                schema = member.schema?.takeUnretainedValue()
            }
        }

        if attributeCount == 0, !isRoot, schema?.type != .array, schema?.type != .object {
            leaf = Leaf(name: localname, location: location, schema: schema.map(Unmanaged.passUnretained), field: field)
            leafText.removeAll()
            return
        }

        var role = Frame.Role.pending
        if schema?.type == .array {
            role = .array
        } else if schema?.type == .object || attributeCount > 0 || frames.isEmpty {
            role = .object
        }
        if role == .array, attributeCount > 0 {
            return fail(DocumentError(.badStructure, "the list <\(self.name(localname))> takes no attributes", at: self.location(of: location)))
        }
        frames.append(Frame(role: role, name: localname, location: location, isRoot: isRoot, schemaReference: schema.map(Unmanaged.passUnretained), field: field, mark: tree.mark))
        let top = frames.count - 1
        if isRoot {
            let kind = DocumentTreeBuilder.member("kind", of: schema)
            _ = tree.addMember(key: "kind", tree.leaf(.string(self.name(localname)), at: location, schema: kind.schema), field: kind.field, owner: schema.map(Unmanaged.passUnretained),
                               at: location, from: frames[top].mark, names: &frames[top].names)
        }
        guard attributeCount > 0, let attributes else { return }
        // A tag of more attributes than a spot can number: the later ones' offsets, found now.
        let tagStart = attributeCount > XMLSpots.maxAttribute ? XMLSpots.tagStart(before: Int(location.offset), in: bytes) : nil
        if let tagStart { XMLSpots.attributeOffsets(tag: tagStart, in: bytes, into: &attributeOffsets) }
        for a in 0..<attributeCount {
            let base = a * 5
            let attrLocation: SourceSpot
            if a < XMLSpots.maxAttribute {
                attrLocation = SourceSpot(offset: Int(location.offset), place: XMLSpots.attribute(a))
            } else if let tagStart {
                attrLocation = SourceSpot(offset: a < attributeOffsets.count ? attributeOffsets[a] : tagStart)
            } else {
                attrLocation = location
            }
            if !isDossierNamespace(attributes[base + 2]) { continue }
            guard let localPtr = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
            let member = names.member(localPtr, of: schema.map(Unmanaged.passUnretained))
            let field = member.field
            let raw = UnsafeBufferPointer(start: start, count: end - start)
            let node: Int32
            if memchr(start, Int32(UInt8(ascii: "&")), raw.count) != nil {
                // Without entity substitution libxml2 hands SAX2 `&amp;` as `&#38;`; a bare `&`
                // cannot occur in a well-formed value, so this replacement is exact.
                let text = String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "&#38;", with: "&")
                let fieldSchema = member.schema?.takeUnretainedValue()
                node = tree.leaf(fieldSchema?.typedValue(ofText: text) ?? .string(text), at: attrLocation, schema: fieldSchema)
            } else if let fieldSchema = member.schema {
                // Borrowed, not counted (see `Leaf`).
                node = fieldSchema._withUnsafeGuaranteedRef { fieldSchema in
                    let (value, allowed) = fieldSchema.typedLeaf(ofBytes: raw)
                    return tree.leaf(consume value, at: attrLocation, schema: fieldSchema, allowed: allowed)
                }
            } else {
                node = tree.leaf(.string(String(decoding: raw, as: UTF8.self)), at: attrLocation, schema: nil, allowed: true)
            }
            if !addMember(node, named: localPtr, field: field, at: attrLocation, to: top) {
                return fail(DocumentError(.duplicateKey, "'\(self.name(localPtr))' is given twice in <\(self.name(localname))>", at: self.location(of: attrLocation)))
            }
        }
    }

    fileprivate mutating func endElement() {
        guard failure == nil else { return }
        if foreignDepth > 0 {
            foreignDepth -= 1
            return
        }
        heldWhitespace.removeAll()
        if let open = leaf {
            leaf = nil
            let node: Int32
            if let schema = open.schema {
                // Borrowed, not counted (see `Leaf`).
                node = schema._withUnsafeGuaranteedRef { schema in
                    let (value, allowed) = leafText.withBytes { schema.typedLeaf(ofBytes: $0) }
                    return tree.leaf(consume value, at: open.location, schema: schema, allowed: allowed)
                }
            } else {
                node = tree.leaf(.string(leafText.withBytes { String(decoding: $0, as: UTF8.self) }), at: open.location, schema: nil, allowed: true)
            }
            return attach(node, named: open.name, field: open.field, at: open.location, to: frames.count - 1)
        }
        // Taken off as a frame, not as an optional one: the optional's destruction went through
        // the generic witness, twice per element closed.
        guard !frames.isEmpty else { return }
        let frame = frames.removeLast()
        let node: Int32
        switch frame.role {
        case .object, .array:
            // An object's or list's text is kept only once it is more than white space.
            if frame.strayText {
                // Only text where fields belong (`<fee>paid</fee>`) is a value of the wrong type,
                // which the schema check reports at its place, as it does the same value in JSON.
                // Text beside fields is no value at all.
                guard tree.childCount(from: frame.mark) == 0, !frame.isRoot else {
                    return fail(DocumentError(.badStructure, "<\(name(frame.name))> holds fields, so it cannot also hold text", at: location(of: frame.location)))
                }
                node = tree.leaf(.string(String(decoding: frame.text, as: UTF8.self)), at: frame.location, schema: frame.schema)
            } else {
                node = frame.role == .object ? tree.closeObject(from: frame.mark, at: frame.location, schema: frame.schema)
                    : tree.closeArray(from: frame.mark, at: frame.location, schema: frame.schema)
            }
        case .pending:
            let text = String(decoding: frame.text, as: UTF8.self)
            node = tree.leaf(frame.schema?.typedValue(ofText: text) ?? .string(text), at: frame.location, schema: frame.schema)
        }
        guard !frames.isEmpty else {
            result = node
            return
        }
        attach(node, named: frame.name, field: frame.field, at: frame.location, to: frames.count - 1)
    }

    /// Adds the member named by libxml2's interned `name` to the object of frame `up`: told by
    /// its place in the object's schema when it has one, so that its name is made a string only
    /// when the tree does not list it yet. False when the object has it already.
    private mutating func addMember(_ node: Int32, named name: UnsafePointer<xmlChar>, field: Int32, at location: SourceSpot, to up: Int) -> Bool {
        let owner = frames[up].schemaReference
        if field >= 0, let owner {
            return tree.addMember(property: field, of: owner, node, at: location, from: frames[up].mark, names: &frames[up].names)
        }
        let key = self.name(name)
        return tree.addMember(key: key, node, field: field, owner: owner, at: location, from: frames[up].mark, names: &frames[up].names)
    }

    /// Adds a finished element (written at `location`) to the frame it is in: an item of a
    /// list, or a field.
    private mutating func attach(_ node: Int32, named name: UnsafePointer<xmlChar>, field: Int32, at location: SourceSpot, to up: Int) {
        if frames[up].role == .array {
            tree.addItem(node)
            return
        }
        if !addMember(node, named: name, field: field, at: location, to: up) {
            fail(DocumentError(.duplicateKey, "'\(self.name(name))' is given twice in <\(self.name(frames[up].name))>", at: self.location(of: location)))
        }
    }

    fileprivate mutating func characters(_ chars: UnsafePointer<xmlChar>, _ count: Int) {
        guard failure == nil, !frames.isEmpty, foreignDepth == 0 else { return }
        let buffer = UnsafeBufferPointer(start: chars, count: count)
        if leaf != nil {
            leafText.append(buffer)
            return
        }
        let top = frames.count - 1
        if frames[top].role == .pending {
            frames[top].text.append(contentsOf: buffer)
            return
        }
        let wasStray = frames[top].strayText
        let stray = wasStray || buffer.contains(where: { !Whitespace.contains($0) })
        // Text where fields belong is kept while no field has come: alone, it is the value.
        guard tree.childCount(from: frames[top].mark) == 0 else {
            // Written only when it changes: nearly all of this text is white space between
            // fields, and a write to the frame is a uniqueness check of the whole stack.
            if stray != wasStray { frames[top].strayText = true }
            return
        }
        if !stray {
            // White space between tags, as nearly all of it is: held in one reused buffer, so that
            // an object's frame allocates no text of its own unless the text is a value after all.
            heldWhitespace.append(buffer)
            return
        }
        if !wasStray {
            frames[top].strayText = true
            frames[top].text = heldWhitespace.withBytes(Array.init)
            heldWhitespace.removeAll()
        }
        frames[top].text.append(contentsOf: buffer)
    }

    /// A pending element turns out to hold fields; whatever text it gathered must be white space.
    private mutating func become(_ role: Frame.Role, _ index: Int) {
        frames[index].role = role
        if frames[index].text.contains(where: { !Whitespace.contains($0) }) { frames[index].strayText = true }
        frames[index].text = []
    }

    fileprivate mutating func refuseDoctype() {
        var location = currentLocation()
        if let offset = Self.inputOffset(context) {
            // Point at the `<!DOCTYPE` itself, not where libxml2 has read to.
            let marker = Array("<!DOCTYPE".utf8)
            var i = min(offset, bytes.count) - marker.count
            while i >= 0, !UnsafeBufferPointer(rebasing: bytes[i..<i + marker.count]).elementsEqual(marker) { i -= 1 }
            if i >= 0 { cursor = LocationCursor(); location = self.location(ofOffset: i) }
        }
        fail(DocumentError(.forbiddenConstruct, "DOCTYPE declarations are not allowed: dossiers carry no DTD, and no entity is ever expanded or loaded", at: location))
    }

    fileprivate mutating func parserError(_ error: xmlErrorPtr?) {
        guard let error = error?.pointee, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) }?.trimmingXMLWhitespace() ?? "the XML is not well-formed"
        let location = SourceLocation(line: Int(error.line), column: max(Int(error.int2), 1))
        let reason: DocumentError.Reason = error.code == XML_ERR_DOCUMENT_EMPTY.rawValue ? .empty : .notWellFormed
        fail(DocumentError(reason, message, at: location))
    }


    // MARK: - The SAX2 handler

    private static func builder(_ ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XMLTreeBuilder> {
        ctx!.assumingMemoryBound(to: XMLTreeBuilder.self)
    }

    /// Built once and never changed: a C struct of function pointers, which Swift cannot see is
    /// immutable, hence `nonisolated(unsafe)`.
    nonisolated(unsafe) static let handler: xmlSAXHandler = {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, localname, _, uri, _, _, count, _, attributes in
            builder(ctx).pointee.startElement(localname: localname!, uri: uri, attributeCount: Int(count), attributes: attributes)
        }
        h.endElementNs = { ctx, _, _, _ in builder(ctx).pointee.endElement() }
        h.characters = { ctx, chars, count in builder(ctx).pointee.characters(chars!, Int(count)) }
        h.cdataBlock = { ctx, chars, count in builder(ctx).pointee.characters(chars!, Int(count)) }
        h.internalSubset = { ctx, _, _, _ in builder(ctx).pointee.refuseDoctype() }
        h.externalSubset = { ctx, _, _, _ in builder(ctx).pointee.refuseDoctype() }
        h.getEntity = { _, _ in nil }
        h.getParameterEntity = { _, _ in nil }
        h.serror = { ctx, error in builder(ctx).pointee.parserError(error) }
        return h
    }()
}
