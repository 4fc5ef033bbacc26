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
        let regionName: LocalizedText
        let city: String
        let venue: String
        let startsOn: String
        let endsOn: String
        let miniForum: Bool
        let offerHours: Int
        var sessions: [Session] = []
        var partners: [String] = []
    }

    private struct StopRow: Decodable {
        let id: Int; let edition_id: Int; let number: Int; let year: Int; let series_fr: String; let series_ar: String; let series_en: String
        let region_id: Int; let region_fr: String; let region_ar: String; let city: String; let venue: String
        let starts_on: String; let ends_on: String; let mini_forum: Bool; let offer_hours: Int

        var stop: Stop {
            Stop(id: id, editionID: edition_id, editionNumber: number, year: year, series: .init(fr: series_fr, ar: series_ar, en: series_en), regionID: region_id,
                 regionName: .init(fr: region_fr, ar: region_ar, en: region_fr), city: city, venue: venue, startsOn: starts_on, endsOn: ends_on,
                 miniForum: mini_forum, offerHours: offer_hours)
        }
    }

    private func stops(_ condition: SQLQueryString) async throws -> [Stop] {
        try await sql.raw("""
            SELECT st.id, st.edition_id, e.number, e.year, se.name_fr AS series_fr, se.name_ar AS series_ar, se.name_en AS series_en, st.region_id,
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
            SELECT p.name FROM forum_stop_partners sp JOIN partner_institutions p ON p.id = sp.partner_id WHERE sp.stop_id = \(bind: id) ORDER BY p.name
            """).all(decodingColumn: "name", as: String.self)
        return stop
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

    /// A workshop to come on one of the themes, for advice that points to it.
    struct Upcoming: Sendable, Decodable {
        let id: Int
        let stop_id: Int
        let city: String
        let title_fr: String
        let title_ar: String
        let title_en: String
        let theme: String
        let starts_at: Date

        var title: LocalizedText { LocalizedText(fr: title_fr, ar: title_ar, en: title_en) }
    }

    func upcomingWorkshops(now: Date = Date(), limit: Int = 200) async throws -> [Upcoming] {
        try await sql.raw("""
            SELECT s.id, s.stop_id, st.city, s.title_fr, s.title_ar, s.title_en, s.theme, s.starts_at
            FROM forum_sessions s JOIN forum_stops st ON st.id = s.stop_id
            WHERE s.starts_at > \(bind: now) AND s.theme IS NOT NULL AND s.kind IN ('workshop', 'advice')
            ORDER BY s.starts_at, s.id LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Upcoming.self)
    }
}
