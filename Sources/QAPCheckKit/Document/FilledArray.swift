extension Array {
    /// `count` copies of `value`, as `Array(repeating:count:)` makes them, for the arrays made
    /// once or more for every document (an evaluation's locals, a validation's outcomes).
    ///
    /// The standard initializer allocates through an unspecialized call that looks the storage
    /// type up in the runtime's metadata tables, some 720 instructions in all; appending a
    /// repeated value to an empty array is specialized, and allocates once.
    @inline(__always)
    init(filledWith value: Element, count: Int) {
        self.init()
        guard count > 0 else { return }
        append(contentsOf: repeatElement(value, count: count))
    }
}
