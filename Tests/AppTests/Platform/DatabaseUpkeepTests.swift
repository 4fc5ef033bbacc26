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
            try await DatabaseUpkeep.run(on: app.databaseConnections, now: now)
            expectEqual(try await app.count("jobs", where: "kind = \(bind: DatabaseUpkeep.jobKind) AND run_at > \(bind: now.addingTimeInterval(3500))"), 1,
                        "the next run is an hour on")
            guard sqlite else { return }
            let after = try await plan()
            XCTAssertTrue(after.contains("beneficiaries_phone"), "before: \(before); after: \(after)")
            expectEqual(try await app.count("sqlite_stat1", where: "tbl = 'beneficiaries'") > 0, true)
        }
    }
}
