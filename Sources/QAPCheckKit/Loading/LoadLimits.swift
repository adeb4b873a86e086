/// Bounds on what one file may cost to read, so that a hostile or broken file gives a clear
/// error instead of exhausting memory or the stack of a batch worker.
public struct LoadLimits: Sendable, Equatable {
    /// Files larger than this are refused before they are read.
    public var maxBytes: Int
    /// Objects and arrays (JSON) or elements (XML) nested deeper than this are refused.
    public var maxDepth: Int

    public init(maxBytes: Int = 16 << 20, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    public static let `default` = LoadLimits()

    /// The deepest nesting any run may allow. The parsers are iterative, but the schema check,
    /// the rules and freeing a tree walk it recursively: past some tens of thousands of levels a
    /// worker's stack runs out. Measured: 5,000 levels pass in a debug build, 20,000 crash.
    public static let deepestAllowed = 4_096
}
