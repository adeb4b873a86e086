import Foundation

/// Everything a validation run needs, as plain values: which files, which rules, judged when
/// and how. Any front end (the command line, a test, a server one day) fills one in and hands it
/// to `ValidationRun`; none of them wires the batch itself.
public struct ValidationRequest: Sendable {
    /// Files, or folders searched recursively for `*.json` and `*.xml`.
    public var paths: [String]
    /// The `--files-from` list (one path a line), when there is one.
    public var listing: InputListing?
    /// The rule set: a folder holding one rule set file, or the file.
    public var ruleSetPath: String
    public var context: EvaluationContext
    public var limits: LoadLimits
    /// Parallel workers; each gets its own compiled copy of the rule set.
    public var jobs: Int
    /// The files the run's reports go to: never read as dossiers.
    public var reports: [String]
    /// Globs of paths not to read (`--exclude`).
    public var exclude: [String]
    /// `--path-base`: reports show paths relative to this folder (absolute, no trailing `/`);
    /// nil shows them as given.
    public var pathBase: String?
    /// The name reports give a dossier read from standard input (the path `-`).
    public var standardInputName = "<stdin>"
    /// `--shard K/N`: only this share of the sorted input list.
    public var shard: Shard?
    /// Whether each result carries its file's SHA-256 (for the history).
    public var digestsContent = false
    /// Whether finding no dossier is a run like any other (`--allow-empty`) or a mistake to stop at.
    public var allowEmpty: Bool

    public init(paths: [String], listing: InputListing? = nil, ruleSetPath: String, context: EvaluationContext,
                limits: LoadLimits = .default, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, reports: [String] = [],
                exclude: [String] = [], allowEmpty: Bool = true, standardInputName: String = "<stdin>", pathBase: String? = nil) {
        self.pathBase = pathBase
        self.standardInputName = standardInputName
        self.exclude = exclude
        self.allowEmpty = allowEmpty
        self.paths = paths
        self.listing = listing
        self.ruleSetPath = ruleSetPath
        self.context = context
        self.limits = limits
        self.jobs = jobs
        self.reports = reports
    }
}
