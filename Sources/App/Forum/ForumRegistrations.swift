import Domain
import FluentKit
import Foundation
import SQLKit

/// Registering for a forum stop and its sessions. A session's capacity is one counter (`held`: seats confirmed or
/// offered) that only a conditional update raises, so no burst and no number of app instances overbooks it. A full
/// session puts the person on its waiting list; a seat given back is offered to the first in line for the stop's
/// offer window, then passes on. Every change is told by text message through the outbox.
struct ForumRegistrations {
    enum SeatStatus: String, CaseIterable, Sendable {
        case confirmed, waiting, offered, cancelled, expired
    }

    struct Registrant: Sendable {
        var firstName: String
        var lastName: String
        var phone: MoroccanPhone
        var gender: Gender
        var language: Language
    }

    struct Registration: Sendable {
        /// The ticket as its holder sees it once this registration is written, every seat of it included.
        let issued: ForumTickets.Ticket
        let beneficiaryID: Int
        var id: Int { issued.registrationID }
        var ticket: TicketCode { issued.code }
    }

    let database: any Database
    var baseURL: URL
    /// SQLite's writers queue here; nil on PostgreSQL.
    var writeQueue: WriteQueue?
    /// Groups registrations arriving together into one transaction; nil writes each alone.
    var batcher: ForumRegistrationBatcher?
    /// The application's stops kept for a few seconds; nil reads the stop each time.
    var stops: ForumStopCache?
    var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Registers the person (found by phone and name, or created in the stop's region) for the stop and the chosen
    /// sessions. Registering again adds sessions to the same ticket. The rate limits' counts, the person, the ticket,
    /// the seats, the text message and the audit entry are written in one transaction: whole or not at all. With a
    /// batcher (the application's), registrations arriving together share that transaction.
    func register(stopID: Int, _ registrant: Registrant, sessionIDs: [Int], channel: String,
                  limits: [(key: String, rule: RateLimiter.Rule)] = [], audit: AuditEntry? = nil, now: Date = Date()) async throws -> Registration {
        let outline = if let stops { try await stops.outline(stopID, covering: sessionIDs, on: sql) }
                      else { try await ForumProgramme(sql: sql).outline(stopID) }
        guard let stop = outline else { throw AppError.notFound }
        let chosen = stop.sessions.filter { sessionIDs.contains($0.id) }
        if chosen.isEmpty || chosen.count != Set(sessionIDs).count {
            throw AppError.validation(["sessions": FieldProblem("validation.choice")])
        }
        let item = Item(stopID: stopID, stop: stop, person: try Person(registrant: registrant, regionID: stop.regionID), sessions: chosen,
                        channel: channel, limits: limits, audit: audit)
        if let batcher { return try await batcher.submit(item) }
        return try await registerAlone(item, now: now)
    }

    /// One registration in its own transaction: a batch of one, so a refusal (over its rate limit) writes nothing.
    func registerAlone(_ item: Item, now: Date = Date()) async throws -> Registration {
        try await writeQueue.transaction(on: database) { sql in
            try await Self.writeBatch([item], on: sql, baseURL: baseURL, now: now)[0].get()
        }
    }

    func link(_ ticket: TicketCode) -> String { Self.link(ticket, baseURL: baseURL) }

    static func link(_ ticket: TicketCode, baseURL: URL) -> String { baseURL.appendingPathComponent("forum/tickets/\(ticket.value)").absoluteString }

    /// The person gives up a seat, a place on the waiting list, or an offer; a seat they held goes to the next in line.
    func cancel(seatID: Int, registrationID: Int, now: Date = Date()) async throws {
        try await writeQueue.transaction(on: database) { sql in
            struct Seat: Decodable { let session_id: Int; let status: String }
            // Touching the row first takes the write lock (SQLite) or the row lock (PostgreSQL) before the status is read.
            guard let seat = try await sql.raw("""
                UPDATE forum_seats SET updated_at = \(bind: now) WHERE id = \(bind: seatID) AND registration_id = \(bind: registrationID)
                RETURNING session_id, status
                """).first(decoding: Seat.self), let status = SeatStatus(rawValue: seat.status) else { throw AppError.notFound }
            guard [.confirmed, .offered, .waiting].contains(status) else { throw AppError.conflict }
            try await sql.raw("UPDATE forum_seats SET status = 'cancelled', offered_until = NULL WHERE id = \(bind: seatID)").run()
            if status != .waiting { try await release(sessionID: seat.session_id, on: sql, now: now) }
            try await tell(registrationID: registrationID, sessionID: seat.session_id, template: "forum_seat_cancelled", on: sql)
        }
    }

    /// The first in line accepts the seat offered to them, before the offer runs out.
    func confirmOffer(seatID: Int, registrationID: Int, now: Date = Date()) async throws {
        try await writeQueue.transaction(on: database) { sql in
            guard let session = try await sql.raw("""
                UPDATE forum_seats SET status = 'confirmed', offered_until = NULL, updated_at = \(bind: now)
                WHERE id = \(bind: seatID) AND registration_id = \(bind: registrationID) AND status = 'offered' AND offered_until > \(bind: now)
                RETURNING session_id
                """).first(decodingColumn: "session_id", as: Int.self) else { throw AppError.conflict }
            try await tell(registrationID: registrationID, sessionID: session, template: "forum_offer_confirmed", on: sql)
        }
    }

    /// Offers that ran out pass to the next person; returns how many passed on.
    @discardableResult
    func expireOffers(now: Date = Date()) async throws -> Int {
        struct Seat: Decodable { let id: Int; let session_id: Int; let registration_id: Int }
        var passed = 0
        while true {
            let expired: Seat? = try await writeQueue.transaction(on: database) { sql in
                guard let seat = try await sql.raw("""
                    UPDATE forum_seats SET status = 'expired', updated_at = \(bind: now)
                    WHERE id = (SELECT id FROM forum_seats WHERE status = 'offered' AND offered_until <= \(bind: now) ORDER BY offered_until, id LIMIT 1)
                      AND status = 'offered'
                    RETURNING id, session_id, registration_id
                    """).first(decoding: Seat.self) else { return nil }
                try await release(sessionID: seat.session_id, on: sql, now: now)
                try await tell(registrationID: seat.registration_id, sessionID: seat.session_id, template: "forum_offer_expired", on: sql)
                return seat
            }
            guard expired != nil else { return passed }
            passed += 1
        }
    }

    /// A seat given back: offered to the first one waiting, or returned to the counter when nobody waits. Runs in the
    /// caller's transaction; the conditional update makes two releases at once offer to two different people.
    private func release(sessionID: Int, on sql: any SQLDatabase, now: Date) async throws {
        struct Offer: Decodable { let registration_id: Int; let offer_hours: Int }
        while true {
            guard let next = try await sql.raw("""
                SELECT s.id, s.registration_id, st.offer_hours FROM forum_seats s JOIN forum_sessions fs ON fs.id = s.session_id
                JOIN forum_stops st ON st.id = fs.stop_id
                WHERE s.session_id = \(bind: sessionID) AND s.status = 'waiting' ORDER BY s.id LIMIT 1
                """).first() else {
                try await sql.raw("UPDATE forum_sessions SET held = held - 1 WHERE id = \(bind: sessionID) AND held > 0").run()
                return
            }
            let seatID = try next.decode(column: "id", as: Int.self)
            let offer = try next.decode(model: Offer.self)
            let until = now.addingTimeInterval(TimeInterval(offer.offer_hours) * 3_600)
            let offered = try await sql.raw("""
                UPDATE forum_seats SET status = 'offered', offered_until = \(bind: until), updated_at = \(bind: now)
                WHERE id = \(bind: seatID) AND status = 'waiting' RETURNING id
                """).first() != nil
            if offered {
                try await tell(registrationID: offer.registration_id, sessionID: sessionID, template: "forum_offer", on: sql,
                               extra: ["hours": String(offer.offer_hours)])
                return
            }
        }
    }

    /// Seats a larger capacity frees: each goes to the first one waiting, as an offer; none are kept back while people wait.
    func offerFreeSeats(sessionID: Int, on sql: any SQLDatabase, now: Date) async throws {
        while try await sql.raw("""
            UPDATE forum_sessions SET held = held + 1 WHERE id = \(bind: sessionID) AND held < capacity
              AND EXISTS (SELECT 1 FROM forum_seats WHERE session_id = \(bind: sessionID) AND status = 'waiting')
            RETURNING id
            """).first() != nil {
            try await release(sessionID: sessionID, on: sql, now: now)
        }
    }

    private func tell(registrationID: Int, sessionID: Int, template: String, on sql: any SQLDatabase, extra: [String: String] = [:]) async throws {
        struct Row: Decodable {
            let phone: String?; let preferred_language: String; let ticket_code: String
            let title_fr: String; let title_ar: String; let title_en: String
        }
        guard let row = try await sql.raw("""
            SELECT b.phone, b.preferred_language, r.ticket_code, fs.title_fr, fs.title_ar, fs.title_en
            FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN forum_sessions fs ON fs.id = \(bind: sessionID)
            WHERE r.id = \(bind: registrationID)
            """).first(decoding: Row.self), let phone = row.phone, let ticket = TicketCode(reading: row.ticket_code) else { return }
        let language = Language(rawValue: row.preferred_language) ?? .fr
        let title = LocalizedText(fr: row.title_fr, ar: row.title_ar, en: row.title_en)[language]
        try await Outbox(database: sql).enqueue(channel: .sms, to: phone, template: template, language: language,
                                                data: extra.merging(["session": title, "url": link(ticket)]) { first, _ in first })
    }
}
