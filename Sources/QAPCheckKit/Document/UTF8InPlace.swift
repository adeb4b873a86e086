extension String {
    /// The string's UTF-8 bytes where they lie. `withUTF8` is mutating (it may first make a
    /// string contiguous), so calling it on a parameter meant a copy of the string: a retain and
    /// a release for every comparison, date, name and value the loaders, the rules and the
    /// reports read this way. A native string is contiguous already, and is read as it is; any
    /// other is made contiguous in a copy, as before.
    @inline(__always)
    func withUTF8InPlace<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
