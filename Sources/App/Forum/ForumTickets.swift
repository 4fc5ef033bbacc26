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

    /// The ticket and its seats in one query (a row per seat).
    func find(_ code: TicketCode) async throws -> Ticket? {
        try await Self.tickets(where: "r.ticket_code = \(bind: code.value)", on: sql).first
    }

    /// The tickets of registrations just written together, as a burst's batch returns them: one query for all.
    static func find(registrationIDs: [Int], on sql: any SQLDatabase) async throws -> [Int: Ticket] {
        guard !registrationIDs.isEmpty else { return [:] }
        let tickets = try await tickets(where: "r.id IN (\(SQLList(registrationIDs.map { SQLBind($0) })))", on: sql)
        return Dictionary(tickets.map { ($0.registrationID, $0) }) { first, _ in first }
    }

    private static func tickets(where condition: SQLQueryString, on sql: any SQLDatabase) async throws -> [Ticket] {
        struct Row: Decodable {
            let id: Int; let ticket_code: String; let status: String; let stop_id: Int; let first_name: String
            let seat_id: Int?; let session_id: Int?; let seat_status: String?; let offered_until: Date?
        }
        let rows = try await sql.raw("""
            SELECT r.id, r.ticket_code, r.status, r.stop_id, b.first_name, s.id AS seat_id, s.session_id, s.status AS seat_status, s.offered_until
            FROM forum_registrations r JOIN beneficiaries b ON b.id = r.beneficiary_id LEFT JOIN forum_seats s ON s.registration_id = r.id
            WHERE \(condition) ORDER BY r.id, s.session_id
            """).all(decoding: Row.self)
        var tickets: [Ticket] = []
        for (id, group) in Dictionary(grouping: rows, by: \.id).sorted(by: { $0.key < $1.key }) {
            guard let first = group.first, let code = TicketCode(reading: first.ticket_code) else { continue }
            let seats = group.compactMap { row in
                row.seat_id.map { Seat(id: $0, session_id: row.session_id!, status: row.seat_status!, offered_until: row.offered_until) }
            }
            tickets.append(Ticket(registrationID: id, code: code, status: first.status, stopID: first.stop_id, firstName: first.first_name, seats: seats))
        }
        return tickets
    }
}
