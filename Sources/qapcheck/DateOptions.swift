import ArgumentParser
import Foundation
import QAPCheckKit

/// `--as-of`, shared by the commands that evaluate rules.
struct DateOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The evaluation date, YYYY-MM-DD. Default: today (UTC).")
    var asOfText: String?

    func validate() throws {
        if let asOfText, CivilDate(parsing: asOfText) == nil {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD, not '\(asOfText)'")
        }
    }

    func asOf() throws -> CivilDate {
        if let asOfText, let d = CivilDate(parsing: asOfText) { return d }
        return CivilDate.today()
    }
}
