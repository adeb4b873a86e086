import Foundation
import PropertyBased
import Synchronization
import Testing
@testable import QAPCheckKit

/// Properties over generated inputs; a failure prints the generated input and the seed that
/// makes it again (`.fixedSeed`).
@Suite("Properties")
struct PropertyTests {
    static let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)
    static let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!)

    /// What a finding says, without where it is in the file (lines differ between encodings).
    struct Finding: Hashable {
        let rule: RuleID, pointer: String, message: String, expected: String?, actual: String?
        init(_ d: Deviation) {
            rule = d.rule; pointer = d.location.pointer.description; message = d.message; expected = d.expected; actual = d.actual
        }
    }

    static func findings(_ text: String, as file: String) throws -> (Verdict, [Finding]) {
        let dossier = try Repo.load(text, as: file)
        let result = Validator(ruleSet: ruleSet).validate(dossier, context: context)
        return (result.verdict, result.deviations.map(Finding.init).sorted { ($0.pointer, $0.rule.rawValue, $0.message) < ($1.pointer, $1.rule.rawValue, $1.message) })
    }

    @Test func jsonAndBothXMLStylesOfOneTreeGiveTheSameFindings() async {
        let schema = Repo.schemas["mediator-application"]
        let kinds = Mutex(Set<RuleID>())
        await propertyCheck(count: 60, input: Gen.uint64(in: 1...UInt64.max)) { seed in
            let dossier = GeneratedDossier(seed: seed)
            do {
                let json = try Self.findings(dossier.json, as: "g.json")
                let attributes = try Self.findings(dossier.xml(.attributes, schema: schema), as: "g.xml")
                let elements = try Self.findings(dossier.xml(.elements, schema: schema), as: "g.xml")
                #expect(json.0 == attributes.0 && json.0 == elements.0, "verdicts differ for seed \(seed)")
                #expect(json.1 == attributes.1, "JSON and XML attributes differ for seed \(seed)")
                #expect(json.1 == elements.1, "JSON and XML elements differ for seed \(seed)")
                kinds.withLock { $0.formUnion(json.1.map(\.rule)) }
            } catch {
                Issue.record("seed \(seed): a generated dossier did not load: \(error)")
            }
        }
        // The dossiers reach the boundaries: many different rules found something.
        #expect(kinds.withLock { $0.count } >= 6, "\(kinds.withLock { $0 })")
    }

    @Test func loadersNeverCrashOnMutatedInput() async throws {
        let seeds = try ["forms/application.json", "forms/application-attributes.xml", "forms/application-elements.xml"].map {
            ($0, Array(try Data(contentsOf: URL(fileURLWithPath: Repo.fixture($0)))))
        }
        let validator = Validator(ruleSet: Self.ruleSet)
        await propertyCheck(count: 300, input: Gen.int(in: 0...2), Gen.uint64(in: 1...UInt64.max), Gen.int(in: 1...12)) { which, seed, edits in
            var rng = MutationTests.SplitMix(state: seed)
            var bytes = seeds[which].1
            for _ in 0..<edits where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: Array(bytes[at..<min(bytes.count, at + 64)]), at: at)
                default: bytes.insert(["<", "{", "\"", "&", "]", "\u{0}"].map { UInt8(ascii: $0) }[Int(rng.next() % 6)], at: at)
                }
            }
            do throws(DocumentError) {
                let dossier = try Repo.loader().load(bytes: bytes, file: seeds[which].0)
                let result = validator.validate(dossier, context: Self.context)
                #expect(result.verdict != .error)
            } catch {
                #expect(!error.message.isEmpty, "an error without words for seed \(seed)")
            }
        }
    }

    @Test func theNumberOfWorkersAndTheWindowNeverChangeTheResults() async throws {
        let files = Array(InputFiles.collect([Repo.fixtures.appendingPathComponent("rules").path, Repo.fixtures.appendingPathComponent("bad").path]))
        let reference = try Self.run(files, jobs: 1, window: 1)
        await propertyCheck(count: 12, input: Gen.int(in: 1...5), Gen.int(in: 1...64), Gen.uint64(in: 1...UInt64.max)) { jobs, window, seed in
            var rng = MutationTests.SplitMix(state: seed)
            let subset = files.indices.filter { _ in rng.next() % 3 != 0 }
            do {
                let results = try Self.run(subset.map { files[$0] }, jobs: jobs, window: window)
                #expect(results == subset.map { reference[$0] }, "jobs \(jobs), window \(window), seed \(seed)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    static func run(_ files: [InputPath], jobs: Int, window: Int) throws -> [DocumentResult] {
        let worker = Batch.Worker(loader: Repo.loader(), validator: Validator(ruleSet: ruleSet))
        let batch = Batch(workers: Array(repeating: worker, count: jobs), context: context, window: window)
        var out: [DocumentResult] = []
        try batch.run(files) { out.append($0) }
        return out
    }
}
