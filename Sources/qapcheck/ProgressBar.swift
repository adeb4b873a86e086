import Foundation

/// The progress bar a long batch shows on standard error when it is a terminal: done/total,
/// documents a second, and the time left. Redrawn at most ten times a second, and at once after
/// it was cleared to let report lines onto the same terminal (so the two never share a line).
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private var done = 0
    private var lastDraw = Date.distantPast
    /// Whether the bar is on the screen now.
    private var visible = false
    /// Where the bar's text goes; standard error, but for the tests.
    private let write: (String) -> Void

    init(total: Int, enabled: Bool, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.total = total
        self.enabled = enabled
        self.write = write
    }

    func advance() {
        done += 1
        guard enabled else { return }
        let now = Date()
        if !visible || now.timeIntervalSince(lastDraw) >= 0.1 || done == total {
            lastDraw = now
            draw(now)
        }
    }

    /// Takes the bar off the screen before report lines are written to the same terminal.
    func clear() {
        guard enabled, visible else { return }
        write("\r\u{1B}[K")
        visible = false
    }

    func finish() { clear() }

    private func draw(_ now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %d/%d  %.0f docs/s  %@ left\u{1B}[K", bar, done, total, rate, Self.clock(left))
        write(line)
        visible = true
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
