import Foundation
import SQLKit

/// Reading the forum's programme: editions, their stops, each stop's sessions with seats left, speakers and partners.
struct ForumProgramme {
    let sql: any SQLDatabase

    enum SessionKind: String, CaseIterable, Sendable {
        case plenary, workshop, meeting, advice
    }

    struct Speaker: Sendable, Decodable {
        let id: Int
        let name: String
        let organisation: String?
    }

    struct Session: Sendable {
        let id: Int
        let stopID: Int
        let kind: SessionKind
        let theme: String?
        let title: LocalizedText
        let room: String
        let startsAt: Date
        let endsAt: Date
        let capacity: Int
        /// Seats confirmed or offered.
        let held: Int
        let waiting: Int
        var speakers: [Speaker]

        var seatsLeft: Int { max(0, capacity - held) }
    }

    struct Stop: Sendable {
        let id: Int
        let editionID: Int
        let editionNumber: Int
        let year: Int
        let series: LocalizedText
        let regionID: Int
        /// The 2015 division's code, "01" to "12".
        let regionCode: String
        let regionName: LocalizedText
        let city: String
        let venue: String
        let startsOn: String
        let endsOn: String
        let miniForum: Bool
        let offerHours: Int
        var sessions: [Session] = []
        var partners: [Partner] = []
    }

    struct Partner: Sendable, Decodable {
        let id: Int
        let name: String
    }

    private struct StopRow: Decodable {
        let id: Int; let edition_id: Int; let number: Int; let year: Int; let series_fr: String; let series_ar: String; let series_en: String
        let region_id: Int; let region_code: String; let region_fr: String; let region_ar: String; let city: String; let venue: String
        let starts_on: String; let ends_on: String; let mini_forum: Bool; let offer_hours: Int

        var stop: Stop {
            Stop(id: id, editionID: edition_id, editionNumber: number, year: year, series: .init(fr: series_fr, ar: series_ar, en: series_en), regionID: region_id, regionCode: region_code,
                 regionName: .init(fr: region_fr, ar: region_ar, en: region_fr), city: city, venue: venue, startsOn: starts_on, endsOn: ends_on,
                 miniForum: mini_forum, offerHours: offer_hours)
        }
    }

    private func stops(_ condition: SQLQueryString) async throws -> [Stop] {
        try await sql.raw("""
            SELECT st.id, st.edition_id, e.number, e.year, se.name_fr AS series_fr, se.name_ar AS series_ar, se.name_en AS series_en, st.region_id, rg.code AS region_code,
                   rg.name_fr AS region_fr, rg.name_ar AS region_ar, st.city, st.venue, st.starts_on, st.ends_on, st.mini_forum, st.offer_hours
            FROM forum_stops st JOIN forum_editions e ON e.id = st.edition_id JOIN forum_series se ON se.id = e.series_id
            JOIN regions rg ON rg.id = st.region_id
            WHERE \(condition) ORDER BY st.starts_on, st.id
            """).all(decoding: StopRow.self).map(\.stop)
    }

    /// Every stop, in date order, without their sessions.
    func stops() async throws -> [Stop] { try await stops("1 = 1") }

    func stop(_ id: Int) async throws -> Stop? {
        guard var stop = try await stops("st.id = \(bind: id)").first else { return nil }
        stop.sessions = try await sessions(stopID: id)
        stop.partners = try await sql.raw("""
            SELECT p.id, p.name FROM forum_stop_partners sp JOIN partner_institutions p ON p.id = sp.partner_id WHERE sp.stop_id = \(bind: id) ORDER BY p.name
            """).all(decoding: Partner.self)
        return stop
    }

    /// What registering needs of a stop, in one query: the full `stop` counts every session's waiting list.
    struct Outline: Sendable {
        let regionID: Int
        let city: String
        /// In the agenda's order.
        let sessions: [(id: Int, title: LocalizedText)]
    }

    func outline(_ id: Int) async throws -> Outline? {
        struct Row: Decodable { let region_id: Int; let city: String; let id: Int?; let title_fr: String?; let title_ar: String?; let title_en: String? }
        let rows = try await sql.raw("""
            SELECT st.region_id, st.city, s.id, s.title_fr, s.title_ar, s.title_en
            FROM forum_stops st LEFT JOIN forum_sessions s ON s.stop_id = st.id WHERE st.id = \(bind: id) ORDER BY s.starts_at, s.id
            """).all(decoding: Row.self)
        guard let first = rows.first else { return nil }
        let sessions = rows.compactMap { row in row.id.map { ($0, LocalizedText(fr: row.title_fr ?? "", ar: row.title_ar ?? "", en: row.title_en ?? "")) } }
        return Outline(regionID: first.region_id, city: first.city, sessions: sessions)
    }

    /// The edition a stop belongs to, which decides who may keep its door.
    func editionID(ofStop id: Int) async throws -> Int? {
        try await sql.raw("SELECT edition_id FROM forum_stops WHERE id = \(bind: id)").first(decodingColumn: "edition_id", as: Int.self)
    }

