import Logging
import NIOConcurrencyHelpers
import NIOPosix
import SQLiteNIO
import XCTest
@testable import App

/// SQLite's hot writers wait in the queue, not in SQLite's sleeping busy handler: one at a time, and a failure does not
/// keep the others out; writes arriving together are batched, each caller getting its own outcome.
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

    func testABatcherGivesEachCallerItsOwnOutcomeAndGroupsWhatArrivesDuringAWrite() async throws {
        let sizes = NIOLockedValueBox([Int]())
        struct Odd: Error {}
        let batcher = WriteBatcher<Int, Int> { items in
            sizes.withLockedValue { $0.append(items.count) }
            try? await Task.sleep(for: .milliseconds(5))
            return items.map { $0 % 2 == 0 ? .success($0 * 10) : .failure(Odd()) }
        }
        let outcomes = await withTaskGroup(of: (Int, Int?).self) { group in
            for item in 0..<50 { group.addTask { (item, try? await batcher.submit(item)) } }
            return await group.reduce(into: [Int: Int?]()) { $0[$1.0] = $1.1 }
        }
        for item in 0..<50 { XCTAssertEqual(outcomes[item] ?? nil, item % 2 == 0 ? item * 10 : nil, "\(item)") }
        let batches = sizes.withLockedValue { $0 }
        XCTAssertEqual(batches.reduce(0, +), 50)
        XCTAssertLessThan(batches.count, 50, "callers waiting during a write share the next one")
    }

    func testABatcherWithTwoWritersWritesTwoBatchesAtOnceAndNeverThree() async throws {
        let flight = NIOLockedValueBox((now: 0, most: 0, items: 0))
        let batcher = WriteBatcher<Int, Int>(writers: 2) { items in
            flight.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now); $0.items += items.count }
            try? await Task.sleep(for: .milliseconds(5))
            flight.withLockedValue { $0.now -= 1 }
            return items.map { .success($0) }
        }
        let total = await withTaskGroup(of: Int.self) { group in
            for item in 0..<200 { group.addTask { (try? await batcher.submit(item)) ?? -1 } }
            return await group.reduce(0, +)
        }
        XCTAssertEqual(total, (0..<200).reduce(0, +))
        let seen = flight.withLockedValue { $0 }
        XCTAssertEqual(seen.most, 2)
        XCTAssertEqual(seen.items, 200)
    }
}

/// The queue's own SQLite connection: a transaction is whole or not at all, and what it commits is what every other
/// connection then reads.
final class SQLiteWriterTests: XCTestCase {
    func testATransactionThatFailsLeavesNothingAndOneThatSucceedsIsReadElsewhere() async throws {
        struct Refused: Error {}
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let writer = SQLiteWriter(path: path, eventLoop: MultiThreadedEventLoopGroup.singleton.any(), logger: Logger(label: "test"))
        let elsewhere = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            try await elsewhere.query("CREATE TABLE visits (name TEXT NOT NULL)")
            do {
                try await writer.database().transaction { sql in
                    try await sql.raw("INSERT INTO visits (name) VALUES ('half')").run()
                    throw Refused()
                }
                XCTFail("the transaction's error reaches the caller")
            } catch is Refused {}
            try await writer.database().transaction { sql in
                try await sql.run(Self.visits(["Amina", "Youssef"]))
            }
            let names = try await elsewhere.query("SELECT name FROM visits ORDER BY name").compactMap { $0.column("name")?.string }
            XCTAssertEqual(names, ["Amina", "Youssef"])
        }
        try await elsewhere.close()
        try await writer.close()
    }

    private static func visits(_ names: [String]) -> BulkInsert {
        var insert = BulkInsert(into: "visits", [("name", .text)])
        for name in names { insert.append([name]) }
        return insert
    }
}
