/// Where a value or a member name was written, as its loader noted it while parsing: a byte
/// offset, and how to read it (`place`: the loader's own convention; 0 is the offset itself).
///
/// Most values never appear in a finding, so a loader does not count lines and columns for
/// each of them: the tree turns a spot into a line and column (`DocumentTree.locate`) only when
/// something asks where a value is.
public struct SourceSpot: Sendable, Equatable {
    public let offset: Int32
    public let place: UInt8

    public init(offset: Int, place: UInt8 = 0) {
        self.offset = Int32(clamping: offset)
        self.place = place
    }
}
