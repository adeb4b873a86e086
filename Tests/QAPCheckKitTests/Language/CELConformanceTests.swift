import Foundation
import Testing
@testable import QAPCheckKit
import QAPCheckTestSupport

@Suite("CEL conformance")
struct CELConformanceTests {
    static let directory = Repo.root.deletingLastPathComponent().appendingPathComponent("shared/conformance/cel")

    @Test(.enabled(if: Repo.hasShared, Repo.sharedReason))
    func everyCaseOutsideTheExcludedFeaturesPasses() throws {
        #expect(FileManager.default.fileExists(atPath: Self.directory.path), "the conformance cases are expected in ../shared/conformance/cel")
        let outcome = try CELConformance.run(directory: Self.directory)
        #expect(outcome.failed == 0, "\(outcome.failures.joined(separator: "\n"))")
        #expect(outcome.passed >= 1200)
    }

    @Test func onlyTheDocumentedFeaturesAreSkipped() {
        #expect(Set(CELConformance.unsupportedFeatures.keys) == ["proto"], "only protocol buffer messages are left out")
    }
}
