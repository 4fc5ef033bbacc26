import Domain
import Foundation
import SQLKit

/// Admitting people at a stop's door. A ticket is admitted by one insert that the unique registration key lets
/// through once, so two devices or two app instances scanning it at the same moment admit it once.
struct ForumCheckIns {
    let sql: any SQLDatabase
    /// SQLite's writers queue here; nil on PostgreSQL.
    var writeQueue: WriteQueue? = nil
    /// Groups the door's admissions arriving together into one insert; nil writes each alone.
    var admissions: AdmissionBatcher? = nil

    typealias AdmissionBatcher = WriteBatcher<Admission, Bool>

    /// An admission to write: true once written, false when the ticket was already in.
    struct Admission: Sendable {
        let registrationID: Int
        let stopID: Int
        let device: String
        let userID: Int?
        let scannedAt: Date
    }

    enum Verdict: Sendable, Equatable {
        case admitted(firstName: String)
        /// Admitted before, on this device or another, at that time.
        case alreadyUsed(at: Date, device: String)
        /// Scanned offline on this device after another device had admitted it: reported to the organisers.
        case conflict(at: Date, device: String)
        case cancelled
        case wrongStop(city: String)
        case unknown
        /// The check character does not match: a typo or a damaged code.
        case unreadable

        var admitted: Bool { if case .admitted = self { true } else { false } }

        var code: String {
            switch self {
            case .admitted: "admitted"
            case .alreadyUsed: "already_used"
            case .conflict: "conflict"
            case .cancelled: "cancelled"
            case .wrongStop: "wrong_stop"
            case .unknown: "unknown"
            case .unreadable: "unreadable"
            }
        }
    }

    /// The ticket and, when it is in already, its first admission: read together, so a ticket scanned again costs no write.
    private struct Registration: Decodable {
        let id: Int; let stop_id: Int; let status: String; let first_name: String; let city: String
        let scanned_at: Date?; let device: String?
    }

    /// One scan. `offline` marks a scan made without network and synchronised later: if another device admitted the
    /// ticket first, the scan is a conflict to report rather than a plain refusal.
    func scan(_ text: String, stopID: Int, device: String, userID: Int?, at time: Date = Date(), offline: Bool = false) async throws -> Verdict {
        guard let code = TicketCode(reading: text) else { return .unreadable }
        let query: SQLQueryString = """
            SELECT r.id, r.stop_id, r.status, b.first_name, st.city, c.scanned_at, c.device
            FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN forum_stops st ON st.id = r.stop_id
            LEFT JOIN forum_checkins c ON c.registration_id = r.id WHERE r.ticket_code = \(bind: code.value)
            """
        guard var registration = try await sql.raw(query).first(decoding: Registration.self) else { return .unknown }
        guard registration.stop_id == stopID else { return .wrongStop(city: registration.city) }
        guard registration.status == "active" else { return .cancelled }
        if registration.scanned_at == nil {
            let admission = Admission(registrationID: registration.id, stopID: stopID, device: device, userID: userID, scannedAt: time)
            let admitted = if let admissions { try await admissions.submit(admission) } else { try await admit([admission])[0].get() }
            if admitted { return .admitted(firstName: registration.first_name) }
            // Another scan got in between the read and the write.
            registration = try await sql.raw(query).first(decoding: Registration.self)!
        }
        guard let firstAt = registration.scanned_at, let firstDevice = registration.device else { throw AppError.notFound }
        guard offline, firstDevice != device else { return .alreadyUsed(at: firstAt, device: firstDevice) }
        try await sql.raw("""
            INSERT INTO forum_checkin_conflicts (registration_id, stop_id, device, scanned_at, created_at)
            VALUES (\(bind: registration.id), \(bind: stopID), \(bind: device), \(bind: time), \(bind: Date()))
            """).run()
        return .conflict(at: firstAt, device: firstDevice)
    }

