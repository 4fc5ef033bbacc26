import Domain
import XCTVapor
@testable import App

/// The forum through `/api/v1/forum`: a partner's app registers someone, the ticket comes back, the door admits it.
final class ForumAPITests: XCTestCase {
    private func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ json: String? = nil, headers: HTTPHeaders = [:]) async throws -> XCTHTTPResponse {
        var headers = headers
        if json != nil { headers.contentType = .json }
        return try await app.testable().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func testRegisterThroughTheAPIAndCheckInAtTheDoor() async throws {
        try await withApp { app in
            let stops = try JSONDecoder.api.decode([APIDTO.ForumStop].self, from: Data(buffer: try await send(app, .GET, "/api/v1/forum/stops").body))
            let casablanca = try unwrap(stops.first { $0.city == "Casablanca" })
            let stop = try JSONDecoder.api.decode(APIDTO.ForumStop.self, from: Data(buffer: try await send(app, .GET, "/api/v1/forum/stops/\(casablanca.id)").body))
            let sessions = try unwrap(stop.sessions)
            XCTAssertEqual(sessions.first?.seatsLeft, sessions.first?.capacity)

            let body = #"{"firstName": "Youssef", "lastName": "Amrani", "phone": "0663 12 34 56", "language": "ar", "sessions": [\#(sessions[1].id)], "consent": true}"#
            let created = try await send(app, .POST, "/api/v1/forum/stops/\(casablanca.id)/registrations", body)
            XCTAssertEqual(created.status, .created)
            let ticket = try JSONDecoder.api.decode(APIDTO.ForumTicket.self, from: Data(buffer: created.body))
            XCTAssertEqual(ticket.seats.map(\.status), ["confirmed"])
            let noConsent = try await send(app, .POST, "/api/v1/forum/stops/\(casablanca.id)/registrations", body.replacingOccurrences(of: "true", with: "false"))
            XCTAssertEqual(noConsent.status, .unprocessableEntity)

            let door = try await app.apiHeaders(for: "door@demo.maillage.ma")
            let first = try JSONDecoder.api.decode(APIDTO.CheckInResult.self, from: Data(buffer: try await send(
                app, .POST, "/api/v1/forum/stops/\(casablanca.id)/check-ins", #"{"code": "\#(ticket.code)", "device": "gate-1"}"#, headers: door).body))
            XCTAssertEqual(first.verdict, "admitted")
            let second = try JSONDecoder.api.decode(APIDTO.CheckInResult.self, from: Data(buffer: try await send(
                app, .POST, "/api/v1/forum/stops/\(casablanca.id)/check-ins", #"{"code": "\#(ticket.code)", "device": "gate-2"}"#, headers: door).body))
            XCTAssertEqual(second.verdict, "already_used")
            XCTAssertTrue(second.message.contains("gate-1"), second.message)
            let attendance = try JSONDecoder.api.decode(APIDTO.ForumAttendance.self, from: Data(buffer: try await send(
                app, .GET, "/api/v1/forum/stops/\(casablanca.id)/attendance", headers: door).body))
            XCTAssertEqual(attendance.admitted, 1)
            XCTAssertEqual(attendance.sessions.first { $0.id == sessions[1].id }?.present, 1)

            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            expectEqual(try await send(app, .GET, "/api/v1/forum/stops/\(casablanca.id)/attendance", headers: advisor).status, .forbidden)
            let seat = ticket.seats[0].id
            let cancelled = try JSONDecoder.api.decode(APIDTO.ForumTicket.self, from: Data(buffer: try await send(
                app, .POST, "/api/v1/forum/tickets/\(ticket.code)/seats/\(seat)/cancel").body))
            XCTAssertEqual(cancelled.seats.map(\.status), ["cancelled"])
            expectEqual(try await send(app, .POST, "/api/v1/forum/tickets/\(ticket.code)/seats/\(seat)/confirm").status, .conflict)
        }
    }

    func testSpeakersAndPartnersThroughTheAPI() async throws {
        try await withApp { app in
            let stops = try JSONDecoder.api.decode([APIDTO.ForumStop].self, from: Data(buffer: try await send(app, .GET, "/api/v1/forum/stops").body))
            let casablanca = try unwrap(stops.first { $0.city == "Casablanca" })
            let stop = try JSONDecoder.api.decode(APIDTO.ForumStop.self, from: Data(buffer: try await send(app, .GET, "/api/v1/forum/stops/\(casablanca.id)").body))
            let session = try unwrap(stop.sessions?.first { !$0.speakers.isEmpty })
            let speaker = try JSONDecoder.api.decode(APIDTO.ForumSpeakerProfile.self,
                                                     from: Data(buffer: try await send(app, .GET, "/api/v1/forum/speakers/\(session.speakers[0].id)").body))
            XCTAssertEqual(speaker.name, session.speakers[0].name)
            XCTAssertTrue(speaker.sessions.contains { $0.sessionId == session.id && $0.stopId == casablanca.id })

            let partnerID = try unwrap(stop.partnerIds?.first)
            let partner = try JSONDecoder.api.decode(APIDTO.ForumPartner.self, from: Data(buffer: try await send(app, .GET, "/api/v1/forum/partners/\(partnerID)").body))
            XCTAssertEqual(partner.name, stop.partners?.first)
            XCTAssertTrue(partner.stops.contains { $0.id == casablanca.id })
            expectEqual(try await send(app, .GET, "/api/v1/forum/speakers/0").status, .notFound)
        }
    }
}
