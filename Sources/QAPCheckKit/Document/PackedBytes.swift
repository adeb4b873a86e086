#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte strings laid out one after another in one array, piece `k` from `starts[k]` to
/// `starts[k + 1]`: a fixed set of names or values read on a hot path (a filter's choices, the
/// report's outcome names). Read from an array of strings or of arrays, each piece was a counted
/// copy, a retain and a release every time; here the whole set is two arrays read in place.
struct PackedBytes: Sendable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    init() {}

    init(_ strings: [String]) {
        for s in strings { append(s.utf8) }
    }

    mutating func append(_ piece: some Sequence<UInt8>) {
        bytes += piece
        starts.append(bytes.count)
    }

    /// The pieces, read in place for the duration of `body`.
    @inline(__always)
    func withPieces<R>(_ body: (Pieces) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try starts.withUnsafeBufferPointer { starts in try body(Pieces(bytes: bytes, starts: starts)) }
        }
    }

    /// Whether `value` is one of the pieces, byte for byte (as `CELOperators.utf8Equal` compares).
    @inline(__always)
    func contains(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        withPieces { pieces in
            for k in 0..<pieces.count where pieces[k].count == value.count {
                if value.count == 0 || memcmp(pieces[k].baseAddress!, value.baseAddress!, value.count) == 0 { return true }
            }
            return false
        }
    }

    /// A view of the pieces, valid inside `withPieces`.
    struct Pieces {
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int>

        var count: Int { starts.count - 1 }

        @inline(__always)
        subscript(k: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[starts[k]..<starts[k + 1]])
        }
    }
}
