#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A `--files-from` list: one path a line, taken byte for byte as written but for the line
/// break (`\n` or `\r\n`); blank lines are skipped.
public enum InputListing: Sendable {
    /// The list's bytes, in hand.
    case bytes(Data)
    /// A file, or standard input for `-`, read in blocks as it is listed, so that a list of a
    /// million paths is never held whole.
    case file(String)

    /// Calls `body` with each line that is not blank.
    func forEachLine(_ body: (ArraySlice<UInt8>) throws(InputError) -> Void) throws(InputError) {
        switch self {
        case .bytes(let data):
            var lines = LineSplitter()
            try lines.feed(ArraySlice(data), body)
            try lines.finish(body)
        case .file(let path):
            let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputError(path: path, message: "cannot read the --files-from list: \(SystemError.describe(errno))") }
            defer { if fd != STDIN_FILENO { close(fd) } }
            var lines = LineSplitter()
            var block = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n < 0 { throw InputError(path: path == "-" ? "standard input" : path, message: "cannot read the --files-from list: \(SystemError.describe(errno))") }
                if n == 0 { break }
                try lines.feed(block[0..<n], body)
            }
            try lines.finish(body)
        }
    }
}

/// Splits blocks of bytes into lines, keeping a line cut at a block's end until the next one.
private struct LineSplitter {
    private var partial: [UInt8] = []

    mutating func feed(_ block: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) throws(InputError) -> Void) throws(InputError) {
        var start = block.startIndex
        while let newline = block[start...].firstIndex(of: 0x0A) {
            if partial.isEmpty {
                try Self.emit(block[start..<newline], body)
            } else {
                partial.append(contentsOf: block[start..<newline])
                try Self.emit(partial[...], body)
                partial.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
        partial.append(contentsOf: block[start...])
    }

    mutating func finish(_ body: (ArraySlice<UInt8>) throws(InputError) -> Void) throws(InputError) {
        try Self.emit(partial[...], body)
        partial.removeAll()
    }

    private static func emit(_ line: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) throws(InputError) -> Void) throws(InputError) {
        var line = line
        if line.last == 0x0D { line = line.dropLast() }
        if !line.isEmpty { try body(line) }
    }
}
