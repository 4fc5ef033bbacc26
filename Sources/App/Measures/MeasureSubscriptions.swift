import Domain
import FluentKit
import Foundation
import SQLKit

/// "Tell me when it opens": a phone number waiting for an upcoming measure, told once, when the measure opens
/// (on its opening day or when an administrator opens it, whichever comes first).
struct MeasureSubscriptions {
    static let jobKind = "announce_measure_openings"
    static let sweepInterval: TimeInterval = 3_600

    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Subscribing twice, even at the same moment, is one subscription.
    func subscribe(measureID: Int, phone: MoroccanPhone, language: Language, now: Date = Date()) async throws {
        try await sql.raw("""
            INSERT INTO measure_subscriptions (measure_id, phone, locale, created_at) VALUES (\(bind: measureID), \(bind: phone.e164), \(bind: language.rawValue), \(bind: now))
            ON CONFLICT (measure_id, phone) DO NOTHING
            """).run()
    }

    /// The hourly sweep, started once per database (`payload` empty: it schedules its next run).
    static func schedule(on sql: any SQLDatabase, at time: Date = Date()) async throws {
        try await JobQueue(database: sql).startChain(kind: jobKind, at: time)
    }

    /// One sweep now, after an administrator opened a measure, without starting a second hourly chain.
    static let once = "once"

    static func sweepSoon(on sql: any SQLDatabase) async throws {
        try await JobQueue(database: sql).enqueue(kind: jobKind, payload: once)
    }

    private struct Waiting: Decodable {
        let id: Int
        let measure_id: Int
        let phone: String
        let locale: String
    }

    /// Tells every waiting subscriber of a measure open today; returns how many were told. Each subscription is
    /// claimed by a conditional update and its message queued in one transaction: two workers never both send it,
    /// and a failure leaves it waiting for the next sweep.
    @discardableResult
    func sweep(now: Date = Date(), baseURL: URL, reschedule: Bool = true) async throws -> Int {
        let day = Day.today(now)
        let open = try await MeasureCatalogue(sql: sql).all(on: day).filter { $0.status(on: day) == .open }
        let byID = Dictionary(uniqueKeysWithValues: open.map { ($0.id, $0) })
        var told = 0
        if !byID.isEmpty {
            let waiting = try await sql.raw("""
                SELECT id, measure_id, phone, locale FROM measure_subscriptions
                WHERE notified_at IS NULL AND measure_id IN (\(SQLList(byID.keys.sorted().map { SQLBind($0) })))
                """).all(decoding: Waiting.self)
            for subscription in waiting {
                guard let measure = byID[subscription.measure_id] else { continue }
                let language = Language(rawValue: subscription.locale) ?? .fr
                let link = baseURL.appendingPathComponent("measures").appendingPathComponent(measure.code).absoluteString
                let sent = try await database.transaction { transaction in
                    let sql = transaction as! any SQLDatabase
                    let claimed = try await sql.raw("""
                        UPDATE measure_subscriptions SET notified_at = \(bind: now) WHERE id = \(bind: subscription.id) AND notified_at IS NULL RETURNING id
                        """).first()
                    guard claimed != nil else { return false }
                    try await Outbox(database: sql).enqueue(channel: .sms, to: subscription.phone, template: "measure_opened", language: language,
                                                            data: ["measure": measure.name[language], "url": link])
                    return true
                }
                if sent { told += 1 }
            }
        }
        if reschedule { try await JobQueue(database: sql).continueChain(kind: Self.jobKind, at: now.addingTimeInterval(Self.sweepInterval)) }
        return told
    }
}
