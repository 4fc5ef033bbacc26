import Foundation
import XCTVapor
@testable import App

final class BackupTests: XCTestCase {
    func testARestoredSnapshotBringsBackTheDataAsItWas() async throws {
        try await withApp { app in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-backup-\(UUID().uuidString).bak").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let before = try await app.count("beneficiaries")
            XCTAssertEqual(before, 36)
            try await Backup.backup(app, to: file)
            await XCTAssertThrowsErrorAsync(try await Backup.backup(app, to: file), "an existing snapshot is never overwritten")

            let cases = try await app.count("accompaniments")
            for table in ["outcomes", "referrals", "plan_actions", "interactions", "accompaniments", "businesses", "beneficiary_terms", "beneficiaries"] {
                try await app.sql.raw("DELETE FROM \(unsafeRaw: table)").run()
            }
            try await app.sql.raw("UPDATE users SET display_name = 'changed'").run()
            expectEqual(try await app.count("beneficiaries"), 0)

            try await Backup.restore(app, from: file)
            expectEqual(try await app.count("beneficiaries"), before)
            expectEqual(try await app.count("accompaniments"), cases)
            expectEqual(try await app.count("users", where: "display_name = 'changed'"), 0)
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await browser.get("/readyz").status, .ok)
        }
    }

    func testADamagedSnapshotIsRefusedAndChangesNothing() async throws {
        try await withApp { app in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-garbage-\(UUID().uuidString).bak")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data("this is not a snapshot".utf8).write(to: file)
            await XCTAssertThrowsErrorAsync(try await Backup.restore(app, from: file.path))
            expectEqual(try await app.count("beneficiaries"), 36)
        }
    }
}
