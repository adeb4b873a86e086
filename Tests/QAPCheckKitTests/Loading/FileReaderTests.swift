import Foundation
import Testing
@testable import QAPCheckKit

/// The reader takes a regular file in one read when it can: what it returns must still be every
/// byte of the file, at every size around the edges of that read, and nothing past the limit.
@Suite("Reading a file gives its bytes exactly")
struct FileReaderTests {
    @Test(arguments: [0, 1, 2, 4095, 4096, 4097, 65_537, 1_000_003])
    func everyByteAtEverySize(size: Int) throws {
        let file = Repo.scratch().appendingPathComponent("bytes-\(size).json")
        // Not zeros: a buffer left as it was made would pass a test of zeros.
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: file)
        let read = try FileReader.read(InputPath(file.path), maxBytes: 2_000_000)
        #expect(read.count == size)
        #expect(read == bytes)
    }

    @Test func aFileAtTheLimitIsReadAndOneByteMoreIsNot() throws {
        let file = Repo.scratch().appendingPathComponent("limit.json")
        try Data(repeating: UInt8(ascii: "x"), count: 100).write(to: file)
        #expect(try FileReader.read(InputPath(file.path), maxBytes: 100).count == 100)
        #expect(throws: DocumentError.self) { try FileReader.read(InputPath(file.path), maxBytes: 99) }
    }

    @Test func standardInputStyleStreamsAreReadToTheirEnd() throws {
        // A pipe reads in pieces and never as a regular file: all of it arrives, over several reads.
        let pipe = Pipe()
        let payload = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0) })
        let writer = Thread { pipe.fileHandleForWriting.write(payload); try? pipe.fileHandleForWriting.close() }
        writer.start()
        let path = "/proc/self/fd/\(pipe.fileHandleForReading.fileDescriptor)"
        // Opened by name, the pipe is a FIFO and refused; read as standard input is, it is read whole.
        #expect(throws: DocumentError.self) { try FileReader.read(InputPath(path), maxBytes: 1_000_000) }
        let read = try FileReader.readStream(pipe.fileHandleForReading.fileDescriptor, maxBytes: 1_000_000)
        #expect(read == [UInt8](payload))
    }

    @Test func aStreamPastTheLimitIsRefused() throws {
        let pipe = Pipe()
        let writer = Thread { pipe.fileHandleForWriting.write(Data(count: 10_000)); try? pipe.fileHandleForWriting.close() }
        writer.start()
        do {
            _ = try FileReader.readStream(pipe.fileHandleForReading.fileDescriptor, maxBytes: 9_999)
            Issue.record("a stream over the limit was read")
        } catch {
            #expect(error.reason == .tooLarge)
        }
    }
}
