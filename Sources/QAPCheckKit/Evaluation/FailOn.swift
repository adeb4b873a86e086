/// Which deviations fail a document (`--fail-on`): errors (the default), warnings too, or none,
/// for a run that only reports.
public enum FailOn: String, Sendable, Codable, CaseIterable {
    case error, warning, never

    /// Whether a document with these deviations fails.
    public func fails(_ all: [Deviation]) -> Bool {
        // What an exemption covers fails nothing, and neither does a notice of a date due soon.
        let deviations = all.filter { $0.outcome == .fail || $0.outcome == .indeterminate }
        switch self {
        case .error: return deviations.contains { $0.severity == .error }
        case .warning: return !deviations.isEmpty
        case .never: return false
        }
    }
}
