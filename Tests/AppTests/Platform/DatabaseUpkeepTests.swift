import SQLKit
import XCTVapor
@testable import App

/// The hourly upkeep gives SQLite the index statistics it plans with; without them, finding people by a list of
/// phones walked every live record.
final class DatabaseUpkeepTests: XCTestCase {
    func testAfterUpkeepSQLiteFindsPeopleByTheirPhoneIndex() async throws {
        try await withApp { app in
            let query: SQLQueryString = """
                EXPLAIN QUERY PLAN SELECT id FROM beneficiaries WHERE phone IN ('+212600000001', '+212600000002')
                AND merged_into_id IS NULL AND anonymised_at IS NULL
                """
            func plan() async throws -> String {
                try await app.sql.raw(query).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "; ")
            }
            let now = Date()
            let sqlite = app.sql.dialect.name == "sqlite"
            let before = sqlite ? try await plan() : ""
            try await DatabaseUpkeep.run(on: app.databaseConnections, writeQueue: app.writeQueue, now: now)
            expectEqual(try await app.count("jobs", where: "kind = \(bind: DatabaseUpkeep.jobKind) AND run_at > \(bind: now.addingTimeInterval(3500))"), 1,
                        "the next run is an hour on")
            guard sqlite else { return }
            let after = try await plan()
            XCTAssertTrue(after.contains("beneficiaries_phone"), "before: \(before); after: \(after)")
            expectEqual(try await app.count("sqlite_stat1", where: "tbl = 'beneficiaries'") > 0, true)
        }
    }

    /// Every text message is a job: jobs done more than a week ago go, a recent one and one still waiting stay.
    func testUpkeepForgetsJobsDoneOverAWeekAgo() async throws {
        try await withApp { app in
            let now = Date()
            let queue = JobQueue(database: app.sql, writeQueue: app.writeQueue)
            func run(_ kind: String, daysAgo: Double, finish: Bool) async throws {
                let time = now.addingTimeInterval(-daysAgo * 86_400)
                for payload in ["1", "2"] { try await queue.enqueue(kind: kind, payload: payload, runAt: time) }
                guard finish else { return }
                let claimed = try await queue.claim(worker: "test", limit: 10, kinds: [kind], now: time)
                expectEqual(claimed.count, 2, "both \(kind) jobs claimed")
                try await queue.complete(claimed, worker: "test", now: time.addingTimeInterval(60))
            }
            try await run("test_old", daysAgo: 9, finish: true)
            try await run("test_recent", daysAgo: 1, finish: true)
            try await run("test_waiting", daysAgo: 30, finish: false)
            try await DatabaseUpkeep.run(on: app.databaseConnections, writeQueue: app.writeQueue, now: now)
            expectEqual(try await app.count("jobs", where: "kind = 'test_old'"), 0, "done nine days ago")
            expectEqual(try await app.count("jobs", where: "kind = 'test_recent' AND status = 'done'"), 2, "done yesterday")
            expectEqual(try await app.count("jobs", where: "kind = 'test_waiting' AND status = 'queued'"), 2, "still to run")
        }
    }

    /// Statistics are gathered again only for a table whose size changed tenfold: at 2,000,000 people gathering them
    /// all every hour held SQLite's write lock long enough to fail other writers.
    func testSQLiteGathersStatisticsAgainOnlyForATableGrownTenfold() async throws {
        try await withApp(demo: false) { app in
            guard app.sql.dialect.name == "sqlite" else { return }
            try await app.sql.raw("CREATE TABLE upkeep_probe (x INTEGER)").run()
            try await app.sql.raw("CREATE INDEX upkeep_probe_x ON upkeep_probe (x)").run()
            func add(_ count: Int) async throws {
                try await app.sql.raw("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(bind: count))
                    INSERT INTO upkeep_probe (x) SELECT i FROM n
                    """).run()
            }
            func counted() async throws -> String? {
                try await app.sql.raw("SELECT stat FROM sqlite_stat1 WHERE idx = 'upkeep_probe_x'").first()?.decode(column: "stat", as: String.self)
            }
            try await add(20)
            try await DatabaseUpkeep.run(on: app.databaseConnections, writeQueue: app.writeQueue, now: Date())
            expectEqual(try await counted()?.hasPrefix("20 "), true, "a new index is analysed")
            try await add(100)
            try await DatabaseUpkeep.run(on: app.databaseConnections, writeQueue: app.writeQueue, now: Date())
            expectEqual(try await counted()?.hasPrefix("20 "), true, "six times the size: the statistics stand")
            try await add(200)
            try await DatabaseUpkeep.run(on: app.databaseConnections, writeQueue: app.writeQueue, now: Date())
            expectEqual(try await counted()?.hasPrefix("320 "), true, "sixteen times the size: gathered again")
        }
    }
}
