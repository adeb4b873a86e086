import Foundation
import Testing
@testable import QAPCheckKit

@Suite struct ThreadLocalTests {
    final class Box: @unchecked Sendable {
        var uses = 0
    }

    /// Each thread gets an object of its own, the same one every time it asks, and the object is
    /// released when its thread ends (so a batch's workers leave nothing behind).
    @Test func eachThreadHasItsOwnObjectReleasedWhenTheThreadEnds() {
        let local = ThreadLocal { Box() }
        let seen = Locked<[ObjectIdentifier]>([])
        final class Weak: @unchecked Sendable { weak var box: Box? }
        let weaks = (0..<4).map { _ in Weak() }
        let done = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0)
        for i in 0..<4 {
            let thread = Thread {
                let first = local.value
                first.uses += 1
                let again = local.value
                again.uses += 1
                #expect(first === again && first.uses == 2, "one object per thread")
                weaks[i].box = first
                seen.withLock { $0.append(ObjectIdentifier(first)) }
                done.signal()
                // Alive until all four are counted, so no object's address is reused meanwhile.
                finish.wait()
            }
            thread.start()
        }
        for _ in 0..<4 { done.wait() }
        #expect(Set(seen.withLock { $0 }).count == 4, "four threads, four objects")
        for _ in 0..<4 { finish.signal() }
        // The threads end just after they signal; their objects go with them.
        let deadline = Date().addingTimeInterval(5)
        while weaks.contains(where: { $0.box != nil }), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(weaks.allSatisfy { $0.box == nil }, "released when each thread ended")
    }
}
