import Dispatch
import Foundation
import QAPCheckKit

/// SIGINT, SIGTERM and SIGHUP stop a run cleanly: every temporary report file is removed, the
/// reports already in place stay as they were, and the exit status is 128 plus the signal (130,
/// 143, 129), as cli.md v2 says.
///
/// The signals are taken by dispatch sources, not by a C handler, so the clean-up runs on an
/// ordinary thread where taking a lock is safe, even while the main thread is blocked in a read.
enum StopSignals {
    /// Kept alive for the life of the process.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
