import Foundation

/// `.qapcheck.yml`: the options a project keeps beside its dossiers, so that CI and people run
/// `qapcheck validate` the same way. Options given on the command line win over it.
///
/// Paths in it (`rules`, the files of `reports`) are relative to the file's own folder, so the
/// file means the same whichever folder the command runs in.
public struct RunConfiguration: Sendable, Equatable {
    public var file: String
    public var rules: String?
    /// The exemptions file (`exemptions`), relative to the configuration file.
    public var exemptions: String?
    /// The history database (`history`), relative to the configuration file: validate records
    /// every run there, and `history` and `diff` read it.
    public var history: String?
    /// `dueWithin`: days ahead to give notice of dates falling due.
    public var dueWithin: Int?
    public var phase: EvaluationContext.RunPhase?
    public var failOn: FailOn?
    public var exclude: [String] = []
    public var jobs: Int?
    /// `FORMAT=FILE`, with FILE resolved against the file's folder.
    public var reports: [String] = []

    public init(file: String) {
        self.file = file
    }

    public static let fileName = ".qapcheck.yml"
    static let keys: Set<String> = ["rules", "phase", "failOn", "exclude", "jobs", "reports", "exemptions", "history", "dueWithin"]

    /// The configuration file for a run started in `folder`: there, or in the nearest parent that
    /// has one; the search stops at a folder holding `.git` (the project's root).
    public static func find(from folder: String) -> String? {
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return nil }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Reads a configuration file; any unknown key or bad value names its file, line and column.
    public static func load(path: String) throws(ConfigurationError) -> RunConfiguration {
        do {
            return try read(path: path)
        } catch let error as RuleSetError {
            throw ConfigurationError(file: error.file, line: error.line, column: error.column, message: error.message)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: path, line: nil, column: nil, message: "\(error)")
        }
    }

    private static func read(path: String) throws -> RunConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(file: path, line: nil, column: nil, message: "cannot read the configuration file: \(error.localizedDescription)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        func resolved(_ p: String) -> String { p.hasPrefix("/") || folder.isEmpty ? p : (folder as NSString).appendingPathComponent(p) }
        var config = RunConfiguration(file: path)
        for (key, value, _) in try YAMLValue.parse(text, file: path).mapping(allowed: keys, what: "the configuration") {
            switch key {
            case "rules": config.rules = resolved(try value.string(what: "rules"))
            case "exemptions": config.exemptions = resolved(try value.string(what: "exemptions"))
            case "history": config.history = resolved(try value.string(what: "history"))
            case "dueWithin":
                guard let days = Int(try value.string(what: "dueWithin")), days >= 0 else { throw value.error("dueWithin must be a number of days, 0 or more") }
                config.dueWithin = days
            case "phase":
                let name = try value.string(what: "phase")
                guard let phase = EvaluationContext.RunPhase(rawValue: name) else {
                    throw value.error("phase must be one of \(EvaluationContext.RunPhase.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
                }
                config.phase = phase
            case "failOn":
                let name = try value.string(what: "failOn")
                guard let failOn = FailOn(rawValue: name) else {
                    throw value.error("failOn must be one of \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
                }
                config.failOn = failOn
            case "exclude": config.exclude = try value.strings(what: "exclude")
            case "jobs":
                guard let jobs = Int(try value.string(what: "jobs")), jobs >= 1 else { throw value.error("jobs must be a whole number, 1 or more") }
                config.jobs = jobs
            case "reports":
                for item in try value.sequence(what: "reports") {
                    let entry = try item.string(what: "a report")
                    guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex, entry.index(after: eq) != entry.endIndex else {
                        throw item.error("a report is FORMAT=FILE, not '\(entry)'")
                    }
                    let format = String(entry[..<eq])
                    guard ReportFormat(rawValue: format) != nil else {
                        throw item.error("unknown report format '\(format)'; one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let file = String(entry[entry.index(after: eq)...])
                    config.reports.append(String(entry[..<eq]) + "=" + (file == "-" ? file : resolved(file)))
                }
            default: break
            }
        }
        return config
    }
}

/// A configuration file that cannot be used: where, when the place is known, and why.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public var description: String {
        guard let line, let column else { return "\(file): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}
