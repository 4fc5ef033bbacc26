import Foundation
import XCTVapor
@testable import App

final class JobQueueTests: XCTestCase {
    actor Ledger {
        var runs: [String] = []
        func record(_ payload: String) { runs.append(payload) }
    }

    private func worker(_ app: Application, _ name: String, ledger: Ledger, failing: Bool = false) -> JobWorker {
        JobWorker(queue: JobQueue(database: app.sql), handlers: ["count": { payload, _ in
            await ledger.record(payload)
            if failing { throw URLError(.badServerResponse) }
        }], name: name, logger: app.logger)
    }

    func testConcurrentWorkersRunEachJobExactlyOnce() async throws {
        try await withApp(demo: false) { app in
            let queue = JobQueue(database: app.sql)
            for index in 0..<200 { try await queue.enqueue(kind: "count", payload: String(index)) }
            let ledger = Ledger()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<4 {
                    let worker = worker(app, "worker-\(index)", ledger: ledger)
                    group.addTask { try await worker.drain() }
                }
                var total = 0
                for try await count in group { total += count }
                XCTAssertEqual(total, 200)
            }
            let runs = await ledger.runs
            XCTAssertEqual(runs.count, 200)
            XCTAssertEqual(Set(runs).count, 200, "no job ran twice")
            expectEqual(try await app.count("jobs", where: "status = 'done'"), 200)
        }
    }

    func testAJobWhoseWorkerDiedIsTakenOverAfterItsLease() async throws {
        try await withApp(demo: false) { app in
            let queue = JobQueue(database: app.sql)
            let start = Date()
            try await queue.enqueue(kind: "count", payload: "orphan", runAt: start)
            expectEqual(try await queue.claim(worker: "crashed", now: start).map(\.payload), ["orphan"])
            let ledger = Ledger()
            expectEqual(try await worker(app, "rescuer", ledger: ledger).drain(now: { start.addingTimeInterval(60) }), 0)
            expectEqual(try await worker(app, "rescuer", ledger: ledger).drain(now: { start.addingTimeInterval(JobQueue.lease + 1) }), 1)
            let runs = await ledger.runs
            XCTAssertEqual(runs, ["orphan"])
        }
    }

    func testAFailingJobBacksOffThenGivesUp() async throws {
        try await withApp(demo: false) { app in
            let queue = JobQueue(database: app.sql)
            let start = Date()
            try await queue.enqueue(kind: "count", payload: "doomed", runAt: start, maxAttempts: 3)
            let ledger = Ledger()
            let failing = worker(app, "w", ledger: ledger, failing: true)
            for attempt in 0..<3 {
                let now = start.addingTimeInterval(Double(attempt) * 3600)
                expectEqual(try await failing.drain(now: { now }), 1)
                expectEqual(try await failing.drain(now: { now }), 0, "never retried at once")
            }
            expectEqual(try await app.count("jobs", where: "status = 'dead' AND attempts = 3 AND last_error IS NOT NULL"), 1)
            let muchLater = start.addingTimeInterval(86_400)
            expectEqual(try await failing.drain(now: { muchLater }), 0)
        }
    }

    /// Jobs of a kind run as a group are claimed in groups: one that fails is retried alone, the others of its group
    /// are done. Jobs of other kinds are claimed one at a time, so none waits behind a long one past its lease.
    func testAFailingJobInAGroupIsRetriedAloneAndTheOthersAreDone() async throws {
        try await withApp(demo: false) { app in
            let queue = JobQueue(database: app.sql)
            for index in 0..<10 { try await queue.enqueue(kind: "group", payload: String(index)) }
            try await queue.enqueue(kind: "count", payload: "single")
            let ledger = Ledger()
            let worker = JobWorker(queue: queue, handlers: ["count": { payload, _ in await ledger.record(payload) }],
                                   batchHandlers: ["group": { payloads, _ in
                                       await ledger.record(payloads.joined(separator: ","))
                                       return payloads.map { $0 == "4" ? .failure(URLError(.badServerResponse)) : .success(()) }
                                   }], name: "w", logger: app.logger, claimSize: 4)
            let start = Date()
            expectEqual(try await worker.drain(now: { start }), 11)
            expectEqual(try await app.count("jobs", where: "status = 'done'"), 10)
            expectEqual(try await app.count("jobs", where: "status = 'queued' AND payload = '4' AND attempts = 1"), 1)
            expectEqual(try await worker.drain(now: { start.addingTimeInterval(60) }), 1)
            let runs = await ledger.runs
            XCTAssertEqual(runs, ["0,1,2,3,4", "5,6,7,8,9", "single", "4"], "four of the group, and the oldest due job of any kind")
        }
    }

    /// An instance restarted while a recurring job runs does not start a second chain, and two chains (two instances
    /// starting at once) merge when their next runs are queued: the job keeps running once an interval.
    func testARecurringJobKeepsOneChain() async throws {
        try await withApp(demo: false) { app in
            let queue = JobQueue(database: app.sql)
            let start = Date()
            try await queue.startChain(kind: "tick", at: start)
            expectEqual(try await queue.claim(worker: "stopped", now: start).count, 1)
            try await queue.startChain(kind: "tick", at: start)
            expectEqual(try await app.count("jobs", where: "kind = 'tick'"), 1, "the run under way is the chain")

            try await queue.enqueue(kind: "tick", payload: "", runAt: start.addingTimeInterval(10))
            try await queue.continueChain(kind: "tick", at: start.addingTimeInterval(3600))
            expectEqual(try await app.count("jobs", where: "kind = 'tick' AND status = 'queued'"), 1, "the waiting run is the next one")
        }
    }
}
