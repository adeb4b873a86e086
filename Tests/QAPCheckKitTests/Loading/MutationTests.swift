import Foundation
import Testing
@testable import QAPCheckKit

/// Damaged dossiers: every mutation of a valid file must load or give a `DocumentError`, and
/// whatever loads must evaluate; nothing may crash the batch.
@Suite("Mutated dossiers never crash the loaders or the rules")
struct MutationTests {
    /// A small deterministic generator, so a failure can be reproduced.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds = ["forms/application.json", "forms/application-attributes.xml", "forms/application-elements.xml",
                        "rules/IMI-AUDIT-INTERVAL/fail-overdue-by-a-day.json", "rules/IMI-LISTING-GRACE/warn-in-grace.xml"]

    @Test(arguments: seeds)
    func mutationsLoadOrFailCleanly(seed: String) throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Repo.fixture(seed))))
        let ruleSet = try RuleSetLoader.load(path: Repo.rules.path)
        let validator = Validator(ruleSet: ruleSet)
        let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!)
        var rng = SplitMix(state: UInt64(seed.utf8.count) &* 7919)
        let noise: [UInt8] = Array("{}[]<>\"'&;:,=/\\ \n\t0-9.eE".utf8) + [0x00, 0xC3, 0xFF, 0xE2, 0x80]
        var loaded = 0, refused = 0
        // QAPCHECK_MUTATIONS raises the count for a longer hunt.
        let rounds = Int(ProcessInfo.processInfo.environment["QAPCHECK_MUTATIONS"] ?? "") ?? 150
        for _ in 0..<rounds {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = noise.randomElement(using: &rng)!
                case 1: bytes.insert(noise.randomElement(using: &rng)!, at: at)
                case 2: bytes.remove(at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            do {
                let dossier = try Repo.loader().load(bytes: bytes, file: seed)
                _ = validator.validate(dossier, context: context)
                loaded += 1
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        // Mutations that keep a dossier readable and ones that break it both occur, so both the
        // validator and the error paths were exercised.
        #expect(loaded > 0)
        #expect(refused > 0)
    }
}
