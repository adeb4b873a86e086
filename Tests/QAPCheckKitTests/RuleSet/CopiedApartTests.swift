import Foundation
import Testing
import Yams
@testable import QAPCheckKit

/// The workers' rule set copies are compiled from one reading of the files, each from a draft
/// copied apart: the copy must be the same draft, and share nothing with the one it was made from.
@Suite("Drafts copied apart")
struct CopiedApartTests {
    /// Where a string's bytes are stored, for strings too long to be stored inline.
    static func storage(_ text: String) -> UnsafeRawPointer? {
        guard text.utf8.count > 15 else { return nil }
        return text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    /// Walks two trees side by side; every pair of nodes must be alike and share no tag or
    /// string storage. Returns how many long strings were compared.
    static func expectApart(_ a: Yams.Node, _ b: Yams.Node) -> Int {
        #expect(a == b)
        #expect(a.tag !== b.tag, "a tag is Yams' to resolve in place: each tree needs its own")
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            #expect(x.mark?.line == y.mark?.line && x.mark?.column == y.mark?.column && x.style == y.style)
            guard let p = storage(x.string) else { return 0 }
            #expect(p != storage(y.string), "\(x.string.prefix(40))")
            return 1
        case (.mapping(let x), .mapping(let y)):
            return zip(x, y).map { expectApart($0.0.key, $0.1.key) + expectApart($0.0.value, $0.1.value) }.reduce(0, +)
        case (.sequence(let x), .sequence(let y)):
            return zip(x, y).map { expectApart($0.0, $0.1) }.reduce(0, +)
        default:
            Issue.record("different kinds of node: \(a) and \(b)")
            return 0
        }
    }

    /// The built-in rule set's draft and its copy: every field the same (`dump` shows each, so a
    /// field the copy forgets shows), and every rule's tree and parameter apart.
    @Test func aCopiedDraftIsTheSameDraftSharingNothing() throws {
        let draft = try RuleSetLoader.readDraft(path: RuleSetFiles.builtIn)
        let copy = draft.copiedApart
        var original = "", copied = ""
        dump(draft, to: &original)
        dump(copy, to: &copied)
        #expect(original == copied)
        #expect(original.count > 100_000, "the dump shows the whole draft")

        let compared = zip(draft.rules, copy.rules).map { Self.expectApart($0.0.node, $0.1.node) }.reduce(0, +)
        #expect(compared > 200, "the rules' long strings were compared")
        for (a, b) in zip(draft.parameters, copy.parameters) {
            for (x, y) in zip(a.values, b.values) {
                guard case .string(let s) = x.value, case .string(let t) = y.value, let p = Self.storage(s) else { continue }
                #expect(p != Self.storage(t))
            }
        }
        #expect(Self.storage(draft.description) != Self.storage(copy.description) || Self.storage(draft.description) == nil)
    }

    /// Compiled from a copy, the rule set is the one compiled from the files: same digest, same
    /// rules, and the same report of every fixture.
    @Test func aRuleSetCompiledFromACopyJudgesAsTheOriginal() throws {
        let draft = try RuleSetLoader.readDraft(path: Repo.rules.path)
        let copy = draft.copiedApart
        let fromCopy = try RuleSetLoader.compile(copy)
        let fromFiles = try RuleSetLoader.compile(draft)
        #expect(fromCopy.digest == fromFiles.digest)
        #expect(fromCopy.rules.map(\.id) == fromFiles.rules.map(\.id))
        let asOf = CivilDate(parsing: "2026-11-22")!
        var judged = 0
        for fixture in InputFiles.collect([Repo.fixtures.path]) {
            let a = Batch(ruleSet: fromCopy, context: EvaluationContext(asOf: asOf), jobs: 1).evaluate(file: fixture)
            let b = Batch(ruleSet: fromFiles, context: EvaluationContext(asOf: asOf), jobs: 1).evaluate(file: fixture)
            #expect(a == b, "\(fixture)")
            judged += a.deviations.isEmpty ? 0 : 1
        }
        #expect(judged > 10, "fixtures with deviations compared")
    }
}
