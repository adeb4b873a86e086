import Crypto
import Foundation

/// The anchor of a document in an HTML or Markdown report (`doc-rules-qap-hours-fail-199-5-xml-3f2a9c`):
/// readable from the path, and unique by a short hash of it, since two paths can read alike once
/// their punctuation is folded.
enum ReportAnchor {
    static func id(for file: String) -> String {
        var slug = ""
        for c in file.lowercased().unicodeScalars {
            if ("a"..."z").contains(c) || ("0"..."9").contains(c) {
                slug.unicodeScalars.append(c)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if slug.count > 60 {
            // The end of a path tells documents apart; start it at a word.
            slug = String(slug.suffix(60))
            if let dash = slug.firstIndex(of: "-") { slug = String(slug[slug.index(after: dash)...]) }
        }
        let hash = ContentDigest.hex(SHA256.hash(data: Data(file.utf8)).prefix(3))
        return "doc-" + slug + "-" + hash
    }
}
