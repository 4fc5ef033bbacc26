import Domain
import XCTVapor
@testable import App

/// The forum's public pages: the stops, a stop's agenda, registration by phone, the ticket, the calendar feed.
final class ForumPagesTests: XCTestCase {
    func testAnEntrepreneurFindsAStopRegistersByPhoneAndManagesTheTicket() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let index = try await visitor.get("/forum").body.string
            expectEqual(index.components(separatedBy: "<li class=\"stop card\">").count - 1, 3)
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Casablanca'"))
            let sessions = try await app.sql.raw("SELECT id FROM forum_sessions WHERE stop_id = \(bind: stop) ORDER BY starts_at, id")
                .all(decodingColumn: "id", as: Int.self)
            let page = try await visitor.get("/forum/stops/\(stop)").body.string
            XCTAssertTrue(page.contains("Construire son budget prévisionnel"))
            XCTAssertTrue(page.contains("Banque partenaire (démo)"), "partners present at the stop")

            let missing = try await visitor.post("/forum/stops/\(stop)/register", ["first_name": "Khadija", "last_name": "Berrada", "phone": "06 12", "consent": "on"])
            expectEqual(missing.status, .unprocessableEntity)
            XCTAssertTrue(missing.body.string.contains("id=\"f-phone-error\""))
            XCTAssertTrue(missing.body.string.contains("id=\"sessions-error\""), "at least one session")
            XCTAssertTrue(missing.body.string.contains("value=\"Khadija\""), "what was typed stays")

            let form = ["first_name": "Khadija", "last_name": "Berrada", "phone": "+212 662-123456", "consent": "on",
                        "session_\(sessions[1])": "on", "session_\(sessions[2])": "on"]
            let registered = try await visitor.post("/forum/stops/\(stop)/register", form)
            expectEqual(registered.status, .seeOther)
            let location = try unwrap(registered.headers.first(name: .location))
            let ticket = try await visitor.get(location).body.string
            XCTAssertTrue(ticket.contains("Khadija"))
            expectEqual(ticket.components(separatedBy: "data-status=\"confirmed\"").count - 1, 2)
            let code = try unwrap(TicketCode(reading: String(location.dropFirst("/forum/tickets/".count))))
            XCTAssertTrue(ticket.contains(code.description))
            try await app.runJobs()
            let sms = try unwrap(await app.recorder.sent.last { $0.to == "+212662123456" })
            XCTAssertTrue(sms.body.contains(code.description), sms.body)

            var again = form
            again.removeValue(forKey: "session_\(sessions[2])")
            again["session_\(sessions[3])"] = "on"
            let second = try await visitor.post("/forum/stops/\(stop)/register", again)
            expectEqual(second.headers.first(name: .location), location, "the same person keeps one ticket")
            expectEqual(try await app.count("beneficiaries", where: "phone = '+212662123456'"), 1)

            let seat = try unwrap(try await app.id(of: "forum_seats", where: "session_id = \(bind: sessions[1])"))
            expectEqual(try await visitor.post("\(location)/seats/\(seat)/cancel", [:]).status, .seeOther)
            expectTrue(try await visitor.get(location).body.string.contains("data-status=\"cancelled\""))
            expectEqual(try await visitor.post("\(location)/seats/\(seat)/cancel", [:]).status, .conflict, "already given up")
            expectEqual(try await visitor.get("/forum/tickets/0000-0000-1").status, .notFound, "a wrong check character")
        }
    }

    func testEachStopHasACalendarFeed() async throws {
        try await withApp { app in
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Marrakech'"))
            let feed = try await TestBrowser(app).get("/forum/stops/\(stop)/calendar.ics")
            expectEqual(feed.headers.contentType?.subType, "calendar")
            let text = feed.body.string
            XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            expectEqual(text.components(separatedBy: "BEGIN:VEVENT").count - 1, 5, "the mini-forum has no plenary")
            XCTAssertTrue(text.contains("SUMMARY:Construire son budget prévisionnel\r\n"))
            XCTAssertTrue(text.contains("LOCATION:Salle A\\, Chambre de commerce\\, Marrakech"), "commas escaped")
            XCTAssertTrue(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "long lines folded")
        }
    }
}
