import Domain
import FluentKit
import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit
import Vapor

/// Registrations that arrive together share one transaction of about fifteen multi-row statements (`WriteBatcher`).
/// Capacity still rests on the sessions' counters, read and raised inside the transaction (row-locked on PostgreSQL),
/// so several instances batching at once never overbook.
typealias ForumRegistrationBatcher = WriteBatcher<ForumRegistrations.Item, ForumRegistrations.Registration>

extension ForumRegistrations {
    /// One registration, checked and with its reads done, ready to be written alone or in a batch.
    struct Item: Sendable {
        let stopID: Int
        let stop: ForumProgramme.Outline
        let person: Person
        let sessions: [(id: Int, title: LocalizedText)]
        let channel: String
        let limits: [(key: String, rule: RateLimiter.Rule)]
        let audit: AuditEntry?
    }

    /// The application's batcher around this service.
    func makeBatcher() -> ForumRegistrationBatcher { WriteBatcher(writers: writeQueue.batchWriters) { items in await write(items) } }
}

extension Application {
    private struct ForumBatcherKey: StorageKey { typealias Value = ForumRegistrationBatcher }
    private struct ForumScansKey: StorageKey { typealias Value = ForumCheckIns.ScanBatcher }
    private struct ForumStopsKey: StorageKey { typealias Value = ForumStopCache }

    /// Set by `configure`, like `forumBatcher`, for the door's scans.
    var forumScans: ForumCheckIns.ScanBatcher? {
        get { storage[ForumScansKey.self] }
        set { storage[ForumScansKey.self] = newValue }
    }

    /// Set by `configure`, like `forumBatcher`: one per process.
    var forumStops: ForumStopCache? {
        get { storage[ForumStopsKey.self] }
        set { storage[ForumStopsKey.self] = newValue }
    }

    /// Set by `configure`; one per application, so one process's registrations batch together.
    var forumBatcher: ForumRegistrationBatcher? {
        get { storage[ForumBatcherKey.self] }
        set { storage[ForumBatcherKey.self] = newValue }
    }
}

extension ForumRegistrations {
    /// The batch in one transaction; if the transaction fails as a whole, each registration is tried alone so that one
    /// person's problem is theirs only.
    func write(_ items: [Item], now: Date = Date()) async -> [Result<Registration, any Error>] {
        do {
            return try await writeQueue.transaction(on: database) { sql in
                try await Self.writeBatch(items, on: sql, baseURL: baseURL, now: now)
            }
        } catch {
            var outcomes: [Result<Registration, any Error>] = []
            for item in items {
                do { outcomes.append(.success(try await registerAlone(item, now: now))) } catch { outcomes.append(.failure(error)) }
            }
            return outcomes
        }
    }

    static func writeBatch(_ items: [Item], on sql: any SQLDatabase, baseURL: URL,
                                   now: Date) async throws -> [Result<Registration, any Error>] {
        var outcomes = [Result<Registration, any Error>?](repeating: nil, count: items.count)
        // A burst grows the registry faster than PostgreSQL's autovacuum refreshes its statistics (once a minute at
        // most): planned with a registry known as a few dozen records, the lookup of a batch's phones read the whole
        // growing table (2.5 ms a batch at 20,000) instead of the phone index. Every read here is by key, so no
        // table scan is right in this transaction.
        if sql.dialect.name == "postgresql" { try await sql.raw("SET LOCAL enable_seqscan = off").run() }

        // Rate limits first: the first statement is a write, so SQLite's lock is taken before anything is read.
        var counts: [String: (rule: RateLimiter.Rule, hits: Int)] = [:]
        for item in items { for limit in item.limits { counts[limit.key, default: (limit.rule, 0)].hits += 1 } }
        let totals = try await RateLimiter(database: sql).hit(counts: counts.map { ($0.key, $0.value.rule, $0.value.hits) }, now: now)
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            for limit in item.limits {
                let before = (totals[limit.key] ?? 0) - (counts[limit.key]?.hits ?? 0)
                seen[limit.key, default: before] += 1
                if seen[limit.key]! > limit.rule.limit, outcomes[index] == nil {
                    outcomes[index] = .failure(AppError.tooManyRequests(retryAfter: RateLimiter.retryAfter(limit.rule, now: now)))
                }
            }
        }
        let admitted = items.indices.filter { outcomes[$0] == nil }
        guard !admitted.isEmpty else { return outcomes.map { $0! } }

