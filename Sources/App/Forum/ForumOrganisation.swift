import Domain
import FluentKit
import Foundation
import SQLKit

/// Organisers build the programme: editions, stops, sessions with their capacity and speakers, partners per stop.
struct ForumOrganisation {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    struct Edition: Sendable, Decodable {
        let id: Int
        let number: Int
        let year: Int
    }

    func editions() async throws -> [Edition] {
        try await sql.raw("SELECT id, number, year FROM forum_editions ORDER BY year DESC, number DESC").all(decoding: Edition.self)
    }

    /// A new edition of the forum's one series (created with the first edition).
    static func addEdition(number: Int, year: Int, on sql: any SQLDatabase) async throws -> Int {
        var series = try await sql.raw("SELECT id FROM forum_series ORDER BY id LIMIT 1").first(decodingColumn: "id", as: Int.self)
        if series == nil {
            series = try await sql.raw("""
                INSERT INTO forum_series (name_fr, name_ar, name_en)
                VALUES ('Forum international de la TPE en régions', 'المنتدى الدولي للمقاولات الصغيرة جدا في الجهات', 'International VSB forum in the regions')
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)
        }
        return try await sql.raw("INSERT INTO forum_editions (series_id, number, year) VALUES (\(bind: series!), \(bind: number), \(bind: year)) RETURNING id")
            .first(decodingColumn: "id", as: Int.self)!
    }

    struct StopDraft: Sendable {
        var editionID: Int
        var regionID: Int
        var city: String
        var venue: String
        var startsOn: String
        var endsOn: String
        var miniForum: Bool
        var offerHours: Int
        var partnerIDs: [Int]
    }

    func addStop(_ draft: StopDraft) async throws -> Int {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let id = try await sql.raw("""
                INSERT INTO forum_stops (edition_id, region_id, city, venue, starts_on, ends_on, mini_forum, offer_hours)
                VALUES (\(bind: draft.editionID), \(bind: draft.regionID), \(bind: draft.city), \(bind: draft.venue), \(bind: draft.startsOn),
                        \(bind: draft.endsOn), \(bind: draft.miniForum), \(bind: draft.offerHours))
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            try await Self.setPartners(draft.partnerIDs, stopID: id, on: sql)
            return id
        }
    }

    func updateStop(_ id: Int, _ draft: StopDraft) async throws {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            try await sql.raw("""
                UPDATE forum_stops SET region_id = \(bind: draft.regionID), city = \(bind: draft.city), venue = \(bind: draft.venue),
                    starts_on = \(bind: draft.startsOn), ends_on = \(bind: draft.endsOn), mini_forum = \(bind: draft.miniForum), offer_hours = \(bind: draft.offerHours)
                WHERE id = \(bind: id)
                """).run()
            try await Self.setPartners(draft.partnerIDs, stopID: id, on: sql)
        }
    }

    private static func setPartners(_ partnerIDs: [Int], stopID: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM forum_stop_partners WHERE stop_id = \(bind: stopID)").run()
        for partner in Set(partnerIDs) {
            try await sql.raw("INSERT INTO forum_stop_partners (stop_id, partner_id) VALUES (\(bind: stopID), \(bind: partner))").run()
        }
    }

    struct SessionDraft: Sendable {
        var kind: ForumProgramme.SessionKind
        var theme: String?
        var title: LocalizedText
        var room: String
        var startsAt: Date
        var endsAt: Date
        var capacity: Int
        var speakerIDs: [Int]
    }

    func addSession(_ draft: SessionDraft, stopID: Int) async throws -> Int {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let id = try await sql.raw("""
                INSERT INTO forum_sessions (stop_id, kind, theme, title_fr, title_ar, title_en, room, starts_at, ends_at, capacity, held)
                VALUES (\(bind: stopID), \(bind: draft.kind.rawValue), \(bind: draft.theme), \(bind: draft.title.fr), \(bind: draft.title.ar),
                        \(bind: draft.title.en), \(bind: draft.room), \(bind: draft.startsAt), \(bind: draft.endsAt), \(bind: draft.capacity), 0)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            try await Self.setSpeakers(draft.speakerIDs, sessionID: id, on: sql)
            return id
        }
    }

    /// A session's details; its capacity cannot go below the seats already held, and seats added go to the waiting list first.
    func updateSession(_ id: Int, stopID: Int, _ draft: SessionDraft, baseURL: URL, now: Date = Date()) async throws {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            guard try await sql.raw("""
                UPDATE forum_sessions SET kind = \(bind: draft.kind.rawValue), theme = \(bind: draft.theme), title_fr = \(bind: draft.title.fr),
                    title_ar = \(bind: draft.title.ar), title_en = \(bind: draft.title.en), room = \(bind: draft.room), starts_at = \(bind: draft.startsAt),
                    ends_at = \(bind: draft.endsAt), capacity = \(bind: draft.capacity)
                WHERE id = \(bind: id) AND stop_id = \(bind: stopID) AND held <= \(bind: draft.capacity) RETURNING id
                """).first() != nil else {
                let exists = try await sql.raw("SELECT held FROM forum_sessions WHERE id = \(bind: id) AND stop_id = \(bind: stopID)")
                    .first(decodingColumn: "held", as: Int.self)
                guard let held = exists else { throw AppError.notFound }
                throw AppError.validation(["capacity": FieldProblem("forum.capacity_below_held", ["held": String(held)])])
            }
            try await Self.setSpeakers(draft.speakerIDs, sessionID: id, on: sql)
            try await ForumRegistrations(database: transaction, baseURL: baseURL).offerFreeSeats(sessionID: id, on: sql, now: now)
        }
    }

    private static func setSpeakers(_ speakerIDs: [Int], sessionID: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM forum_session_speakers WHERE session_id = \(bind: sessionID)").run()
        for speaker in Set(speakerIDs) {
            try await sql.raw("INSERT INTO forum_session_speakers (session_id, speaker_id) VALUES (\(bind: sessionID), \(bind: speaker))").run()
        }
    }

    struct Speaker: Sendable, Decodable {
        let id: Int
        let name: String
        let organisation: String?
    }

    func speakers() async throws -> [Speaker] {
        try await sql.raw("SELECT id, name, organisation FROM forum_speakers ORDER BY name").all(decoding: Speaker.self)
    }

    struct SpeakerDraft: Sendable {
        var name: String
        var organisation: String?
        var bioFR: String?
        var bioAR: String?
    }

    func addSpeaker(_ draft: SpeakerDraft) async throws -> Int {
        try await sql.raw("""
            INSERT INTO forum_speakers (name, organisation, bio_fr, bio_ar) VALUES (\(bind: draft.name), \(bind: draft.organisation), \(bind: draft.bioFR), \(bind: draft.bioAR))
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self)!
    }
}
