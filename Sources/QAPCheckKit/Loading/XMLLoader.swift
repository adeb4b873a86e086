import CLibXML2

/// Reads the XML form of a dossier straight into a `Node` tree through libxml2's SAX2 interface.
///
/// No libxml2 DOM is built: the batch is measured against libxml2's own parse time, and a second
/// tree per document would already lose. Parsing is safe by construction: no network, no DTD
/// loading, no entity expansion, and a DOCTYPE is refused as soon as it is seen, so no entity is
/// ever declared, expanded or fetched. libxml2 reports element positions only roughly and
/// attribute positions not at all, so the builder notes where libxml2 handed over each start
/// tag, and the tag is read again from the file's bytes (`XMLSpots`) to place an element or an
/// attribute at its exact line and column when a finding asks.
public struct XMLLoader: Sendable {
    public let schemas: SchemaSet
    public let limits: LoadLimits

    public static let namespace = "urn:qap:dossier:1"

    public init(schemas: SchemaSet, limits: LoadLimits = .default) {
        self.schemas = schemas
        self.limits = limits
    }

    /// Options for every parse. Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD. XML_PARSE_HUGE lifts
    /// libxml2's own 10 MB cap on one text node ("Huge input lookup"), which would refuse a file
    /// within our size limit: with no DTD and no entity expanded, nothing in a parse grows beyond
    /// the file, and `LoadLimits` bounds the file's size and its depth.
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_HUGE.rawValue)

    /// The longest document libxml2 takes, which counts a document's bytes in a 32-bit integer
    /// (`--max-file-size` may allow more).
    static let maxDocumentBytes = Int(Int32.max)

    /// Refuses a document longer than libxml2 can count, with the reason.
    static func checkSize(_ count: Int) throws(DocumentError) {
        guard count <= maxDocumentBytes else {
            throw DocumentError(.tooLarge, "the XML file is \(count) bytes; an XML dossier can be at most \(maxDocumentBytes) bytes")
        }
    }

    public func load(bytes: [UInt8]) throws(DocumentError) -> Node {
        try Self.checkSize(bytes.count)
        LibXML2.initializeOnce
        let session = XMLParserSession.current
        var failure: DocumentError?
        let result: Node? = bytes.withUnsafeBufferPointer { buffer -> Node? in
            var state = XMLTreeBuilder(bytes: buffer, schemas: schemas, limits: limits)
            return withUnsafeMutablePointer(to: &state) { builder -> Node? in
                defer { failure = builder.pointee.failure }
                guard let ctxt = session.parser(for: UnsafeMutableRawPointer(builder)) else {
                    builder.pointee.fail(DocumentError(.unreadable, "the XML parser could not be created"))
                    return nil
                }
                // The session's names, lent for this parse and taken back after it.
                swap(&builder.pointee.names, &session.names)
                defer { swap(&builder.pointee.names, &session.names) }
                builder.pointee.context = ctxt
                session.parse(buffer, with: ctxt)
                builder.pointee.context = nil
                return builder.pointee.finish(source: bytes)
            }
        }
        if let failure { throw failure }
        guard let result else {
            throw DocumentError(.notWellFormed, "the document has no root element")
        }
        return result
    }
}

/// libxml2 wants one call to its initializer before parsers run on several threads.
enum LibXML2 {
    static let initializeOnce: Void = { xmlInitParser() }()
}
