import SQLKit
import XCTVapor
@testable import App

final class AuditBufferTests: XCTestCase {
    func testReadsHeldInTheBufferAreWrittenWhenAnInstanceStops() async throws {
        try await withApp { first in
            let second = try await Application.make(.testing)
            try await configure(second, config: first.config, serveLifecycle: false)
            try await DatabaseSetup.prepareSQLite(second)
            let browser = TestBrowser(second)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await browser.get("/beneficiaries").status, .ok)
            try await second.asyncShutdown()

            let written = try await first.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'list' AND actor_label = 'advisor.casa@demo.maillage.ma'
                """).first()!.decode(column: "n", as: Int.self)
            XCTAssertEqual(written, 1, "the second instance wrote its pending read entry as it stopped")
        }
    }

    func testTheBufferWritesInBatchesAndKeepsEntriesWhenTheDatabaseFails() async throws {
        try await withApp(demo: false) { app in
            let buffer = app.auditBuffer
            for index in 0..<(AuditBuffer.batchSize * 2 + 7) {
                await buffer.add(AuditEntry(actorUserID: nil, actorLabel: "bulk", action: .read, entity: "beneficiary",
                                            entityID: String(index), summary: "", address: nil, requestID: nil))
            }
            try await app.sql.raw("ALTER TABLE audit_entries RENAME TO audit_entries_away").run()
            await XCTAssertThrowsErrorAsync(try await buffer.flush())
            try await app.sql.raw("ALTER TABLE audit_entries_away RENAME TO audit_entries").run()
            expectEqual(try await app.count("audit_entries", where: "actor_label = 'bulk'"), AuditBuffer.batchSize * 2 + 7)
        }
    }
}

extension AuditBufferTests {
    /// Many requests flushing at once (pages that show the audit trail do) all finish, and everything is written.
    func testConcurrentFlushesAllFinish() async throws {
        try await withApp { app in
            let buffer = app.auditBuffer
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        await buffer.add(AuditEntry(actorUserID: nil, actorLabel: "test", action: .read, entity: "beneficiary", entityID: String(index),
                                                    summary: "", address: nil, requestID: nil))
                        try await buffer.flush()
                    }
                }
                try await group.waitForAll()
            }
            expectEqual(try await app.count("audit_entries", where: "actor_label = 'test'"), 64)
        }
    }
}
