import Foundation
import Testing
@testable import QAPCheckKit

@Suite("The batch pipeline")
struct BatchTests {
    static let ruleSet = try! RuleSetLoader.load(path: Repo.rules.path)
    static let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!)
    static let files = Array(InputFiles.collect([Repo.fixture("rules"), Repo.fixture("bad"), "/no/such/file.json"]))

    func results(jobs: Int, window: Int) throws -> [DocumentResult] {
        let worker = Batch.Worker(loader: DossierLoader(schemas: Self.ruleSet.schemas), validator: Validator(ruleSet: Self.ruleSet))
        let batch = Batch(workers: Array(repeating: worker, count: jobs), context: Self.context, window: window)
        var out: [DocumentResult] = []
        try batch.run(Self.files) { out.append($0) }
        return out
    }

    @Test func deliversEveryFileOnceInOrderWhateverTheWorkersAndWindow() throws {
        let one = try results(jobs: 1, window: 1)
        #expect(one.map(\.file) == Self.files.map(\.display))
        #expect(one.contains { $0.verdict == .error && $0.file == "/no/such/file.json" })
        for (jobs, window) in [(2, 2), (3, 5), (4, 1024)] {
            let many = try results(jobs: jobs, window: window)
            #expect(many.map(\.file) == Self.files.map(\.display))
            #expect(many.map(\.verdict) == one.map(\.verdict))
            #expect(many.map(\.deviations) == one.map(\.deviations))
        }
    }

    @Test func anErrorInDeliveryStopsTheBatchAndIsRethrown() throws {
        struct Stop: Error {}
        let batch = Batch(ruleSet: Self.ruleSet, context: Self.context, jobs: 2)
        var delivered = 0
        #expect(throws: Stop.self) {
            try batch.run(Self.files) { _ in
                delivered += 1
                if delivered == 10 { throw Stop() }
            }
        }
        #expect(delivered == 10)
        // The stopped batch left nothing behind: the same batch runs again to the end, in order.
        var again: [String] = []
        try batch.run(Self.files) { again.append($0.file) }
        #expect(again == Self.files.map(\.display))
    }
}

@Suite("Workers")
struct WorkerCountTests {
    @Test func aRunStartsNoMoreThanFourWorkersACoreAndNoMoreThanFiles() throws {
        let context = EvaluationContext(asOf: CivilDate(parsing: "2026-11-22")!)
        let many = try ValidationRun(ValidationRequest(paths: [Repo.fixtures.path], ruleSetPath: Repo.rules.path, context: context, jobs: 5000))
        #expect(many.workerCount == min(ValidationRun.maxWorkers, many.files.count))
        #expect(many.workerCount <= 4 * ProcessInfo.processInfo.activeProcessorCount)
        let one = try ValidationRun(ValidationRequest(paths: [Repo.fixture("forms/application.json")], ruleSetPath: Repo.rules.path, context: context, jobs: 8))
        #expect(one.workerCount == 1)
    }
}
