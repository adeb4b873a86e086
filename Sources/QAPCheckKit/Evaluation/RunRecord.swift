import Foundation

/// When a run started and finished, as every report records it (cli.md, "Run record"). These
/// are the only things two reports of the same inputs may differ in.
public struct RunRecord: Sendable, Equatable {
    public let startedAt: Date
    public let finishedAt: Date

    public init(startedAt: Date, finishedAt: Date) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The record of a run whose header and summary both know their times; nil otherwise (a
    /// report rendered outside a run, in a test).
    public init?(_ header: RunInfo, _ summary: ReportSummary?) {
        guard let start = header.startedAt, let end = summary?.finishedAt else { return nil }
        self.init(startedAt: start, finishedAt: end)
    }

    public var durationSeconds: Double { max(0, finishedAt.timeIntervalSince(startedAt)) }

    /// UTC, ISO 8601, to the nearest millisecond: `2026-11-23T13:30:40.123Z`.
    public static func iso(_ date: Date) -> String {
        func floorDivision(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
        let scaled = (date.timeIntervalSince1970 * 1000).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "invalid" }
        let millis = Int64(scaled)
        let seconds = floorDivision(millis, 1000)
        let day = floorDivision(seconds, 86_400)
        let secondOfDay = seconds - day * 86_400
        guard let civil = CivilDate(dayNumber: Int(day)) else { return "invalid" }
        // Written out by hand: `String(format:)` cost a million instructions a call.
        func padded(_ value: Int64, _ width: Int) -> String { CivilDate.padded(Int(value), width: width) }
        return civil.description + "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":"
            + padded(secondOfDay % 60, 2) + "." + padded(millis - seconds * 1000, 3) + "Z"
    }

    /// The date `iso` wrote (reading a report back, to merge shards); nil for other text.
    public static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = CivilDate(parsing: String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let clock = parts[1].dropLast().split(separator: ":")
        guard clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let s = Double(clock[2]), (0..<24).contains(h), (0..<60).contains(m), s >= 0, s < 61 else {
            return nil
        }
        let seconds = Double(day.dayNumber) * 86_400 + Double(h * 3600 + m * 60) + s
        return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
    }

    public var startedText: String { Self.iso(startedAt) }
    public var finishedText: String { Self.iso(finishedAt) }
    /// Seconds to the millisecond, as text.
    public var durationText: String { String(format: "%.3f", durationSeconds) }
}