        func personKey(_ item: Item) -> String { item.person.key }
        let (personIDs, created) = try await people(admitted.map { items[$0].person }, on: sql, now: now)

        // Tickets: one per person and stop, kept when they register again.
        var tickets = BulkInsert(into: "forum_registrations", [("stop_id", .int), ("beneficiary_id", .int), ("ticket_code", .text), ("channel", .text),
                                                               ("status", .text), ("created_at", .date)])
        var ticketKeys = Set<String>()
        var generator = SystemRandomNumberGenerator()
        for index in admitted {
            let item = items[index], person = personIDs[personKey(item)]!
            guard ticketKeys.insert("\(item.stopID)|\(person)").inserted else { continue }
            tickets.append([item.stopID, person, TicketCode(using: &generator).value, item.channel, "active", now])
        }
        var registrations: [String: TicketRow] = [:]
        for row in try await sql.rows(tickets, """
             ON CONFLICT (stop_id, beneficiary_id) DO UPDATE SET status = 'active', cancelled_at = NULL
            RETURNING id, stop_id, beneficiary_id, ticket_code
            """, as: TicketRow.self) { registrations["\(row.stop_id)|\(row.beneficiary_id)"] = row }
        func registration(_ item: Item) -> TicketRow { registrations["\(item.stopID)|\(personIDs[personKey(item)]!)"]! }

        // Seats: a seat given up before is queued afresh; one already held or waited for is left as it is.
        let returning = admitted.filter { !created.contains(personKey(items[$0])) }
        var taken = Set<String>()
        if !returning.isEmpty {
            let chosen = returning.map { index -> SQLQueryString in
                "(registration_id = \(bind: registration(items[index]).id) AND session_id IN (\(SQLList(items[index].sessions.map { SQLBind($0.id) }))))"
            }.joined(separator: " OR ")
            try await sql.raw("DELETE FROM forum_seats WHERE status IN ('cancelled', 'expired') AND (\(chosen))").run()
            let ids = Set(returning.map { registration(items[$0]).id })
            struct Seat: Decodable { let registration_id: Int; let session_id: Int }
            for seat in try await sql.raw("""
                SELECT registration_id, session_id FROM forum_seats WHERE registration_id IN (\(SQLList(ids.map { SQLBind($0) })))
                """).all(decoding: Seat.self) { taken.insert("\(seat.registration_id)|\(seat.session_id)") }
        }
        var requests: [(index: Int, registration: Int, session: Int)] = []
        for index in admitted {
            let id = registration(items[index]).id
            for session in items[index].sessions where taken.insert("\(id)|\(session.id)").inserted { requests.append((index, id, session.id)) }
        }
        var statuses: [String: SeatStatus] = [:]
        if !requests.isEmpty {
            let sessionIDs = Array(Set(requests.map(\.session)))
            let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
            struct Counter: Decodable { let id: Int; let held: Int; let capacity: Int }
            var free: [Int: Int] = [:]
            for counter in try await sql.raw("""
                SELECT id, held, capacity FROM forum_sessions WHERE id IN (\(SQLList(sessionIDs.map { SQLBind($0) }))) ORDER BY id\(lock)
                """).all(decoding: Counter.self) { free[counter.id] = max(0, counter.capacity - counter.held) }
            var granted: [Int: Int] = [:]
            var seats = BulkInsert(into: "forum_seats", [("session_id", .int), ("registration_id", .int), ("status", .text), ("updated_at", .date)])
            for request in requests {
                let confirmed = free[request.session, default: 0] > 0
                if confirmed { free[request.session]! -= 1; granted[request.session, default: 0] += 1 }
                let status: SeatStatus = confirmed ? .confirmed : .waiting
                statuses["\(request.registration)|\(request.session)"] = status
                seats.append([request.session, request.registration, status.rawValue, now])
            }
            if !granted.isEmpty {
                let raise = granted.map { "WHEN \(bind: $0.key) THEN \(bind: $0.value)" as SQLQueryString }.joined(separator: " ")
                try await sql.raw("""
                    UPDATE forum_sessions SET held = held + CASE id \(raise) ELSE 0 END WHERE id IN (\(SQLList(granted.keys.map { SQLBind($0) })))
                    """).run()
            }
            try await sql.run(seats)
        }

