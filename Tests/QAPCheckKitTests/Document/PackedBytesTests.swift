import Testing
@testable import QAPCheckKit

/// Byte strings packed into one array read back as they were put in, and membership is byte
/// equality: an empty piece, pieces of one length that differ only at the end, and text beyond
/// ASCII written two ways.
@Suite struct PackedBytesTests {
    static let pieces = ["mediator", "", "co-mediator", "mediatoR", "\u{E9}", "e\u{301}", "a longer piece, well past sixteen bytes"]

    @Test func piecesReadBackAsPutIn() {
        let packed = PackedBytes(Self.pieces)
        packed.withPieces { pieces in
            #expect(pieces.count == Self.pieces.count)
            for k in 0..<pieces.count { #expect(Array(pieces[k]) == Array(Self.pieces[k].utf8)) }
        }
    }

    @Test func containsIsByteEquality() {
        let packed = PackedBytes(["mediator", "co-mediator", "\u{E9}"])
        for text in Self.pieces + ["mediato", "mediators", "co-mediatos"] {
            let expected = ["mediator", "co-mediator", "\u{E9}"].contains { Array($0.utf8) == Array(text.utf8) }
            #expect(Array(text.utf8).withUnsafeBufferPointer { packed.contains($0) } == expected, "\(text)")
        }
        #expect(Array("".utf8).withUnsafeBufferPointer { PackedBytes([""]).contains($0) })
        #expect(!Array("".utf8).withUnsafeBufferPointer { PackedBytes(["x"]).contains($0) })
    }
}