    private struct SessionRow: Decodable {
        let id: Int; let stop_id: Int; let kind: String; let theme: String?; let title_fr: String; let title_ar: String; let title_en: String
        let room: String; let starts_at: Date; let ends_at: Date; let capacity: Int; let held: Int; let waiting: Int
    }

    func sessions(stopID: Int) async throws -> [Session] {
        let rows = try await sql.raw("""
            SELECT s.id, s.stop_id, s.kind, s.theme, s.title_fr, s.title_ar, s.title_en, s.room, s.starts_at, s.ends_at, s.capacity, s.held,
                   (SELECT COUNT(*) FROM forum_seats w WHERE w.session_id = s.id AND w.status = 'waiting') AS waiting
            FROM forum_sessions s WHERE s.stop_id = \(bind: stopID) ORDER BY s.starts_at, s.id
            """).all(decoding: SessionRow.self)
        struct SpeakerRow: Decodable { let session_id: Int; let id: Int; let name: String; let organisation: String? }
        let speakers = rows.isEmpty ? [] : try await sql.raw("""
            SELECT ss.session_id, sp.id, sp.name, sp.organisation FROM forum_session_speakers ss JOIN forum_speakers sp ON sp.id = ss.speaker_id
            WHERE ss.session_id IN (\(SQLList(rows.map { SQLBind($0.id) }))) ORDER BY sp.name
            """).all(decoding: SpeakerRow.self)
        let bySession = Dictionary(grouping: speakers, by: \.session_id)
        return rows.map { row in
            Session(id: row.id, stopID: row.stop_id, kind: SessionKind(rawValue: row.kind) ?? .workshop, theme: row.theme,
                    title: .init(fr: row.title_fr, ar: row.title_ar, en: row.title_en), room: row.room, startsAt: row.starts_at, endsAt: row.ends_at,
                    capacity: row.capacity, held: row.held, waiting: row.waiting,
                    speakers: (bySession[row.id] ?? []).map { Speaker(id: $0.id, name: $0.name, organisation: $0.organisation) })
        }
    }

    /// A session with its stop's city: where a speaker speaks, or a workshop to come that advice points to.
    struct SessionAtStop: Sendable, Decodable {
        let id: Int
        let stop_id: Int
        let city: String
        let title_fr: String
        let title_ar: String
        let title_en: String
        let theme: String?
        let starts_at: Date

        var title: LocalizedText { LocalizedText(fr: title_fr, ar: title_ar, en: title_en) }
    }

    struct SpeakerProfile: Sendable {
        let speaker: Speaker
        let bio: LocalizedText
        let sessions: [SessionAtStop]
    }

    func speakerProfile(_ id: Int) async throws -> SpeakerProfile? {
        struct Row: Decodable { let id: Int; let name: String; let organisation: String?; let bio_fr: String?; let bio_ar: String?; let bio_en: String? }
        guard let row = try await sql.raw("""
            SELECT id, name, organisation, bio_fr, bio_ar, bio_en FROM forum_speakers WHERE id = \(bind: id)
            """).first(decoding: Row.self) else { return nil }
        let sessions = try await sql.raw("""
            SELECT s.id, s.stop_id, st.city, s.title_fr, s.title_ar, s.title_en, s.theme, s.starts_at
            FROM forum_session_speakers ss JOIN forum_sessions s ON s.id = ss.session_id JOIN forum_stops st ON st.id = s.stop_id
            WHERE ss.speaker_id = \(bind: id) ORDER BY s.starts_at, s.id
            """).all(decoding: SessionAtStop.self)
        return SpeakerProfile(speaker: Speaker(id: row.id, name: row.name, organisation: row.organisation),
                              bio: LocalizedText(fr: row.bio_fr ?? "", ar: row.bio_ar ?? "", en: row.bio_en ?? ""), sessions: sessions)
    }

    /// A partner institution and the stops where it meets entrepreneurs; nil for one the forum does not show.
    func partnerProfile(_ id: Int) async throws -> (partner: Partner, stops: [Stop])? {
        guard let partner = try await sql.raw("SELECT id, name FROM partner_institutions WHERE id = \(bind: id)").first(decoding: Partner.self) else { return nil }
        let stops = try await stops("st.id IN (SELECT stop_id FROM forum_stop_partners WHERE partner_id = \(bind: id))")
        return stops.isEmpty ? nil : (partner, stops)
    }

    /// Workshops to come on a theme, for advice that points to them.
    func upcomingWorkshops(now: Date = Date(), limit: Int = 200) async throws -> [SessionAtStop] {
        try await sql.raw("""
            SELECT s.id, s.stop_id, st.city, s.title_fr, s.title_ar, s.title_en, s.theme, s.starts_at
            FROM forum_sessions s JOIN forum_stops st ON st.id = s.stop_id
            WHERE s.starts_at > \(bind: now) AND s.theme IS NOT NULL AND s.kind IN ('workshop', 'advice')
            ORDER BY s.starts_at, s.id LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: SessionAtStop.self)
    }
}
