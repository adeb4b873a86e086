import Foundation
import Testing
@testable import QAPCheckKit

@Suite("Case folds kept per thread")
struct CaseFoldMemoTests {
    static func foundationFold(_ s: String) -> [UInt8] {
        Array(s.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive], locale: nil).utf8)
    }

    /// A fold from the memo is the fold Foundation makes, byte for byte, the first time and the
    /// second, and for a text canonically equivalent to one folded before.
    @Test func aKeptFoldIsTheFoldOfTheText() {
        let memo = CaseFoldMemo()
        let texts = ["Tom\u{E1}s", "Toma\u{301}s", "STRASSE", "stra\u{DF}e", "\u{212A}elvin", "\u{130}stanbul", "\u{FB01}le", "\u{1E9E}", "", " x ",
                     "e\u{301}\u{323}", "e\u{323}\u{301}", String(repeating: "\u{C9}", count: 300)]
        for round in 0..<2 {
            for text in texts {
                let folded = memo.fold(text) { String(decoding: Self.foundationFold($0), as: UTF8.self) }
                #expect(Array(folded.utf8) == Self.foundationFold(text), "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(memo.count < texts.count, "canonically equivalent texts share one kept fold, and the long one is not kept")
    }

    /// Threads folding the same names at once each keep their own folds, and each gets the
    /// fold Foundation makes (run under the thread sanitizer by `scripts/sanitize tsan`).
    @Test func threadsFoldingAtOnceEachGetTheFold() {
        let names = ["Tom\u{E1}s Haddad", "Toma\u{301}s", "\u{212A}ELVIN", "Stra\u{DF}e", "\u{C9}lodie", "Zo\u{EB}"]
        let expected = names.map(Self.foundationFold)
        let wrong = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for round in 0..<200 {
                let i = (round + worker) % names.count
                if Array(StringFunctions.unicodeCaseFold(names[i]).utf8) != expected[i] { wrong.withLock { $0 += 1 } }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
    }

    /// However many texts a thread folds, the memo keeps at most its capacity.
    @Test func theMemoIsBounded() {
        let memo = CaseFoldMemo()
        var made = 0
        for i in 0..<(CaseFoldMemo.capacity * 2 + 7) {
            _ = memo.fold("n\u{E9}\(i)") { made += 1; return $0.lowercased() }
            #expect(memo.count <= CaseFoldMemo.capacity)
        }
        #expect(made == CaseFoldMemo.capacity * 2 + 7)
        _ = memo.fold("n\u{E9}\(CaseFoldMemo.capacity * 2 + 6)") { made += 1; return $0 }
        #expect(made == CaseFoldMemo.capacity * 2 + 7, "the last text folded is still kept")
    }
}
