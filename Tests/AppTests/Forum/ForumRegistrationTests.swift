import Domain
import SQLKit
import XCTVapor
@testable import App

/// Seats at the forum: never more confirmed than a session holds, whatever arrives at once; a freed seat goes to the
/// first in line, and passes on when they do not take it in time.
final class ForumRegistrationTests: XCTestCase {
    private func registrations(_ app: Application) -> ForumRegistrations {
        ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!, writeQueue: app.writeQueue, batcher: app.forumBatcher)
    }

    /// The same service as a second app instance runs it: a batcher and, on SQLite, a write queue of its own.
    private func secondInstance(_ app: Application) -> ForumRegistrations {
        let alone = ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!, writeQueue: app.writeQueue.map { _ in WriteQueue() })
        var batched = alone
        batched.batcher = alone.makeBatcher()
        return batched
    }

    /// An instance that writes each registration alone (the path a failed batch falls back to).
    private func unbatched(_ app: Application) -> ForumRegistrations {
        ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!, writeQueue: app.writeQueue)
    }

    private func person(_ number: Int, first: String = "Test") -> ForumRegistrations.Registrant {
        .init(firstName: first, lastName: "Personne \(number)", phone: try! MoroccanPhone.parse(String(format: "0661%06d", number)), gender: .u, language: .fr)
    }

    /// A session of the Casablanca stop with the given number of seats.
    private func session(_ app: Application, seats: Int) async throws -> (stop: Int, session: Int) {
        let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Casablanca'"))
        let session = try unwrap(try await app.id(of: "forum_sessions", where: "stop_id = \(bind: stop) AND kind = 'workshop' ORDER BY id LIMIT 1"))
        try await app.sql.raw("UPDATE forum_sessions SET capacity = \(bind: seats) WHERE id = \(bind: session)").run()
        return (stop, session)
    }

    private func seats(_ app: Application, _ session: Int, _ status: String) async throws -> Int {
        try await app.count("forum_seats", where: "session_id = \(bind: session) AND status = \(bind: status)")
    }

    func testFiveHundredPeopleAtOnceForOneHundredSeats() async throws {
        try await withApp { app in
            let (stop, session) = try await session(app, seats: 100)
            let instances = [registrations(app), secondInstance(app), unbatched(app)]
            // 500 people, and the first 50 of them registering a second time at the same instant, through three instances.
            let requests = (Array(0..<500) + Array(0..<50)).map { person($0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, registrant) in requests.enumerated() {
                    let service = instances[index % 3]
                    group.addTask { _ = try await service.register(stopID: stop, registrant, sessionIDs: [session], channel: "web") }
                }
                try await group.waitForAll()
            }
            expectEqual(try await seats(app, session, "confirmed"), 100)
            expectEqual(try await seats(app, session, "waiting"), 400)
            expectEqual(try await app.sql.raw("SELECT held FROM forum_sessions WHERE id = \(bind: session)").first()!.decode(column: "held", as: Int.self), 100)
            expectEqual(try await app.count("beneficiaries", where: "phone LIKE '+212661%' AND first_name = 'Test'"), 500, "no one created twice")
            expectEqual(try await app.count("forum_registrations", where: "stop_id = \(bind: stop)"), 500, "one ticket per person")
            expectEqual(try await app.count("notifications", where: "template LIKE 'forum_registered%'"), 550, "each registration is told")
        }
    }

    /// The application keeps a stop's outline for seconds; a workshop added meanwhile is open at once. Someone the
    /// registry already holds (met by an advisor) is found by phone and name, not created again, and the ticket comes
    /// back with every seat it holds.
    func testAWorkshopAddedDuringRegistrationsIsOpenAtOnceAndAKnownPersonIsFound() async throws {
        try await withApp { app in
            let (stop, session) = try await session(app, seats: 5)
            var service = registrations(app)
            service.stops = app.forumStops
            _ = try await service.register(stopID: stop, person(1), sessionIDs: [session], channel: "web")
            let added = try unwrap(try await app.sql.raw("""
                INSERT INTO forum_sessions (stop_id, kind, theme, title_fr, title_ar, title_en, room, starts_at, ends_at, capacity, held)
                SELECT stop_id, kind, theme, 'Atelier ajouté', 'ورشة مضافة', 'Added workshop', room, starts_at, ends_at, 10, 0
                FROM forum_sessions WHERE id = \(bind: session) RETURNING id
                """).first(decodingColumn: "id", as: Int.self))

            struct Known: Decodable { let id: Int; let first_name: String; let last_name: String; let phone: String }
            let known = try unwrap(try await app.sql.raw("""
                SELECT id, first_name, last_name, phone FROM beneficiaries WHERE phone IS NOT NULL AND merged_into_id IS NULL ORDER BY id LIMIT 1
                """).first(decoding: Known.self))
            let people = try await app.count("beneficiaries")
            // Typed as people type it: the local form of the number, the name in capitals.
            let local = "0" + known.phone.dropFirst(4)
            let registrant = ForumRegistrations.Registrant(firstName: known.first_name.uppercased(), lastName: known.last_name,
                                                           phone: try MoroccanPhone.parse(local), gender: .u, language: .fr)
            let registration = try await service.register(stopID: stop, registrant, sessionIDs: [added, session], channel: "web")
            XCTAssertEqual(registration.beneficiaryID, known.id)
            expectEqual(try await app.count("beneficiaries"), people)
            XCTAssertEqual(registration.issued.firstName, known.first_name)
            XCTAssertEqual(registration.issued.seats.map(\.session_id), [session, added])
            XCTAssertEqual(registration.issued.seats.map(\.status), ["confirmed", "confirmed"])
            let again = try await service.register(stopID: stop, registrant, sessionIDs: [added], channel: "web")
            XCTAssertEqual(again.ticket, registration.ticket)
            XCTAssertEqual(again.issued.seats.count, 2)
        }
    }

    func testACancellationOffersTheSeatToTheFirstInLineAndAnExpiredOfferPassesOn() async throws {
        try await withApp { app in
            let (stop, session) = try await session(app, seats: 2)
            let service = registrations(app)
            var tickets: [ForumRegistrations.Registration] = []
            for number in 1...4 { tickets.append(try await service.register(stopID: stop, person(number), sessionIDs: [session], channel: "web")) }
            expectEqual(try await seats(app, session, "confirmed"), 2)
            expectEqual(try await seats(app, session, "waiting"), 2)
            func seat(_ ticket: ForumRegistrations.Registration) async throws -> (id: Int, status: String) {
                let row = try await app.sql.raw("SELECT id, status FROM forum_seats WHERE registration_id = \(bind: ticket.id) AND session_id = \(bind: session)").first()!
                return (try row.decode(column: "id", as: Int.self), try row.decode(column: "status", as: String.self))
            }

            let now = Date()
            try await service.cancel(seatID: try await seat(tickets[0]).id, registrationID: tickets[0].id, now: now)
            expectEqual(try await seat(tickets[2]).status, "offered", "the first in line")
            expectEqual(try await seat(tickets[3]).status, "waiting")
            expectEqual(try await seats(app, session, "confirmed") + seats(app, session, "offered"), 2, "the seat is held for the offer")
            expectEqual(try await app.count("notifications", where: "template = 'forum_offer' AND recipient = \(bind: person(3).phone.e164)"), 1)
            let latecomer = try await service.register(stopID: stop, person(5), sessionIDs: [session], channel: "web")
            expectEqual(try await seat(latecomer).status, "waiting", "nobody jumps the line while a seat is on offer")

            expectEqual(try await service.expireOffers(now: now.addingTimeInterval(23 * 3_600)), 0, "within the 24 hours")
            expectEqual(try await service.expireOffers(now: now.addingTimeInterval(25 * 3_600)), 1)
            expectEqual(try await seat(tickets[2]).status, "expired")
            expectEqual(try await seat(tickets[3]).status, "offered", "passed on to the next")
            expectEqual(try await app.count("notifications", where: "template = 'forum_offer_expired'"), 1)
            do {
                try await service.confirmOffer(seatID: try await seat(tickets[2]).id, registrationID: tickets[2].id, now: now.addingTimeInterval(25 * 3_600))
                XCTFail("an expired offer cannot be taken")
            } catch let error as AppError { XCTAssertEqual(error.status, .conflict) }
            try await service.confirmOffer(seatID: try await seat(tickets[3]).id, registrationID: tickets[3].id, now: now.addingTimeInterval(26 * 3_600))
            expectEqual(try await seat(tickets[3]).status, "confirmed")

            try await service.cancel(seatID: try await seat(latecomer).id, registrationID: latecomer.id)
            try await service.cancel(seatID: try await seat(tickets[1]).id, registrationID: tickets[1].id)
            expectEqual(try await app.sql.raw("SELECT held FROM forum_sessions WHERE id = \(bind: session)").first()!.decode(column: "held", as: Int.self), 1,
                        "with nobody waiting, the seat returns to the counter")
            let walkIn = try await service.register(stopID: stop, person(6), sessionIDs: [session], channel: "door")
            expectEqual(try await seat(walkIn).status, "confirmed")
        }
    }

    func testTwoCancellationsAtOnceOfferToTwoDifferentPeople() async throws {
        try await withApp { app in
            let (stop, session) = try await session(app, seats: 2)
            let service = registrations(app)
            var tickets: [ForumRegistrations.Registration] = []
            for number in 1...5 { tickets.append(try await service.register(stopID: stop, person(number), sessionIDs: [session], channel: "web")) }
            let seatIDs = try await app.sql.raw("SELECT id FROM forum_seats WHERE session_id = \(bind: session) AND status = 'confirmed' ORDER BY id")
                .all(decodingColumn: "id", as: Int.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (seat, ticket) in zip(seatIDs, tickets.prefix(2)) {
                    group.addTask { try await service.cancel(seatID: seat, registrationID: ticket.id) }
                }
                try await group.waitForAll()
            }
            expectEqual(try await seats(app, session, "offered"), 2)
            expectEqual(try await seats(app, session, "waiting"), 1)
        }
    }

    func testOnePhoneOverItsLimitIsRefusedAloneWithinABurst() async throws {
        try await withApp { app in
            let (stop, session) = try await session(app, seats: 50)
            let service = registrations(app)
            let rule = RateLimiter.Rule.forumRegistrationPerPhone
            // Everyone at once, so they share batches: the busy phone's extra attempts fail, nobody else's.
            let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for _ in 0..<(rule.limit + 2) {
                    let registrant = ForumRegistrations.Registrant(firstName: "Même", lastName: "Téléphone", phone: try MoroccanPhone.parse("0661999999"),
                                                                   gender: .u, language: .fr)
                    group.addTask {
                        do {
                            _ = try await service.register(stopID: stop, registrant, sessionIDs: [session], channel: "api",
                                                           limits: [("forum:phone:\(registrant.phone.e164)", rule)])
                            return ("busy", true)
                        } catch let error as AppError where error.status == .tooManyRequests { return ("busy", false) }
                    }
                }
                for number in 0..<10 {
                    let registrant = self.person(900 + number)
                    group.addTask {
                        _ = try await service.register(stopID: stop, registrant, sessionIDs: [session], channel: "api",
                                                       limits: [("forum:phone:\(registrant.phone.e164)", rule)])
                        return ("other", true)
                    }
                }
                return try await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }
            expectEqual(outcomes.filter { $0 == ("busy", true) }.count, rule.limit)
            expectEqual(outcomes.filter { $0 == ("busy", false) }.count, 2)
            expectEqual(outcomes.filter { $0 == ("other", true) }.count, 10)
            expectEqual(try await app.count("forum_registrations", where: "stop_id = \(bind: stop)"), 11, "one ticket for the busy phone's person")
            expectEqual(try await seats(app, session, "confirmed"), 11)
            expectEqual(try await app.count("notifications", where: "recipient = '+212661999999'"), rule.limit, "the refused are not told")
        }
    }
}
