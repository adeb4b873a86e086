import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread's libxml2 parser, kept from one dossier to the next.
///
/// A parser context is some dozen allocations (its stacks, its input, its name dictionary) and
/// a dictionary starts empty: made afresh for each dossier, every element name was interned
/// again and the builder's cache of names by interned pointer started cold. Reset between
/// dossiers instead, the context keeps its dictionary, so a name is interned once per thread
/// and `XMLNameCache` stays warm. The dictionary holds only distinct names; past `maxNames`
/// (files of made-up names) the context is made anew, so memory stays flat over any batch.
///
/// Thread-confined: each thread has its own (`current`), so no lock and no sharing.
final class XMLParserSession {
    private var context: xmlParserCtxtPtr?
    /// The builder's names by interned pointer: valid as long as `context`'s dictionary.
    var names = XMLNameCache()
    /// How many contexts this thread has made: one, unless a flood of names made it start over.
    private(set) var contextsMade = 0

    /// Distinct names kept before the context (and its dictionary) is made anew.
    static let maxNames = 4096

    /// The calling thread's session.
    static var current: XMLParserSession { perThread.value }
    private static let perThread = ThreadLocal { XMLParserSession() }

    /// A parser for a new document, handing its events to `receiver` (an `XMLTreeBuilder`); the
    /// document is then read whole with `parse`.
    func parser(for receiver: UnsafeMutableRawPointer) -> xmlParserCtxtPtr? {
        if let ctxt = context, xmlDictSize(ctxt.pointee.dict) <= Self.maxNames {
            ctxt.pointee.userData = receiver
            return ctxt
        }
        if let old = context { xmlFreeParserCtxt(old) }
        // New interned pointers: names cached by the old ones are void.
        names = XMLNameCache()
        context = xmlNewParserCtxt()
        guard let ctxt = context, let sax = ctxt.pointee.sax else { return nil }
        contextsMade += 1
        sax.pointee = XMLTreeBuilder.handler
        ctxt.pointee.userData = receiver
        return ctxt
    }

    /// Reads `bytes` as one whole document with `ctxt` (from `parser(for:)`): in one pass over
    /// memory, as `xmllint` reads a file, not fed as a stream in one chunk (the push parser's
    /// loop asks at every token whether more input is due: a little more work for the same
    /// events). The context is reset first and keeps its name dictionary.
    /// `bytes` is at most `XMLLoader.maxDocumentBytes` long.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, with ctxt: xmlParserCtxtPtr) {
        func read(_ chars: UnsafePointer<CChar>) {
            _ = xmlCtxtReadMemory(ctxt, chars, Int32(bytes.count), nil, nil, XMLLoader.options)
        }
        // An empty file still goes to the parser, which reports it as empty; its buffer needs an
        // address all the same.
        guard let base = bytes.baseAddress else {
            let empty: CChar = 0
            return withUnsafePointer(to: empty, read)
        }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count, read)
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }
}

/// Element and attribute names as Swift strings, by libxml2's interned name pointer: a dossier
/// repeats a few dozen names hundreds of times, and a batch the same few dozen in every file.
/// A small direct-mapped cache on the address: cheaper than hashing the name, and a miss only
/// costs the conversion. Empty until first used, so a builder's placeholder costs nothing.
///
/// Each name also keeps what the schema said of it the last time it was looked up as a member
/// (the owner's schema, the field's place and its own schema): a name is nearly always a member
/// of the same object schema (`role` of a case), so most lookups compare two pointers instead of
/// searching the schema's properties by name. The owner is held, so it cannot be freed and its
/// address taken by another schema while the answer is kept.
struct XMLNameCache {
    static let size = 256
    private struct Slot {
        var key: UnsafeRawPointer?
        var name: String
        var owner: SchemaNode?
        var field: Int32
        var schema: SchemaNode?
    }
    private var slots: [Slot] = []
    /// libxml2's interned copy of the dossier namespace, once seen: most elements name it.
    var dossierNamespace: UnsafeRawPointer?

    @inline(__always)
    private mutating func slot(_ pointer: UnsafePointer<xmlChar>) -> Int {
        if slots.isEmpty { slots = Array(repeating: Slot(key: nil, name: "", owner: nil, field: 0, schema: nil), count: Self.size) }
        let key = UnsafeRawPointer(pointer)
        // libxml2 packs interned names a few bytes apart, so the address's low bits alone sent
        // neighbours to one slot (half the lookups missed); a multiplicative hash spreads them.
        let slot = Int((UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        if slots[slot].key != key { slots[slot] = Slot(key: key, name: String(cString: pointer), owner: nil, field: 0, schema: nil) }
        return slot
    }

    mutating func name(_ pointer: UnsafePointer<xmlChar>) -> String { slots[slot(pointer)].name }

    /// What `DocumentTreeBuilder.member(_:of:)` says of the name as a member of `owner`. The
    /// schema is handed unretained: it belongs to `owner`, which the caller holds, and most
    /// members need neither it counted nor their name as a string (see `XMLTreeBuilder`).
    /// The owner too is handed unretained (it is counted only when kept here).
    mutating func member(_ pointer: UnsafePointer<xmlChar>, of ownerReference: Unmanaged<SchemaNode>?) -> (field: Int32, schema: Unmanaged<SchemaNode>?) {
        let i = slot(pointer)
        guard let ownerReference else { return (DocumentTree.unknownField, nil) }
        if slots[i].owner.map({ Unmanaged.passUnretained($0).toOpaque() }) != ownerReference.toOpaque() {
            let owner = ownerReference.takeUnretainedValue()
            let (field, schema) = DocumentTreeBuilder.member(slots[i].name, of: owner)
            slots[i].owner = owner
            slots[i].field = field
            slots[i].schema = schema
        }
        return (slots[i].field, slots[i].schema.map(Unmanaged.passUnretained))
    }
}
