#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UInt64 {
    /// The eight bytes, least significant first: the lengths and offsets in spill files.
    /// (Copied from the value's own bytes: a list of a million paths asks for three per path.)
    var littleEndianBytes: [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }

    /// The eight bytes, most significant first: in a sort key, byte order is then numeric order.
    var bigEndianBytes: [UInt8] { withUnsafeBytes(of: bigEndian) { Array($0) } }

    init<Bytes: Collection<UInt8>>(littleEndianBytes bytes: Bytes) {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for b in bytes {
            value |= UInt64(b) << shift
            shift += 8
        }
        self = value
    }

    init<Bytes: Collection<UInt8>>(bigEndianBytes bytes: Bytes) {
        self = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Byte strings stored back to back in one buffer: paths, or the fixed-size records that find a
/// file named twice. One allocation holds them all, so a hundred thousand paths cost their bytes
/// and an offset each, not an array each.
struct ByteStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }
    var isEmpty: Bool { ends.isEmpty }
    /// The memory the strings take, with what sorting them adds (a 32-bit index each).
    var footprint: Int { bytes.count + ends.count * 12 }

    mutating func append(_ record: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: record)
        ends.append(bytes.count)
    }

    private func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    /// The `i`-th string, as stored.
    subscript(i: Int) -> ArraySlice<UInt8> { bytes[range(i)] }

    /// Each distinct string once, in byte order.
    func forEachSortedUnique(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) {
        var order = (0..<Int32(count)).map { $0 }
        var failure: InputError?
        bytes.withUnsafeBufferPointer { all in
            func string(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: all[range(Int(i))])
            }
            order.sort { Self.compare(string($0), string($1)) < 0 }
            var previous: UnsafeBufferPointer<UInt8>?
            for i in order {
                let s = string(i)
                if let previous, Self.compare(previous, s) == 0 { continue }
                previous = s
                do throws(InputError) { try body(s) } catch { failure = error; return }
            }
        }
        if let failure { throw failure }
    }

    /// Whether two byte strings are the same: `memcmp`, where the generic comparison of two
    /// slices went a byte at a time through their iterators.
    static func equal(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    /// Byte order: `memcmp` over the shorter length, then the shorter first.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, common)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}
