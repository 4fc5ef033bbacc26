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

    func testTheStopsMapLinksEachStopAtItsRegionFromNorthToSouth() async throws {
        try await withApp { app in
            let index = try await TestBrowser(app).get("/forum").body.string
            let start = try unwrap(index.range(of: "<svg id=\"stops-map\""), "the map on the page")
            let map = String(index[start.lowerBound..<(index.range(of: "</svg>")?.upperBound ?? index.endIndex)])
            // Each demo stop is a numbered dot linking to its agenda, in the list's date order.
            var dots: [(stop: Int, y: Int)] = []
            for city in ["Casablanca", "Marrakech", "Béni Mellal"] {
                let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = \(bind: city)"))
                let link = try unwrap(map.range(of: "<a href=\"/forum/stops/\(stop)\""), "\(city) on the map")
                let circle = try unwrap(map[link.upperBound...].range(of: "cy=\""))
                dots.append((stop, Int(map[circle.upperBound...].prefix { $0.isNumber })!))
            }
            expectEqual(dots.count, 3)
            XCTAssertLessThan(dots[0].y, dots[1].y, "Casablanca is north of Marrakech")
            XCTAssertTrue(map.contains("<polyline points="), "the route between the stops")
            XCTAssertTrue(map.contains(">Dakhla</text>") && map.contains(">Tanger</text>"), "the capitals outline the country")
            let reader = TestBrowser(app)
            reader.setCookie("maillage_lang", "ar")
            let arabic = try await reader.get("/forum").body.string
            XCTAssertTrue(arabic.contains(">الداخلة</text>"), "capitals named in the page's language")
        }
    }

    func testSpeakersAndPartnersHaveTheirPagesLinkedFromTheAgenda() async throws {
        try await withApp { app in
            let organiser = TestBrowser(app)
            try await organiser.signIn("organiser@demo.maillage.ma")
            let added = try await organiser.post("/organise/speakers", ["name": "Nadia Benali", "organisation": "Cabinet <Conseil>",
                                                                       "bio_fr": "Experte en marketing digital.", "bio_ar": "خبيرة في التسويق الرقمي."])
            expectEqual(added.status, .seeOther)
            let speaker = try unwrap(try await app.id(of: "forum_speakers", where: "name = 'Nadia Benali'"))
            let page = try await TestBrowser(app).get("/forum/speakers/\(speaker)").body.string
            XCTAssertTrue(page.contains("<h1>Nadia Benali</h1>") && page.contains("Cabinet &lt;Conseil&gt;"), "escaped")
            XCTAssertTrue(page.contains("Experte en marketing digital."))
            let reader = TestBrowser(app)
            reader.setCookie("maillage_lang", "ar")
            expectTrue(try await reader.get("/forum/speakers/\(speaker)").body.string.contains("خبيرة في التسويق الرقمي."))
            let tooLong = try await organiser.post("/organise/speakers", ["name": "X", "bio_fr": String(repeating: "a", count: 2_001)])
            expectEqual(tooLong.status, .unprocessableEntity)

            // A demo speaker's page lists the sessions they speak at, each linked to its place in the agenda.
            let row = try unwrap(try await app.sql.raw("SELECT speaker_id, session_id FROM forum_session_speakers ORDER BY session_id LIMIT 1").first())
            let (demoSpeaker, session) = (try row.decode(column: "speaker_id", as: Int.self), try row.decode(column: "session_id", as: Int.self))
            let profile = try await TestBrowser(app).get("/forum/speakers/\(demoSpeaker)").body.string
            XCTAssertTrue(profile.contains("#session-\(session)\""), profile)
            let stop = try unwrap(try await app.sql.raw("SELECT stop_id FROM forum_sessions WHERE id = \(bind: session)").first()?.decode(column: "stop_id", as: Int.self))
            let agenda = try await TestBrowser(app).get("/forum/stops/\(stop)").body.string
            XCTAssertTrue(agenda.contains("href=\"/forum/speakers/\(demoSpeaker)\""), "the agenda links the speaker")

            let partner = try unwrap(try await app.id(of: "partner_institutions", where: "name = 'Banque partenaire (démo)'"))
            let partnerPage = try await TestBrowser(app).get("/forum/partners/\(partner)")
            expectEqual(partnerPage.status, .ok)
            XCTAssertTrue(partnerPage.body.string.contains("href=\"/forum/stops/"))
            let absent = try unwrap(try await app.id(of: "partner_institutions", where: "name = 'Tamwilcom'"))
            expectEqual(try await TestBrowser(app).get("/forum/partners/\(absent)").status, .notFound, "a partner at no stop has no forum page")
            expectEqual(try await TestBrowser(app).get("/forum/speakers/999999").status, .notFound)
        }
    }

    func testASignedInEntrepreneurFindsTheFormFilledFromTheirFile() async throws {
        try await withApp { app in
            let entrepreneur = TestBrowser(app)
            try await entrepreneur.signInByPhone("06 12 34 56 78", e164: DemoData.entrepreneurPhone)
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Casablanca'"))
            let page = try await entrepreneur.get("/forum/stops/\(stop)").body.string
            struct Own: Decodable { let first_name: String; let last_name: String; let phone: String? }
            let own = try unwrap(try await app.sql.raw("""
                SELECT b.first_name, b.last_name, b.phone FROM beneficiaries b JOIN users u ON u.id = b.user_id WHERE u.phone = \(bind: DemoData.entrepreneurPhone)
                """).first(decoding: Own.self))
            for value in [own.first_name, own.last_name, own.phone ?? DemoData.entrepreneurPhone] {
                XCTAssertTrue(page.contains("value=\"\(value)\""), "\(value) filled")
            }
            let anonymous = try await TestBrowser(app).get("/forum/stops/\(stop)").body.string
            XCTAssertFalse(anonymous.contains("value=\"\(own.last_name)\""), "nothing filled for a visitor")
        }
    }
}
