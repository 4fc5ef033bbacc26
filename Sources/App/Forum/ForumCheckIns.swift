import Domain
import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// Admitting people at a stop's door. A ticket is admitted by one insert that the unique registration key lets
/// through once, so two devices or two app instances scanning it at the same moment admit it once.
struct ForumCheckIns {
    let sql: any SQLDatabase
    /// SQLite's writers queue here; nil on PostgreSQL.
    var writeQueue: WriteQueue? = nil
    /// Groups the door's scans arriving together into one lookup and one insert; nil judges each alone.
    var scans: ScanBatcher? = nil

    typealias ScanBatcher = WriteBatcher<Scan, Verdict>

    /// A code read at the door, to be judged.
    struct Scan: Sendable {
        let code: TicketCode
        let stopID: Int
        let device: String
        let userID: Int?
        let scannedAt: Date
        /// Made without network and synchronised later.
        let offline: Bool
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

    /// One scan. `offline` marks a scan made without network and synchronised later: if another device admitted the
    /// ticket first, the scan is a conflict to report rather than a plain refusal.
    func scan(_ text: String, stopID: Int, device: String, userID: Int?, at time: Date = Date(), offline: Bool = false) async throws -> Verdict {
        guard let code = TicketCode(reading: text) else { return .unreadable }
        let scan = Scan(code: code, stopID: stopID, device: device, userID: userID, scannedAt: time, offline: offline)
        if let scans { return try await scans.submit(scan) }
        return try await judge([scan])[0].get()
    }

    /// Scans judged together: one lookup of their tickets (with any admission already made), one insert of the
    /// admissions. The unique registration key lets each ticket in once, even against another instance; a ticket
    /// twice in the group goes in on its first scan.
    func judge(_ scans: [Scan]) async -> [Result<Verdict, any Error>] {
        do {
            let verdicts = try await writeQueue.run(on: sql) { sql in try await Self.judge(scans, on: sql) }
            return verdicts.map { .success($0) }
        } catch {
            return scans.map { _ in .failure(error) }
        }
    }

    private struct Ticket: NativeRow {
        let id: Int; let code: String; let stopID: Int; let status: String; let firstName: String; let city: String
        let scannedAt: Date?; let device: String?

        init(sqlite row: SQLiteRow) throws {
            (id, code, stopID, status) = (try row.int("id"), try row.string("ticket_code"), try row.int("stop_id"), try row.string("status"))
            (firstName, city, scannedAt, device) = (try row.string("first_name"), try row.string("city"), row.optionalDate("scanned_at"), row.optionalString("device"))
        }

        init(postgres row: PostgresRow) throws {
            (id, code, stopID, status, firstName, city, scannedAt, device) = try row.decode((Int, String, Int, String, String, String, Date?, String?).self)
        }
    }

    private struct Admitted: NativeRow {
        let id: Int
        init(sqlite row: SQLiteRow) throws { id = try row.int("registration_id") }
        init(postgres row: PostgresRow) throws { id = try row.decode(Int.self) }
    }

    /// The scanned tickets, each with its admission if it has one: one statement text for any number of codes.
    /// Planned at each call, not prepared: a plan kept from the first scans would know the admissions table empty.
    /// SQLite is told to start from the codes (`CROSS JOIN`): it guesses a JSON list long and would rather read
    /// every registration of every stop.
    private static func ticketsQuery(_ codes: Set<String>, dialect: String) -> SQLQueryString {
        let (from, condition) = TextList(values: codes.sorted()).rows(of: "forum_registrations", as: "r", whose: "ticket_code", dialect: dialect)
        return """
            SELECT r.id, r.ticket_code, r.stop_id, r.status, b.first_name, st.city, c.scanned_at, c.device FROM \(from)
            JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN forum_stops st ON st.id = r.stop_id
            LEFT JOIN forum_checkins c ON c.registration_id = r.id WHERE \(condition)
            """
    }

