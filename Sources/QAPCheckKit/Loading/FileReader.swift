#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with plain POSIX calls: one open, one stat, one read per file, and the
/// size limit checked before any byte is read, so a huge file costs nothing.
enum FileReader {
    static func read(_ path: String, maxBytes: Int) throws(DocumentError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DocumentError(.unreadable, "cannot open the file: \(describe(errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DocumentError(.unreadable, "cannot read the file: \(describe(errno))") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw DocumentError(.unreadable, "it is a folder, not a file") }
        let size = Int(info.st_size)
        if size > maxBytes {
            throw DocumentError(.tooLarge, "the file is \(size) bytes, over the limit of \(maxBytes)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while true {
            let capacity = bytes.count - filled
            if capacity == 0 {
                // The file grew since fstat, or is not a regular file: read on, within the limit.
                if bytes.count >= maxBytes + 1 { break }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, min(bytes.count, maxBytes + 1 - bytes.count))))
                continue
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + filled, capacity)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw DocumentError(.unreadable, "cannot read the file: \(describe(errno))")
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        if bytes.count > maxBytes {
            throw DocumentError(.tooLarge, "the file is over the limit of \(maxBytes) bytes")
        }
        return bytes
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "it is a folder, not a file"
        default: return String(cString: strerror(code))
        }
    }
}
