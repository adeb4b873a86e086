/// A file path as the file system has it: bytes, which need not be UTF-8.
///
/// A batch opens a file by its bytes, so a name in Latin-1 or any other encoding is read like any
/// other; reports show `display`, where each byte that is not UTF-8 is written `\xNN`.
public struct InputPath: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ path: String) { bytes = Array(path.utf8) }

    /// `-` on the command line: the dossier on standard input (a file named `-` is `./-`).
    public static let standardInput = InputPath(bytes: [UInt8(ascii: "-")])
    public var isStandardInput: Bool { bytes == [UInt8(ascii: "-")] }

    /// The path for reports and messages: UTF-8 as it is, other bytes escaped.
    public var display: String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var i = 0
        while i < bytes.count {
            // The longest valid UTF-8 sequence at i, else one escaped byte.
            var length = 0
            for n in 1...4 where i + n <= bytes.count {
                if String(validating: bytes[i..<i + n], as: UTF8.self) != nil { length = n; break }
            }
            if length > 0 {
                out += String(decoding: bytes[i..<i + length], as: UTF8.self)
                i += length
            } else {
                out += "\\x" + (bytes[i] < 16 ? "0" : "") + String(bytes[i], radix: 16, uppercase: true)
                i += 1
            }
        }
        return out
    }

    public var description: String { display }

    /// Calls `body` with the path as a NUL-terminated C string, for the system calls.
    func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The path as reports show it under `--path-base`: relative to `base` when it lies below it,
    /// else as given. Relative paths are first taken from `workingFolder`. Both folders are
    /// absolute and without a trailing `/`.
    public func relative(to base: String, from workingFolder: String) -> InputPath {
        guard !isStandardInput else { return self }
        let slash = UInt8(ascii: "/")
        var path = bytes
        while path.starts(with: [UInt8(ascii: "."), slash]) { path.removeFirst(2) }
        if path.first != slash {
            if base == workingFolder { return InputPath(bytes: path) }
            path = Array(workingFolder.utf8) + [slash] + path
        }
        let prefix = Array(base.utf8) + (base == "/" ? [] : [slash])
        guard path.count > prefix.count, path.starts(with: prefix) else { return self }
        return InputPath(bytes: Array(path[prefix.count...]))
    }

    /// The last component, as bytes.
    var name: ArraySlice<UInt8> {
        let slash = UInt8(ascii: "/")
        guard let last = bytes.lastIndex(of: slash) else { return bytes[...] }
        return bytes[(last + 1)...]
    }

    func appending(name: some Collection<UInt8>) -> InputPath {
        InputPath(bytes: bytes + [UInt8(ascii: "/")] + name)
    }
}
