import Foundation

/// `qapcheck history`: the recorded runs, oldest first: id, start, end, as-of, rule set and
/// digest, and the counts. Text for a person, JSON for a script.
public enum RunListing {
    public static func text(_ runs: [RecordedRun]) -> String {
        guard !runs.isEmpty else { return "No runs recorded.\n" }
        return runs.map { r in
            "run \(r.id): \(r.startedAt) to \(r.finishedAt), as of \(r.asOf), \(r.phase) phase, \(r.ruleSetName) \(r.ruleSetVersion) (\(r.ruleSetDigest))"
                + (r.shard.map { ", shard \($0)" } ?? "")
                + ": \(r.documents) document\(r.documents == 1 ? "" : "s"), \(r.pass) pass, \(r.fail) fail, \(r.error) error; "
                + "\(r.deviations) deviation\(r.deviations == 1 ? "" : "s")\n"
        }.joined()
    }

    public static func json(_ runs: [RecordedRun]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(["runs": runs]) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