    private static func judge(_ scans: [Scan], on sql: any SQLDatabase) async throws -> [Verdict] {
        let codes = Set(scans.map(\.code.value))
        let tickets = Dictionary(try await sql.nativeRows(ticketsQuery(codes, dialect: sql.dialect.name), as: Ticket.self).map { ($0.code, $0) }) { first, _ in first }
        var first: [Int: (at: Date, device: String)] = [:]
        for ticket in tickets.values { if let at = ticket.scannedAt, let device = ticket.device { first[ticket.id] = (at, device) } }
        var verdicts = [Verdict?](repeating: nil, count: scans.count)
        var admitting: [Int: Int] = [:]  // registration → the scan letting it in
        for (index, scan) in scans.enumerated() {
            guard let ticket = tickets[scan.code.value] else { verdicts[index] = .unknown; continue }
            guard ticket.stopID == scan.stopID else { verdicts[index] = .wrongStop(city: ticket.city); continue }
            guard ticket.status == "active" else { verdicts[index] = .cancelled; continue }
            if first[ticket.id] == nil, admitting[ticket.id] == nil {
                admitting[ticket.id] = index
                verdicts[index] = .admitted(firstName: ticket.firstName)
            }
        }
        if !admitting.isEmpty {
            let now = Date()
            var insert = BulkInsert(into: "forum_checkins", [("registration_id", .int), ("stop_id", .int), ("device", .text), ("user_id", .int),
                                                             ("scanned_at", .date), ("created_at", .date)])
            // In registration order, so two groups inserting the same tickets at once never wait on each other crosswise.
            for (registration, index) in admitting.sorted(by: { $0.key < $1.key }) {
                let scan = scans[index]
                insert.append([registration, scan.stopID, scan.device, scan.userID, scan.scannedAt, now])
            }
            let inserted = Set(try await sql.rows(insert, " ON CONFLICT (registration_id) DO NOTHING RETURNING registration_id", as: Admitted.self).map(\.id))
            for (registration, index) in admitting {
                if inserted.contains(registration) { first[registration] = (scans[index].scannedAt, scans[index].device) } else { verdicts[index] = nil }
            }
            // Another instance let these in between the lookup and the insert.
            let beaten = admitting.keys.filter { !inserted.contains($0) }
            if !beaten.isEmpty {
                struct Admission: Decodable { let registration_id: Int; let scanned_at: Date; let device: String }
                for row in try await sql.raw("""
                    SELECT registration_id, scanned_at, device FROM forum_checkins WHERE registration_id IN (\(SQLList(beaten.map { SQLBind($0) })))
                    """).all(decoding: Admission.self) { first[row.registration_id] = (row.scanned_at, row.device) }
            }
        }
        // The rest were in already: refused, or, scanned offline on another device, a conflict reported to the organisers.
        var conflicts = sql.insert(into: "forum_checkin_conflicts").columns("registration_id", "stop_id", "device", "scanned_at", "created_at")
        var anyConflict = false
        for (index, scan) in scans.enumerated() where verdicts[index] == nil {
            let ticket = tickets[scan.code.value]!
            guard let earlier = first[ticket.id] else { throw AppError.notFound }
            if scan.offline, earlier.device != scan.device {
                conflicts = conflicts.values(SQLBind(ticket.id), SQLBind(scan.stopID), SQLBind(scan.device), SQLBind(scan.scannedAt), SQLBind(Date()))
                anyConflict = true
                verdicts[index] = .conflict(at: earlier.at, device: earlier.device)
            } else {
                verdicts[index] = .alreadyUsed(at: earlier.at, device: earlier.device)
            }
        }
        if anyConflict { try await conflicts.run() }
        return verdicts.map { $0! }
    }

    /// The application's batcher for the door.
    func makeScanBatcher() -> ScanBatcher { WriteBatcher(writers: writeQueue.batchWriters) { scans in await judge(scans) } }

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
