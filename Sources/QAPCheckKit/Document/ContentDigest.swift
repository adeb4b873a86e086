import Crypto
import Foundation

/// The digests qapcheck records: of a file's bytes, and of a finding's identity.
public enum ContentDigest {
    /// SHA-256 of bytes, as lowercase hex.
    public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// A finding's identity across runs: rule id, document id (the path when it has none) and
    /// pointer, hashed; the line is left out, so an edit that moves a finding does not make it new.
    public static func fingerprint(rule: String, document: String, pointer: String) -> String {
        hex(fingerprintDigest(rule: rule, document: document, pointer: pointer))
    }

    /// The fingerprint as its 32 bytes, as the history keeps it.
    public static func fingerprintBytes(rule: String, document: String, pointer: String) -> [UInt8] {
        Array(fingerprintDigest(rule: rule, document: document, pointer: pointer))
    }

    private static func fingerprintDigest(rule: String, document: String, pointer: String) -> SHA256.Digest {
        SHA256.hash(data: Data("\(rule)\u{0}\(document)\u{0}\(pointer)".utf8))
    }

    /// Bytes as lowercase hex (`String(format: "%02x")` a byte cost a thousand instructions).
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
