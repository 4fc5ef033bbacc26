import Domain
import SQLKit
import XCTVapor
@testable import App

/// The door: each ticket admitted once, whichever device or instance scans it first; refusals say why; scans made
/// offline on two devices are reconciled with the conflict reported.
final class DoorCheckInTests: XCTestCase {
    private func register(_ app: Application, city: String, number: Int) async throws -> (stop: Int, ticket: ForumRegistrations.Registration) {
        let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = \(bind: city)"))
        let session = try unwrap(try await app.id(of: "forum_sessions", where: "stop_id = \(bind: stop) ORDER BY id LIMIT 1"))
        let person = ForumRegistrations.Registrant(firstName: "Amal", lastName: "Porte \(number)", phone: try MoroccanPhone.parse(String(format: "0662%06d", number)),
                                                   gender: .f, language: .fr)
        let ticket = try await ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!, writeQueue: app.writeQueue)
            .register(stopID: stop, person, sessionIDs: [session], channel: "web")
        return (stop, ticket)
    }

    func testATicketIsAdmittedOnceAndEveryRefusalSaysWhy() async throws {
        try await withApp { app in
            let (stop, ticket) = try await register(app, city: "Casablanca", number: 1)
            let door = ForumCheckIns(sql: app.sql, writeQueue: app.writeQueue)
            // Two instances (one batching its admissions, each with its own SQLite write queue) scanning one ticket at once.
            var batching = ForumCheckIns(sql: app.sql, writeQueue: app.writeQueue.map { _ in WriteQueue() })
            batching.scans = batching.makeScanBatcher()
            let instances = [door, batching]
            let verdicts = try await withThrowingTaskGroup(of: ForumCheckIns.Verdict.self) { group in
                for (index, device) in ["phone-a", "phone-b", "phone-c", "phone-d", "phone-e", "phone-f"].enumerated() {
                    group.addTask { try await instances[index % 2].scan(ticket.ticket.description, stopID: stop, device: device, userID: nil) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            expectEqual(verdicts.filter(\.admitted).count, 1)
            expectEqual(verdicts.filter { $0.code == "already_used" }.count, 5)
            expectEqual(try await app.count("forum_checkins", where: "stop_id = \(bind: stop)"), 1)

            var typo = Array(ticket.ticket.value)
            typo[2] = typo[2] == "A" ? "B" : "A"
            expectEqual(try await door.scan(String(typo), stopID: stop, device: "phone-a", userID: nil), .unreadable)
            expectEqual(try await door.scan("0000-0000-0", stopID: stop, device: "phone-a", userID: nil), .unknown)
            let (_, elsewhere) = try await register(app, city: "Marrakech", number: 2)
            expectEqual(try await door.scan(elsewhere.ticket.value, stopID: stop, device: "phone-a", userID: nil), .wrongStop(city: "Marrakech"))
            let (_, gone) = try await register(app, city: "Casablanca", number: 3)
            try await app.sql.raw("UPDATE forum_registrations SET status = 'cancelled' WHERE id = \(bind: gone.id)").run()
            expectEqual(try await door.scan(gone.ticket.value, stopID: stop, device: "phone-a", userID: nil), .cancelled)
        }
    }

    func testOfflineScansOnTwoDevicesAreReconciledAndTheConflictReported() async throws {
        try await withApp { app in
            let (stop, ticket) = try await register(app, city: "Casablanca", number: 1)
            let (_, other) = try await register(app, city: "Casablanca", number: 2)
            let staff = TestBrowser(app)
            try await staff.signIn("door@demo.maillage.ma")
            let list = try JSONDecoder.api.decode(DoorWebController.TicketList.self, from: Data(buffer: try await staff.get("/door/stops/\(stop)/tickets.json").body))
            XCTAssertTrue(list.tickets.contains { $0.code == ticket.ticket.value && $0.firstName == "Amal" && !$0.admitted })

            let checkIns = ForumCheckIns(sql: app.sql)
            let early = Date().addingTimeInterval(-600), late = Date().addingTimeInterval(-300)
            let a = try await checkIns.scan(ticket.ticket.value, stopID: stop, device: "phone-a", userID: nil, at: early, offline: true)
            let b = try await checkIns.scan(ticket.ticket.value, stopID: stop, device: "phone-b", userID: nil, at: late, offline: true)
            XCTAssertTrue(a.admitted)
            expectEqual(b.code, "conflict")
            expectEqual(try await checkIns.scan(other.ticket.value, stopID: stop, device: "phone-b", userID: nil, at: late, offline: true).admitted, true)
            let attendance = try await checkIns.attendance(stopID: stop)
            expectEqual(attendance.admitted, 2)
            expectEqual(attendance.conflicts, 1)
            let page = try await staff.get("/door/stops/\(stop)/attendance").body.string
            XCTAssertTrue(page.contains("<dd id=\"conflict-count\">1</dd>"))

            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/door/stops/\(stop)").status, .forbidden)
            expectEqual(try await advisor.get("/door/stops/\(stop)/tickets.json").status, .forbidden)
        }
    }

    /// A busy door's scans are judged in groups; each scan still gets its own answer, in the order they came.
    func testScansJudgedTogetherEachGetTheirOwnAnswer() async throws {
        try await withApp { app in
            let (stop, first) = try await register(app, city: "Casablanca", number: 1)
            let (_, second) = try await register(app, city: "Casablanca", number: 2)
            let (_, elsewhere) = try await register(app, city: "Marrakech", number: 3)
            let (_, gone) = try await register(app, city: "Casablanca", number: 4)
            try await app.sql.raw("UPDATE forum_registrations SET status = 'cancelled' WHERE id = \(bind: gone.id)").run()
            let at = Date().addingTimeInterval(-60)
            func scan(_ code: TicketCode, _ device: String, offline: Bool = false) -> ForumCheckIns.Scan {
                .init(code: code, stopID: stop, device: device, userID: nil, scannedAt: at, offline: offline)
            }
            let verdicts = try await ForumCheckIns(sql: app.sql, writeQueue: app.writeQueue).judge([
                scan(first.ticket, "gate-1"), scan(first.ticket, "gate-2"), scan(elsewhere.ticket, "gate-1"), scan(gone.ticket, "gate-1"),
                scan(TicketCode(reading: "0000-0000-0")!, "gate-1"), scan(second.ticket, "gate-2"), scan(first.ticket, "phone-c", offline: true),
            ]).map { try $0.get() }
            XCTAssertEqual(verdicts, [.admitted(firstName: "Amal"), .alreadyUsed(at: at, device: "gate-1"), .wrongStop(city: "Marrakech"), .cancelled,
                                      .unknown, .admitted(firstName: "Amal"), .conflict(at: at, device: "gate-1")])
            expectEqual(try await app.count("forum_checkins", where: "stop_id = \(bind: stop)"), 2)
            expectEqual(try await app.count("forum_checkin_conflicts", where: "stop_id = \(bind: stop) AND device = 'phone-c'"), 1)
        }
    }

    /// Two instances judging the same tickets at once, in opposite orders, each let every ticket in once and never
    /// fail waiting on each other.
    func testTwoInstancesJudgingTheSameTicketsInOppositeOrdersBothAnswer() async throws {
        try await withApp { app in
            let first = ForumCheckIns(sql: app.sql, writeQueue: app.writeQueue)
            let second = ForumCheckIns(sql: app.sql, writeQueue: app.writeQueue.map { _ in WriteQueue() })
            for round in 0..<3 {
                var scans: [ForumCheckIns.Scan] = []
                var stop = 0
                for number in 0..<12 {
                    let (stopID, ticket) = try await register(app, city: "Casablanca", number: 100 + round * 12 + number)
                    stop = stopID
                    scans.append(.init(code: ticket.ticket, stopID: stopID, device: "gate", userID: nil, scannedAt: Date(), offline: false))
                }
                let reversed = Array(scans.reversed())
                async let one = first.judge(scans)
                async let other = second.judge(reversed)
                let verdicts = try (await one + other).map { try $0.get() }
                expectEqual(verdicts.filter(\.admitted).count, 12)
                expectEqual(try await app.count("forum_checkins", where: "stop_id = \(bind: stop)"), 12 * (round + 1))
            }
        }
    }

    func testTheDoorPageWorksWithoutScriptAndNoShowsAreMarkedAfterTheSession() async throws {
        try await withApp { app in
            let (stop, ticket) = try await register(app, city: "Casablanca", number: 1)
            let (_, absent) = try await register(app, city: "Casablanca", number: 2)
            let staff = TestBrowser(app)
            try await staff.signIn("door@demo.maillage.ma")
            let admitted = try await staff.post("/door/stops/\(stop)/scan", ["code": ticket.ticket.description.lowercased(), "device": "browser"]).body.string
            XCTAssertTrue(admitted.contains("data-verdict=\"admitted\""))
            XCTAssertTrue(admitted.contains("Entrée : Amal"))
            let again = try await staff.post("/door/stops/\(stop)/scan", ["code": ticket.ticket.value, "device": "browser"]).body.string
            XCTAssertTrue(again.contains("data-verdict=\"already_used\""))

            let checkIns = ForumCheckIns(sql: app.sql)
            expectEqual(try await checkIns.markNoShows(stopID: stop), 0, "nothing has ended yet")
            try await app.sql.raw("UPDATE forum_sessions SET ends_at = \(bind: Date().addingTimeInterval(-60)) WHERE stop_id = \(bind: stop)").run()
            expectEqual(try await checkIns.markNoShows(stopID: stop), 1, "the one who never came")
            let noShow = try await app.sql.raw("SELECT no_show FROM forum_seats WHERE registration_id = \(bind: absent.id)").first()!.decode(column: "no_show", as: Bool?.self)
            expectEqual(noShow, true)
        }
    }
}
