import Foundation
import QAPCheckTestSupport

/// `cel-conformance [DIR] [--verbose]`: runs the CEL conformance cases of a folder (default
/// ../shared/conformance/cel) and ends with `N passed, N failed, N skipped`; exit 1 on a failure.
let arguments = CommandLine.arguments.dropFirst()
let verbose = arguments.contains("--verbose")
let directory = arguments.first { !$0.hasPrefix("--") } ?? "../shared/conformance/cel"
do {
    let outcome = try CELConformance.run(directory: URL(fileURLWithPath: directory))
    if verbose || outcome.failed > 0 {
        for line in outcome.failures { print("FAIL \(line)") }
    }
    print(outcome.summary)
    exit(outcome.failed > 0 ? 1 : 0)
} catch {
    FileHandle.standardError.write(Data("cel-conformance: cannot read \(directory): \(error)\n".utf8))
    exit(3)
}