    /// Admissions in one insert; the unique registration key lets each ticket in once, the first in order when one
    /// ticket is twice in the batch.
    func admit(_ admissions: [Admission]) async -> [Result<Bool, any Error>] {
        do {
            let now = Date()
            var insert = sql.insert(into: "forum_checkins").columns("registration_id", "stop_id", "device", "user_id", "scanned_at", "created_at")
            for admission in admissions {
                insert = insert.values(SQLBind(admission.registrationID), SQLBind(admission.stopID), SQLBind(admission.device), SQLBind(admission.userID),
                                       SQLBind(admission.scannedAt), SQLBind(now))
            }
            let query = insert.query
            let inserted = try await writeQueue.run(on: sql) { sql in
                Set(try await sql.raw("\(query) ON CONFLICT (registration_id) DO NOTHING RETURNING registration_id")
                    .all(decodingColumn: "registration_id", as: Int.self))
            }
            var given = Set<Int>()
            return admissions.map { admission -> Result<Bool, any Error> in
                .success(inserted.contains(admission.registrationID) && given.insert(admission.registrationID).inserted)
            }
        } catch {
            return admissions.map { _ -> Result<Bool, any Error> in .failure(error) }
        }
    }

    /// The application's batcher for the door.
    func makeAdmissionBatcher() -> AdmissionBatcher { WriteBatcher { admissions in await admit(admissions) } }

    /// What a door device keeps for working offline: each active ticket's code and first name, and whether it is in.
    struct OfflineTicket: Sendable, Codable {
        let code: String
        let firstName: String
        let admitted: Bool
    }

    func offlineList(stopID: Int) async throws -> [OfflineTicket] {
        struct Row: Decodable { let ticket_code: String; let first_name: String; let admitted: Int }
        return try await sql.raw("""
            SELECT r.ticket_code, b.first_name, CASE WHEN c.id IS NULL THEN 0 ELSE 1 END AS admitted
            FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id LEFT JOIN forum_checkins c ON c.registration_id = r.id
            WHERE r.stop_id = \(bind: stopID) AND r.status = 'active' ORDER BY r.id
            """).all(decoding: Row.self).map { OfflineTicket(code: $0.ticket_code, firstName: $0.first_name, admitted: $0.admitted == 1) }
    }

    struct Attendance: Sendable {
        struct Session: Sendable, Decodable {
            let id: Int; let title_fr: String; let title_ar: String; let title_en: String; let confirmed: Int; let present: Int; let no_shows: Int
        }
        let registered: Int
        let admitted: Int
        let conflicts: Int
        let sessions: [Session]
    }

    /// Live figures for a stop: registered, in, and per session the confirmed seats whose holder came through the door.
    func attendance(stopID: Int) async throws -> Attendance {
        func count(_ query: SQLQueryString) async throws -> Int { try await sql.raw(query).first()!.decode(column: "n", as: Int.self) }
        let registered = try await count("SELECT COUNT(*) AS n FROM forum_registrations WHERE stop_id = \(bind: stopID) AND status = 'active'")
        let admitted = try await count("SELECT COUNT(*) AS n FROM forum_checkins WHERE stop_id = \(bind: stopID)")
        let conflicts = try await count("SELECT COUNT(*) AS n FROM forum_checkin_conflicts WHERE stop_id = \(bind: stopID)")
        let sessions = try await sql.raw("""
            SELECT s.id, s.title_fr, s.title_ar, s.title_en,
                   (SELECT COUNT(*) FROM forum_seats x WHERE x.session_id = s.id AND x.status = 'confirmed') AS confirmed,
                   (SELECT COUNT(*) FROM forum_seats x JOIN forum_checkins c ON c.registration_id = x.registration_id
                    WHERE x.session_id = s.id AND x.status = 'confirmed') AS present,
                   (SELECT COUNT(*) FROM forum_seats x WHERE x.session_id = s.id AND x.no_show = \(bind: true)) AS no_shows
            FROM forum_sessions s WHERE s.stop_id = \(bind: stopID) ORDER BY s.starts_at, s.id
            """).all(decoding: Attendance.Session.self)
        return Attendance(registered: registered, admitted: admitted, conflicts: conflicts, sessions: sessions)
    }

    /// After a session has ended: confirmed seats whose holder never came through the door are marked no-shows.
    @discardableResult
    func markNoShows(stopID: Int, now: Date = Date()) async throws -> Int {
        try await sql.raw("""
            UPDATE forum_seats SET no_show = \(bind: true), updated_at = \(bind: now)
            WHERE status = 'confirmed' AND no_show IS NULL
              AND session_id IN (SELECT id FROM forum_sessions WHERE stop_id = \(bind: stopID) AND ends_at < \(bind: now))
              AND registration_id NOT IN (SELECT registration_id FROM forum_checkins WHERE stop_id = \(bind: stopID))
            RETURNING id
            """).all().count
    }
}
