import Foundation
import Testing
import Yams

/// No cluster is reachable here, so the manifests are checked as data: they parse, and the fields
/// that wire each pod's index or matrix entry to `--shard` agree with one another.
@Suite("Scale-out manifests")
struct ScaleOutManifestTests {
    static func yaml(_ path: String) throws -> [String: Any] {
        let text = try String(contentsOf: Repo.root.appendingPathComponent(path), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(path) is not a YAML mapping")
    }

    static func container(_ job: [String: Any]) throws -> [String: Any] {
        let spec = try #require(job["spec"] as? [String: Any])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        return try #require((pod["containers"] as? [[String: Any]])?.first)
    }

    @Test func theIndexedJobGivesEachPodItsShard() throws {
        let job = try Self.yaml("deploy/kubernetes/validate-shards.yaml")
        #expect(job["kind"] as? String == "Job" && job["apiVersion"] as? String == "batch/v1")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == completions)
        let container = try Self.container(job)
        let env = Dictionary(uniqueKeysWithValues: (container["env"] as? [[String: Any]] ?? []).compactMap { e in
            (e["name"] as? String).map { ($0, e["value"] as? String ?? "") }
        })
        #expect(env["SHARDS"] == String(completions), "SHARDS must equal completions")
        let line = try #require((container["args"] as? [String])?.first)
        #expect(line.contains("--shard \"$((JOB_COMPLETION_INDEX + 1))/$SHARDS\""), "the 0-based index is the 1-based shard: \(line)")
        #expect(line.contains("--as-of \"$AS_OF\"") && env["AS_OF"] != nil, "every shard judges at one date")
        #expect(line.contains("--format jsonl") && line.contains("--output \"/data/parts/part-$((JOB_COMPLETION_INDEX + 1)).jsonl\""))
        let mount = try #require((container["volumeMounts"] as? [[String: Any]])?.first)
        #expect(mount["mountPath"] as? String == "/data")
        let pod = try #require(((spec["template"] as? [String: Any])?["spec"] as? [String: Any]))
        #expect(pod["restartPolicy"] as? String == "Never")
        let claim = ((pod["volumes"] as? [[String: Any]])?.first?["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String
        #expect(claim == "qapcheck-data")

        let merge = try Self.yaml("deploy/kubernetes/merge.yaml")
        let mergeLine = try #require((try Self.container(merge)["args"] as? [String])?.first)
        #expect(mergeLine.contains("qapcheck merge /data/parts/part-*.jsonl"), "it reads the parts the shards write")
        #expect(mergeLine.contains("--history "), "the merged batch is recorded once")
        let mergePod = try #require((((merge["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]))
        #expect(((mergePod["volumes"] as? [[String: Any]])?.first?["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String == claim,
                "the same volume as the shards")
    }

    @Test func theMatrixGivesEachJobItsShardAndTheMergeJobReadsThemAll() throws {
        let workflow = try Self.yaml("deploy/github/sharded-validate.yml")
        let shards = try #require((workflow["env"] as? [String: Any])?["SHARDS"] as? Int)
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let validate = try #require(jobs["validate"] as? [String: Any])
        let matrix = try #require(((validate["strategy"] as? [String: Any])?["matrix"] as? [String: Any])?["shard"] as? [Int])
        #expect(matrix == Array(1...shards), "the matrix is 1...SHARDS")
        let steps = try #require(validate["steps"] as? [[String: Any]])
        let run = try #require(steps.compactMap { $0["run"] as? String }.first { $0.contains("validate") })
        #expect(run.contains("--shard \"${{ matrix.shard }}/$SHARDS\"") && run.contains("--as-of \"${{ needs.plan.outputs.as-of }}\""))
        #expect(run.contains("--output \"part-${{ matrix.shard }}.jsonl\""))
        let upload = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact") == true }?["with"] as? [String: Any])
        #expect(upload["name"] as? String == "part-${{ matrix.shard }}")
        let merge = try #require(jobs["merge"] as? [String: Any])
        #expect(merge["needs"] as? String == "validate")
        let mergeSteps = try #require(merge["steps"] as? [[String: Any]])
        #expect(mergeSteps.contains { (($0["with"] as? [String: Any])?["pattern"] as? String) == "part-*" })
        #expect(mergeSteps.contains { ($0["run"] as? String)?.contains("qapcheck merge parts/part-*.jsonl") == true })
    }

    @Test func theContainerFileTakesTheInstalledBinary() throws {
        let text = try String(contentsOf: Repo.root.appendingPathComponent("deploy/Containerfile"), encoding: .utf8)
        #expect(text.contains("COPY bin/qapcheck /usr/local/bin/qapcheck"))
        #expect(text.contains("libxml2") && text.contains("libsqlite3-0"), "the two system libraries the static binary links")
        #expect(text.contains("ENTRYPOINT [\"qapcheck\"]"))
    }
}
