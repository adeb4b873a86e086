import CFileSystem
import Foundation
import Synchronization

/// Asks the system to start reading the files a batch will open next, so that a batch over files
/// not in memory (a nightly run over the archive, which nothing has read since the night before)
/// keeps the disk busy with many of them at once rather than waiting for one file per worker.
///
/// It reads ahead only while that pays, on a thread of its own:
/// - Idle, it costs a thread that sleeps. Workers wake it every `stride` files they take; it
///   starts when `trigger` or more of those files were read from the disk (`FileReader`
///   counts them), so the few files of a warm batch that the system let go start nothing.
/// - Running, it keeps the files from the one a worker has just taken to `depth` past it asked
///   for (`qapcheck_read_ahead`: looked up; a regular file is opened, asked how much of it is in
///   memory without reading any, and advised when some is not; FIFOs and devices are never
///   opened).
/// - It goes idle again when nearly every file it looks at is in memory already.
final class ReadAhead<Files: RandomAccessCollection & Sendable>: Sendable where Files.Element == InputPath, Files.Index == Int {
    /// Batches of fewer files start no thread: a thread costs more than they could save.
    static var minimumFiles: Int { 64 }

    /// How many files past the one a worker has taken are asked for.
    let depth: Int
    /// Files taken between two looks at how many were read from the disk.
    let stride: Int
    /// How many of a stride's files read from the disk start the reading ahead.
    let trigger: Int

    private let files: Files
    /// How many files workers have read from the disk so far (`FileReader.readsFromDisk`).
    private let readsFromDisk: @Sendable () -> Int
    /// The highest index a worker has taken.
    private let taken = Atomic<Int>(-1)
    /// How many files it has asked the system for, and looked at, in all.
    private let asked = Atomic<Int>(0)
    private let looked = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the thread for `files`, in the order workers will take them.
    init(_ files: Files, depth: Int = 128, stride: Int = 32, trigger: Int = 2,
         readsFromDisk: @escaping @Sendable () -> Int = { FileReader.readsFromDisk.load(ordering: .relaxed) }) {
        self.files = files
        self.readsFromDisk = readsFromDisk
        self.depth = max(1, depth)
        self.stride = max(1, stride)
        self.trigger = max(0, trigger)
        let thread = Thread { [self] in
            self.run()
            self.finished.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// How many files it has asked the system to read, and how many it has looked at.
    var filesAsked: Int { asked.load(ordering: .relaxed) }
    var filesLooked: Int { looked.load(ordering: .relaxed) }

    /// A worker is about to read file `i`.
    func took(_ i: Int) {
        taken.max(i, ordering: .relaxed)
        if i % stride == 0 { wake.signal() }
    }

    /// Ends the thread and waits for it (at most one file's lookup).
    func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
        finished.wait()
    }

    private func run() {
        var next = 0
        var reading = false
        var seenFromDisk = readsFromDisk()
        // Of the files looked at since reading began or was last reviewed: how many, and how
        // many of them had to be asked for.
        var lookedInLot = 0, askedInLot = 0
        while true {
            wake.wait()
            if stopped.load(ordering: .relaxed) { return }
            let fromDisk = readsFromDisk()
            defer { seenFromDisk = fromDisk }
            if !reading {
                guard fromDisk - seenFromDisk >= trigger else { continue }
                reading = true
                lookedInLot = 0
                askedInLot = 0
            }
            let current = taken.load(ordering: .relaxed)
            next = max(next, current + 1)
            let end = min(files.count, current + 1 + depth)
            while next < end {
                if stopped.load(ordering: .relaxed) { return }
                let file = files[files.startIndex + next]
                next += 1
                lookedInLot += 1
                looked.add(1, ordering: .relaxed)
                guard !file.isStandardInput, file.withCString({ qapcheck_read_ahead($0) }) == 1 else { continue }
                askedInLot += 1
                asked.add(1, ordering: .relaxed)
            }
            // Nearly all in memory: the rest of the batch may well be too. Idle until workers
            // read from the disk again.
            if lookedInLot >= 4 * depth {
                if askedInLot * 32 < lookedInLot { reading = false }
                lookedInLot = 0
                askedInLot = 0
            }
        }
    }
}