        // What each person is told, and the audit of each registration, in two and one inserts.
        var messages: [Outbox.Message] = []
        var entries: [(entry: AuditEntry, at: Date)] = []
        for index in admitted {
            let item = items[index], ticket = registration(item)
            let language = item.person.registrant.language
            let mine = item.sessions.compactMap { session in statuses["\(ticket.id)|\(session.id)"].map { (session.title[language], $0) } }
            let confirmed = mine.filter { $0.1 == .confirmed }.map(\.0), waiting = mine.filter { $0.1 == .waiting }.map(\.0)
            let code = TicketCode(reading: ticket.ticket_code)!
            messages.append(.init(channel: .sms, to: item.person.registrant.phone.e164, template: waiting.isEmpty ? "forum_registered" : "forum_registered_waiting",
                                  language: language,
                                  data: ["city": item.stop.city, "code": code.description, "confirmed": confirmed.isEmpty ? "—" : confirmed.joined(separator: ", "),
                                         "waiting": waiting.joined(separator: ", "),
                                         "url": link(code, baseURL: baseURL)]))
            if var entry = item.audit {
                entry.entityID = String(ticket.id)
                entry.summary = "\(item.channel) at stop \(item.stopID), beneficiary \(ticket.beneficiary_id)"
                entries.append((entry, now))
            }
        }
        try await Outbox(database: sql).enqueue(messages)
        try await AuditLog.record(entries, on: sql)
        // The tickets as their holders will see them, so answering needs no read of its own.
        let issued = try await ForumTickets.find(registrationIDs: admitted.map { registration(items[$0]).id }, on: sql)
        for index in admitted {
            let ticket = registration(items[index])
            outcomes[index] = .success(Registration(issued: issued[ticket.id]!, beneficiaryID: ticket.beneficiary_id))
        }
        return outcomes.map { $0! }
    }

    /// A ticket as the batch's insert returns it.
    struct TicketRow: NativeRow {
        let id: Int; let stop_id: Int; let beneficiary_id: Int; let ticket_code: String
        init(sqlite row: SQLiteRow) throws {
            (id, stop_id, beneficiary_id, ticket_code) = (try row.int("id"), try row.int("stop_id"), try row.int("beneficiary_id"), try row.string("ticket_code"))
        }
        init(postgres row: PostgresRow) throws { (id, stop_id, beneficiary_id, ticket_code) = try row.decode((Int, Int, Int, String).self) }
    }

    /// Someone to find or create: who registers, and the record they get when they are new (in the stop's region),
    /// its names worked out before the write.
    struct Person: Sendable {
        let registrant: Registrant
        let nameKey: String
        let attendee: BeneficiaryRegistry.Attendee

        init(registrant: Registrant, regionID: Int) throws {
            var draft = BeneficiaryDraft()
            draft.firstName = registrant.firstName; draft.lastName = registrant.lastName; draft.phone = registrant.phone.e164
            draft.gender = registrant.gender; draft.preferredLanguage = registrant.language; draft.consent = true
            let names = BeneficiaryRegistry.DerivedNames(draft)
            guard let key = names.nameKey else { throw AppError.validation(["last_name": FieldProblem("validation.required")]) }
            self.registrant = registrant
            self.nameKey = key
            self.attendee = .init(draft: draft, names: names, regionID: regionID)
        }

        /// `phone|name_key`: one record per phone and name.
        var key: String { "\(registrant.phone.e164)|\(nameKey)" }
    }

    /// One record per phone and name, within the caller's transaction: a claim row per person makes a second
    /// registration of the same person (here or on another instance) wait for the first and then find the record it
    /// created (or the one the registry already had); the others are created together. Returns each person's record by
    /// key, and the keys of those created now.
    static func people(_ wanted: [Person], on sql: any SQLDatabase, now: Date) async throws -> (ids: [String: Int], created: Set<String>) {
        var people: [String: Person] = [:]
        for person in wanted where people[person.key] == nil { people[person.key] = person }
        // Sorted, so two instances claiming the same people take their locks in the same order.
        let keys = people.keys.sorted()
        guard !keys.isEmpty else { return ([:], []) }
        var claims = BulkInsert(into: "forum_people", [("phone", .text), ("name_key", .text)])
        for key in keys { claims.append([people[key]!.registrant.phone.e164, people[key]!.nameKey]) }
        let claimed = Set(try await sql.rows(claims, " ON CONFLICT (phone, name_key) DO NOTHING RETURNING phone, name_key", as: Claim.self).map(\.key))
        var ids: [String: Int] = [:]
        let known = keys.filter { !claimed.contains($0) }
        if !known.isEmpty {
            struct Linked: Decodable { let phone: String; let name_key: String; let beneficiary_id: Int? }
            for row in try await sql.raw("SELECT phone, name_key, beneficiary_id FROM forum_people WHERE \(pairs(known))").all(decoding: Linked.self) {
                if let id = row.beneficiary_id { ids["\(row.phone)|\(row.name_key)"] = id }
            }
        }
        let linked = Set(ids.keys)
        // Not linked at the forum yet: the registry may have them already (met by an advisor), by phone and name.
        let unlinked = keys.filter { !linked.contains($0) }
        if !unlinked.isEmpty {
            let phones = Set(unlinked.map { people[$0]!.registrant.phone.e164 })
            for row in try await sql.nativeRows(recordsByPhone(phones, dialect: sql.dialect.name), as: RecordByPhone.self) {
                let key = "\(row.phone)|\(row.nameKey ?? "")"
                if people[key] != nil, ids[key] == nil { ids[key] = row.id }
            }
        }
        let newcomers = keys.filter { ids[$0] == nil }
        let structures = try await BeneficiaryRegistry.regionalStructures(Set(newcomers.map { people[$0]!.attendee.regionID }), on: sql)
        let drafts = newcomers.map { key in (people[key]!.attendee, structures[people[key]!.attendee.regionID]) }
        for (key, id) in try await BeneficiaryRegistry.insertAttendees(drafts, on: sql, now: now) { ids[key] = id }
        if !unlinked.isEmpty {
            let cases = unlinked.map { key -> SQLQueryString in
                let (phone, name) = split(key)
                return "WHEN phone = \(bind: phone) AND name_key = \(bind: name) THEN \(bind: ids[key]!)"
            }.joined(separator: " ")
            try await sql.raw("UPDATE forum_people SET beneficiary_id = CASE \(cases) END WHERE \(pairs(unlinked))").run()
        }
        return (ids, Set(newcomers))
    }

    /// The registry's live records (neither merged nor erased) with any of a batch's phones, oldest first: one
    /// statement text for any number of phones. Planned at each call, not prepared: a plan kept from a burst's first
    /// batches would know the registry as small as it was then. SQLite is told to start from the phones
    /// (`CROSS JOIN`): otherwise it may walk every live record rather than probe the phone index.
    private static func recordsByPhone(_ phones: Set<String>, dialect: String) -> SQLQueryString {
        let (from, condition) = TextList(values: phones.sorted()).rows(of: "beneficiaries", as: "b", whose: "phone", dialect: dialect)
        return "SELECT b.id, b.phone, b.name_key FROM \(from) WHERE \(condition) AND b.merged_into_id IS NULL AND b.anonymised_at IS NULL ORDER BY b.id"
    }

    private struct RecordByPhone: NativeRow {
        let id: Int; let phone: String; let nameKey: String?

        init(sqlite row: SQLiteRow) throws { (id, phone, nameKey) = (try row.int("id"), try row.string("phone"), row.optionalString("name_key")) }
        init(postgres row: PostgresRow) throws { (id, phone, nameKey) = try row.decode((Int, String, String?).self) }
    }

    /// A person claimed by this batch, as `phone|name_key`.
    private struct Claim: NativeRow {
        let key: String
        init(sqlite row: SQLiteRow) throws { key = "\(try row.string("phone"))|\(try row.string("name_key"))" }
        init(postgres row: PostgresRow) throws {
            let (phone, name) = try row.decode((String, String).self)
            key = "\(phone)|\(name)"
        }
    }

    /// `(phone = ? AND name_key = ?) OR …` for keys written `phone|name_key`.
    private static func pairs(_ keys: [String]) -> SQLQueryString {
        keys.map { key -> SQLQueryString in
            let (phone, name) = split(key)
            return "(phone = \(bind: phone) AND name_key = \(bind: name))"
        }.joined(separator: " OR ")
    }

    private static func split(_ key: String) -> (String, String) {
        let parts = key.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}
