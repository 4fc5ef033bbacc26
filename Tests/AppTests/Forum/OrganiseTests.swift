import Domain
import XCTVapor
@testable import App

/// Organisers build the programme from the browser, register walk-ins at the door, and grow a full session's capacity.
final class OrganiseTests: XCTestCase {
    func testAnOrganiserBuildsAStopAndItsSessionsAndRegistersAWalkIn() async throws {
        try await withApp { app in
            let organiser = TestBrowser(app)
            try await organiser.signIn("organiser@demo.maillage.ma")
            let edition = try unwrap(try await app.id(of: "forum_editions", where: "number = 5"))
            let oriental = try unwrap(try await app.id(of: "regions", where: "code = '08'"))
            let bank = try unwrap(try await app.id(of: "partner_institutions", where: "kind = 'bank'"))
            let wrong = try await organiser.post("/organise/stops", ["edition_id": String(edition), "region_id": String(oriental), "city": "Oujda", "venue": "",
                                                                     "starts_on": "2027-03-12", "ends_on": "2027-03-11", "offer_hours": "24"])
            expectEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("id=\"f-stop-new-venue-error\""))
            XCTAssertTrue(wrong.body.string.contains("id=\"f-stop-new-ends_on-error\""))
            let created = try await organiser.post("/organise/stops", ["edition_id": String(edition), "region_id": String(oriental), "city": "Oujda",
                                                                       "venue": "Technopole", "starts_on": "2027-03-12", "ends_on": "2027-03-12",
                                                                       "offer_hours": "12", "partner_\(bank)": "on"])
            expectEqual(created.status, .seeOther)
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Oujda'"))
            let session = try await organiser.post("/organise/stops/\(stop)/sessions", [
                "kind": "workshop", "theme": "e_payment", "title_fr": "Encaisser par téléphone", "title_ar": "الاستخلاص بالهاتف", "title_en": "",
                "room": "Salle 1", "day": "2027-03-12", "starts_at": "10h00", "ends_at": "11:30", "capacity": "1"])
            expectEqual(session.status, .seeOther)
            let sessionID = try unwrap(try await app.id(of: "forum_sessions", where: "stop_id = \(bind: stop)"))
            let programme = try await TestBrowser(app).get("/forum/stops/\(stop)").body.string
            XCTAssertTrue(programme.contains("Encaisser par téléphone"))
            XCTAssertTrue(programme.contains("Banque partenaire (démo)"))

            let walkIn = try await organiser.post("/organise/stops/\(stop)/walk-ins", ["first_name": "Hamid", "last_name": "Zerouali", "phone": "0664 00 11 22",
                                                                                     "session_\(sessionID)": "on", "consent": "on"])
            expectEqual(walkIn.status, .seeOther)
            XCTAssertTrue(walkIn.headers.first(name: .location)?.hasPrefix("/forum/tickets/") == true)
            let second = ForumRegistrations.Registrant(firstName: "Salma", lastName: "Idrissi", phone: try MoroccanPhone.parse("0664001123"), gender: .f, language: .fr)
            _ = try await ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!)
                .register(stopID: stop, second, sessionIDs: [sessionID], channel: "web")
            expectEqual(try await app.count("forum_seats", where: "session_id = \(bind: sessionID) AND status = 'waiting'"), 1)

            var values = OrganiseViews.sessionValues(try unwrap(try await ForumProgramme(sql: app.sql).stop(stop)?.sessions.first))
            values["capacity"] = "0"
            expectEqual(try await organiser.post("/organise/stops/\(stop)/sessions/\(sessionID)", values).status, .unprocessableEntity)
            values["capacity"] = "2"
            expectEqual(try await organiser.post("/organise/stops/\(stop)/sessions/\(sessionID)", values).status, .seeOther)
            expectEqual(try await app.count("forum_seats", where: "session_id = \(bind: sessionID) AND status = 'offered'"), 1,
                        "the added seat is offered to the one waiting")

            let csv = try await organiser.get("/organise/stops/\(stop)/registrations.csv").body.string
            XCTAssertTrue(csv.contains("Zerouali Hamid"), csv)
            XCTAssertTrue(csv.contains("Place confirmée") && csv.contains("Une place vous est proposée"))
            let xlsx = try await organiser.get("/organise/stops/\(stop)/attendance.xlsx")
            expectEqual(xlsx.status, .ok)
            XCTAssertTrue(xlsx.body.readableBytes > 1_000 && xlsx.body.getBytes(at: 0, length: 2) == [0x50, 0x4B], "a zip (XLSX) file")

            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/organise").status, .forbidden)
            expectEqual(try await advisor.get("/organise/stops/\(stop)/registrations.csv").status, .forbidden)
        }
    }
}
