import Domain
import Foundation
import SQLKit

/// A ticket as its holder sees it: whoever has the code (sent by text message, printed, on the phone) manages the
/// registration's seats; nothing else about the person is shown but their first name.
struct ForumTickets {
    let sql: any SQLDatabase

    struct Seat: Sendable, Decodable {
        let id: Int
        let session_id: Int
        let status: String
        let offered_until: Date?
    }

    struct Ticket: Sendable {
        let registrationID: Int
        let code: TicketCode
        let status: String
        let stopID: Int
        let firstName: String
        let seats: [Seat]
    }

    /// The ticket and its seats in one query (a row per seat), as registering returns it under a burst.
    func find(_ code: TicketCode) async throws -> Ticket? {
        struct Row: Decodable {
            let id: Int; let status: String; let stop_id: Int; let first_name: String
            let seat_id: Int?; let session_id: Int?; let seat_status: String?; let offered_until: Date?
        }
        let rows = try await sql.raw("""
            SELECT r.id, r.status, r.stop_id, b.first_name, s.id AS seat_id, s.session_id, s.status AS seat_status, s.offered_until
            FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id LEFT JOIN forum_seats s ON s.registration_id = r.id
            WHERE r.ticket_code = \(bind: code.value) ORDER BY s.session_id
            """).all(decoding: Row.self)
        guard let first = rows.first else { return nil }
        let seats = rows.compactMap { row in
            row.seat_id.map { Seat(id: $0, session_id: row.session_id!, status: row.seat_status!, offered_until: row.offered_until) }
        }
        return Ticket(registrationID: first.id, code: code, status: first.status, stopID: first.stop_id, firstName: first.first_name, seats: seats)
    }
}
