import NIOConcurrencyHelpers
import XCTest
@testable import App

/// SQLite's hot writers wait in the queue, not in SQLite's sleeping busy handler: one at a time, and a failure does not keep the others out.
final class WriteQueueTests: XCTestCase {
    func testWritersRunOneAtATime() async throws {
        let queue = WriteQueue()
        let state = NIOLockedValueBox((running: 0, mostAtOnce: 0, done: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await queue.run {
                        state.withLockedValue { $0.running += 1; $0.mostAtOnce = max($0.mostAtOnce, $0.running) }
                        try await Task.sleep(for: .milliseconds(2))
                        state.withLockedValue { $0.running -= 1; $0.done += 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = state.withLockedValue { $0 }
        XCTAssertEqual(result.mostAtOnce, 1)
        XCTAssertEqual(result.done, 20)
    }

    func testAFailingWriterLetsTheNextOneIn() async throws {
        struct Failure: Error {}
        let queue = WriteQueue()
        do { try await queue.run { throw Failure() } } catch is Failure {}
        let value = try await queue.run { 42 }
        XCTAssertEqual(value, 42)
    }
}
