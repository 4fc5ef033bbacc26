import SQLKit
import XCTVapor
@testable import App

/// A referral nobody answers is followed up, once a week, by e-mail to the partner's officers and the advisor.
final class ReferralReminderTests: XCTestCase {
    func testAWaitingReferralIsRemindedOnceAWeek() async throws {
        try await withApp { app in
            // The demo referral to the bank was sent ten days ago and never answered.
            // A minute ahead of the clock, so the messages the sweep queues are due within the same run.
            let start = Date().addingTimeInterval(60)
            try await ReferralReminders.schedule(on: app.sql, at: start)
            try await ReferralReminders.schedule(on: app.sql, at: start)
            expectEqual(try await app.count("jobs", where: "kind = 'remind_referrals' AND status = 'queued'"), 1, "one sweep waits, however many instances start")

            try await app.runJobs(at: start)
            let sent = await app.recorder.sent
            let partner = sent.filter { $0.template == "referral_reminder_partner" }
            XCTAssertEqual(partner.map(\.to), ["partner.bank@demo.maillage.ma"])
            XCTAssertTrue(partner.first?.body.contains("Intelaka") ?? false)
            XCTAssertTrue(partner.first?.body.contains("10 jours") ?? false, partner.first?.body ?? "")
            XCTAssertEqual(sent.filter { $0.template == "referral_reminder_advisor" }.map(\.to), ["advisor.casa@demo.maillage.ma"])

            // The next sweep, an hour later, finds nothing new; a week later the partner is reminded again.
            try await app.runJobs(at: start.addingTimeInterval(3_700))
            expectEqual(await app.recorder.sent.filter { $0.template == "referral_reminder_partner" }.count, 1)
            let referral = try unwrap(try await app.id(of: "referrals", where: "measure = 'Intelaka'"))
            let later = start.addingTimeInterval(8 * 86_400)
            expectEqual(try await ReferralReminders(sql: app.sql).sweep(now: later), 1)
            try await app.sql.raw("UPDATE referrals SET status = 'accepted' WHERE id = \(bind: referral)").run()
            expectEqual(try await ReferralReminders(sql: app.sql).sweep(now: later.addingTimeInterval(8 * 86_400)), 0, "an answered referral is left alone")
        }
    }
}
