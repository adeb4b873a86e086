import Foundation

/// Where the nodes of an XML dossier start, found again from the file's bytes when asked.
///
/// libxml2 reports where its parse is, not where an element or attribute began, and most values
/// never appear in a finding; so the loader notes, for each element, the offset at which libxml2
/// handed over its start tag (`tag`), and for an attribute also its place among the tag's
/// attributes (`attribute(_:)`). Only when a finding asks is the tag read again, back to its `<`
/// and forward over its attributes.
enum XMLSpots {
    /// The place of an element: the start tag that ends at or before the offset.
    static let tag: UInt8 = 1
    /// The most attributes a place can name; later ones are noted by their offset.
    static let maxAttribute = Int(UInt8.max) - 2

    /// The place of the `k`-th attribute (namespace declarations aside) of that tag.
    static func attribute(_ k: Int) -> UInt8 { UInt8(2 + k) }

    /// The offset of the `<` of the start tag that ends at or before `offset`.
    static func tagStart(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard offset <= bytes.count, !bytes.isEmpty else { return nil }
        var i = min(offset, bytes.count - 1)
        while i > 0, bytes[i] != UInt8(ascii: "<") { i -= 1 }
        return bytes[i] == UInt8(ascii: "<") ? i : nil
    }

    /// The offset of the name of each attribute of the start tag at `tag` that is not a
    /// namespace declaration, in document order (SAX2's order), into `offsets`.
    static func attributeOffsets(tag: Int, in bytes: UnsafeBufferPointer<UInt8>, into offsets: inout [Int]) {
        offsets.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else { return }
        var i = tag + 1
        while i < bytes.count, !Whitespace.contains(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") { i += 1 }
        while i < bytes.count {
            while i < bytes.count, Whitespace.contains(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") else { break }
            let nameStart = i
            while i < bytes.count, !Whitespace.contains(bytes[i]), bytes[i] != UInt8(ascii: "=") { i += 1 }
            let isNamespaceDeclaration = i - nameStart >= 5 && bytes[nameStart] == UInt8(ascii: "x") && bytes[nameStart + 1] == UInt8(ascii: "m")
                && bytes[nameStart + 2] == UInt8(ascii: "l") && bytes[nameStart + 3] == UInt8(ascii: "n") && bytes[nameStart + 4] == UInt8(ascii: "s")
                && (i - nameStart == 5 || bytes[nameStart + 5] == UInt8(ascii: ":"))
            if !isNamespaceDeclaration { offsets.append(nameStart) }
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "'") { i += 1 }
            guard i < bytes.count else { break }
            let quote = bytes[i]
            i += 1
            // The value runs to its closing quote: found in one search, however long it is.
            guard let close = memchr(base + i, Int32(quote), bytes.count - i) else { break }
            i = UnsafeRawPointer(close) - UnsafeRawPointer(base) + 1
        }
    }

    /// The offset a spot stands for: its element's `<`, or its attribute's name, or (place 0,
    /// or a tag not found) the offset itself.
    static func offset(of spot: SourceSpot, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let offset = Int(spot.offset)
        guard spot.place >= tag, let start = tagStart(before: offset, in: bytes) else { return offset }
        guard spot.place > tag else { return start }
        var attributes: [Int] = []
        attributeOffsets(tag: start, in: bytes, into: &attributes)
        let k = Int(spot.place) - 2
        return k < attributes.count ? attributes[k] : start
    }

    /// Lines and columns for the tree, found when asked, in the file's own bytes.
    static func locator(_ bytes: [UInt8]) -> @Sendable (SourceSpot) -> SourceLocation {
        LineIndex.locator(bytes) { spot, buffer in offset(of: spot, in: buffer) }
    }
}
