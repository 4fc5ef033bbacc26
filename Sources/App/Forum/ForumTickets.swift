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

    func find(_ code: TicketCode) async throws -> Ticket? {
        struct Row: Decodable { let id: Int; let status: String; let stop_id: Int; let first_name: String }
        guard let row = try await sql.raw("""
            SELECT r.id, r.status, r.stop_id, b.first_name FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id
            WHERE r.ticket_code = \(bind: code.value)
            """).first(decoding: Row.self) else { return nil }
        let seats = try await sql.raw("""
            SELECT id, session_id, status, offered_until FROM forum_seats WHERE registration_id = \(bind: row.id) ORDER BY session_id
            """).all(decoding: Seat.self)
        return Ticket(registrationID: row.id, code: code, status: row.status, stopID: row.stop_id, firstName: row.first_name, seats: seats)
    }
}
