import Foundation
import SQLKit

/// Referrals left unanswered: once a week per referral, the partner's officers and the case's advisor get an e-mail.
/// Runs as a recurring job that queues its next run, so any worker of any instance may take it; the conditional
/// UPDATE makes two sweeps at once remind each referral once.
struct ReferralReminders: Sendable {
    static let jobKind = "remind_referrals"
    static let waitBeforeReminder: TimeInterval = 7 * 86_400
    static let sweepInterval: TimeInterval = 3_600

    let sql: any SQLDatabase

    /// Queues the first sweep unless one is already waiting; called at start-up.
    static func schedule(on sql: any SQLDatabase, at time: Date = Date()) async throws {
        try await JobQueue(database: sql).startChain(kind: jobKind, at: time)
    }

    private struct Due: Decodable {
        let id: Int
        let partner_id: Int
        let measure: String?
        let sent_at: Date
        let structure_name: String
        let advisor_email: String?
        let advisor_locale: String?
    }

    /// Sends the reminders due at `now`, then queues the next sweep. Returns how many referrals were reminded.
    @discardableResult
    func sweep(now: Date = Date()) async throws -> Int {
        let due = try await sql.raw("""
            SELECT r.id, r.partner_id, r.measure, r.sent_at, s.name AS structure_name, u.email AS advisor_email, u.locale AS advisor_locale
            FROM referrals r JOIN accompaniments c ON c.id = r.accompaniment_id JOIN structures s ON s.id = c.structure_id
            LEFT JOIN users u ON u.id = c.advisor_id
            WHERE r.status = 'sent' AND r.sent_at < \(bind: now.addingTimeInterval(-Self.waitBeforeReminder))
              AND (r.reminded_at IS NULL OR r.reminded_at < \(bind: now.addingTimeInterval(-Self.waitBeforeReminder)))
            ORDER BY r.id LIMIT 500
            """).all(decoding: Due.self)
        var reminded = 0
        let outbox = Outbox(database: sql)
        for referral in due {
            let claimed = try await sql.raw("""
                UPDATE referrals SET reminded_at = \(bind: now)
                WHERE id = \(bind: referral.id) AND status = 'sent' AND (reminded_at IS NULL OR reminded_at < \(bind: now.addingTimeInterval(-Self.waitBeforeReminder)))
                RETURNING id
                """).first()
            guard claimed != nil else { continue }
            reminded += 1
            let days = String(Int(now.timeIntervalSince(referral.sent_at) / 86_400))
            let data = ["measure": referral.measure ?? "—", "days": days, "structure": referral.structure_name]
            struct Officer: Decodable { let email: String; let locale: String? }
            let officers = try await sql.raw("""
                SELECT DISTINCT u.email, u.locale FROM users u JOIN memberships m ON m.user_id = u.id
                WHERE m.role = 'partner_officer' AND m.scope_kind = 'partner' AND m.scope_id = \(bind: referral.partner_id)
                  AND u.is_active = \(bind: true) AND u.email IS NOT NULL
                """).all(decoding: Officer.self)
            for officer in officers {
                try await outbox.enqueue(channel: .email, to: officer.email, template: "referral_reminder_partner",
                                         language: officer.locale.flatMap(Language.init(rawValue:)) ?? .fr, data: data)
            }
            if let advisor = referral.advisor_email {
                try await outbox.enqueue(channel: .email, to: advisor, template: "referral_reminder_advisor",
                                         language: referral.advisor_locale.flatMap(Language.init(rawValue:)) ?? .fr, data: data)
            }
        }
        try await JobQueue(database: sql).continueChain(kind: Self.jobKind, at: now.addingTimeInterval(Self.sweepInterval))
        return reminded
    }
}
