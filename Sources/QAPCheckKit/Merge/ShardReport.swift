import Foundation

/// One shard's report (`validate --shard K/N --format json|jsonl`), read back for `merge`: its
/// header, read first so that every part is checked before any is merged, then its documents,
/// one at a time (a JSON Lines part is never held whole).
public struct ShardReport: Sendable {
    /// What decided the shard's run, as its report states it.
    public struct Header: Sendable, Equatable, Decodable {
        public struct Exemptions: Sendable, Equatable, Decodable {
            public let file: String
            public let digest: String
        }

        public struct Times: Sendable, Equatable, Decodable {
            public let startedAt: String
            public let finishedAt: String
        }

        public let tool: RunInfo.Tool?
        public let asOf: CivilDate
        public let phase: EvaluationContext.RunPhase
        public let failOn: FailOn?
        public let ruleSet: RunInfo.RuleSetInfo
        public let exemptions: Exemptions?
        public let shard: Shard?
        public let run: Times?
    }

    public enum Form: Sendable { case json, jsonLines }

    /// How many documents the decoding threads may run ahead of delivery: enough to keep them
    /// busy while delivery writes; each is held in the decoding thread's arena until delivered.
    static let window = 64

    /// A JSON report's documents.
    private struct Documents: Decodable { let documents: [DocumentResult] }

    public let path: String
    public let form: Form
    public let header: Header

    /// Reads a part's header. A file that is neither a JSON report nor a JSON Lines report, or
    /// that lacks the header's keys, is a `MergeError` naming it.
    public init(path: String) throws(MergeError) {
        self.path = path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw MergeError(path, "cannot read it: \(error.localizedDescription)")
        }
        let firstByte = data.first { !Whitespace.contains($0) }
        let decoder = JSONDecoder()
        do {
            if firstByte == UInt8(ascii: "{"), let header = try? decoder.decode(Header.self, from: data) {
                form = .json
                self.header = header
                return
            }
            // JSON Lines: the header is the last line.
            guard let last = Self.lastLine(data) else { throw MergeError(path, "it is empty") }
            form = .jsonLines
            header = try decoder.decode(Header.self, from: last)
        } catch let e as MergeError {
            throw e
        } catch {
            throw MergeError(path, "not a qapcheck JSON or JSON Lines report (\(Self.reason(error)))")
        }
    }

    /// Calls `body` with each document, made into what it needs by `transform`, in the part's
    /// order. A JSON Lines part is decoded a line at a time on `jobs` threads, in parallel (the
    /// decoding is most of a merge); a JSON report is decoded whole.
    public func forEachDocument<Item: Sendable>(jobs: Int = 1, transform: @escaping @Sendable (DocumentResult) -> Item, _ body: (Item) throws -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        switch form {
        case .json:
            let documents: [DocumentResult]
            do { documents = try JSONDecoder().decode(Documents.self, from: data).documents } catch {
                throw MergeError(path, "a document cannot be read (\(Self.reason(error)))")
            }
            for d in documents { try body(transform(d)) }
        case .jsonLines:
            // The last line is the header.
            let lines = Self.lines(data).dropLast()
            let path = self.path
            let decode: @Sendable (Int) -> Result<Item, MergeError> = { i in
                do { return .success(transform(try JSONDecoder().decode(DocumentResult.self, from: lines[i]))) } catch {
                    return .failure(MergeError(path, "line \(i + 1) is not a document (\(Self.reason(error)))"))
                }
            }
            guard jobs > 1, lines.count > 1 else {
                for i in lines.indices { try body(decode(i).get()) }
                return
            }
            try Batch.ordered(count: lines.count, workers: min(jobs, lines.count), window: Self.window, make: { _, i in decode(i) }) { try body($0.get()) }
        }
    }

    /// The lines of a file that hold more than whitespace, as slices of it (no copies).
    static func lines(_ data: Data) -> [Data] {
        var out: [Data] = []
        data.withUnsafeBytes { raw in
            var start = 0
            var blank = true
            for (i, byte) in raw.enumerated() {
                if byte == UInt8(ascii: "\n") {
                    if !blank { out.append(data[data.startIndex + start ..< data.startIndex + i]) }
                    start = i + 1
                    blank = true
                } else if blank && !Whitespace.contains(byte) {
                    blank = false
                }
            }
            if !blank { out.append(data[data.startIndex + start ..< data.endIndex]) }
        }
        return out
    }

    /// The last line that holds more than whitespace, found from the end: a part's header,
    /// without reading its documents.
    static func lastLine(_ data: Data) -> Data? {
        var end = data.endIndex
        while end > data.startIndex {
            let start = data[..<end].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex
            let line = data[start..<end]
            if line.contains(where: { !Whitespace.contains($0) }) { return line }
            end = start == data.startIndex ? start : start - 1
        }
        return nil
    }

    /// A decoding error in a sentence: the key it missed or the value it could not read.
    static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not JSON" : "'\(path)' is not what a report holds"
        default: return "\(error)"
        }
    }
}

/// A part `merge` refuses, or a set of parts that do not make one batch: exit 3, naming it.
public struct MergeError: Error, CustomStringConvertible, Equatable {
    public let path: String?
    public let message: String

    public init(_ path: String?, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}
