import Domain
import FluentKit
import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// Reaching everyone a measure could now help: a campaign scans the beneficiaries of a scope against the measure's
/// rule, keeps those eligible (and, if asked, those it cannot rule out), lets staff review and exclude, then sends.
/// The scan walks the table in windows of ids, so memory holds one window whatever the size of the registry.
struct Campaigns {
    static let buildJob = "build_campaign"
    static let sendJob = "send_campaign"
    static let window = 20_000

    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    enum Status: String, Sendable {
        case building, ready, sending, sent
    }

    struct Draft: Sendable {
        var measureID: Int
        var regionID: Int?
        var structureID: Int?
        var includeProbable: Bool
    }

    /// Records the campaign and queues its scan; the rule in force today is the one applied.
    func create(_ draft: Draft, by userID: Int?, on day: Day = .today()) async throws -> Int {
        guard let measure = try await MeasureCatalogue(sql: sql).find(id: draft.measureID, on: day) else {
            throw AppError.validation(["measure_id": FieldProblem("validation.choice")])
        }
        guard let rule = measure.rule, measure.status(on: day) != .closed else {
            throw AppError.validation(["measure_id": FieldProblem("campaign.measure_closed")])
        }
        // The campaign and its scan exist together or not at all: a campaign left "building" without a job never ends.
        return try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let id = try await sql.raw("""
                INSERT INTO campaigns (measure_id, rule_id, region_id, structure_id, include_probable, status, scanned, eligible, probable, notified, created_by, created_at)
                VALUES (\(bind: measure.id), \(bind: rule.id), \(bind: draft.regionID), \(bind: draft.structureID), \(bind: draft.includeProbable),
                        \(bind: Status.building.rawValue), 0, 0, 0, 0, \(bind: userID), \(bind: Date()))
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            try await JobQueue(database: sql).enqueue(kind: Self.buildJob, payload: String(id))
            return id
        }
    }

    struct Summary: Sendable, Decodable {
        let id: Int
        let measure_id: Int
        let rule_id: Int
        let region_id: Int?
        let structure_id: Int?
        let include_probable: Bool
        let status: String
        let scanned: Int
        let eligible: Int
        let probable: Int
        let notified: Int
        let created_at: Date
        let built_at: Date?
        let sent_at: Date?
    }

    func find(_ id: Int) async throws -> Summary? {
        try await sql.raw("""
            SELECT id, measure_id, rule_id, region_id, structure_id, include_probable, status, scanned, eligible, probable, notified, created_at, built_at, sent_at
            FROM campaigns WHERE id = \(bind: id)
            """).first(decoding: Summary.self)
    }

    /// The latest campaigns whose scope lies within the actor's: national ones only for national actors.
    func list(within scope: PersonalDataScope) async throws -> [Summary] {
        var parts: [SQLQueryString] = []
        if !scope.regionIDs.isEmpty { parts.append("region_id IN (\(SQLList(scope.regionIDs.map { SQLBind($0) })))") }
        if !scope.structureIDs.isEmpty { parts.append("structure_id IN (\(SQLList(scope.structureIDs.map { SQLBind($0) })))") }
        guard scope.everything || !parts.isEmpty else { return [] }
        let condition: SQLQueryString = scope.everything ? "1 = 1" : parts.count == 1 ? parts[0] : "(\(parts[0]) OR \(parts[1]))"
        return try await sql.raw("""
            SELECT id, measure_id, rule_id, region_id, structure_id, include_probable, status, scanned, eligible, probable, notified, created_at, built_at, sent_at
            FROM campaigns WHERE \(condition) ORDER BY id DESC LIMIT 200
            """).all(decoding: Summary.self)
    }

    static func visible(_ campaign: Summary, within scope: PersonalDataScope) -> Bool {
        if scope.everything { return true }
        if let region = campaign.region_id { return scope.regionIDs.contains(region) }
        if let structure = campaign.structure_id { return scope.structureIDs.contains(structure) }
        return false
    }

    // MARK: the scan

    private struct Person: Sendable {
        let id: Int
        let birthYear: Int?
        let gender: String
        let regionID: Int
    }

    /// Scans the campaign's scope; safe to run again (a retried job starts over from an empty list).
    func build(_ campaignID: Int, on day: Day = .today()) async throws {
        guard let campaign = try await find(campaignID), campaign.status == Status.building.rawValue else { return }
        guard let ruleText = try await sql.raw("SELECT criteria FROM measure_rules WHERE id = \(bind: campaign.rule_id)")
            .first(decodingColumn: "criteria", as: String.self) else { return }
        let criterion = try CriteriaText.parse(ruleText, vocabulary: EligibilityVocabulary.fields)
        let businessFields: Set<ProfileField> = [.legalStatus, .sector, .businessAge, .turnover, .staff]
        let needsBusinesses = !businessFields.isDisjoint(with: criterion.fields)
        let regionCodes = try await EligibilityService(sql: sql).regionCodes()
        try await sql.raw("DELETE FROM campaign_recipients WHERE campaign_id = \(bind: campaignID)").run()
        let maxID = try await sql.raw("SELECT MAX(id) AS top FROM beneficiaries").first(decodingColumn: "top", as: Int?.self) ?? nil
        var scanned = 0, eligible = 0, probable = 0
        guard let maxID else { return try await finish(campaignID, scanned: 0, eligible: 0, probable: 0) }
        // The next window is read while this one is judged and written: the database and the rules work side by side.
        var current = try await window(after: 0, campaign, businesses: needsBusinesses)
        var low = 0
        while low < maxID {
            let next = low + Self.window
            async let upcoming = next < maxID ? window(after: next, campaign, businesses: needsBusinesses) : Window(people: [], businesses: [:])
            var chosen: [(Int, Assessment.Verdict)] = []
            for person in current.people {
                let facts = EligibilityProfiles.Person(birthYear: person.birthYear, gender: person.gender, regionCode: regionCodes[person.regionID])
                let verdict = EligibilityProfiles.best(criterion, EligibilityProfiles.profiles(facts, current.businesses[person.id] ?? [], on: day)).assessment.verdict
                switch verdict {
                case .eligible: eligible += 1; chosen.append((person.id, verdict))
                case .cannotTell:
                    probable += 1
                    if campaign.include_probable { chosen.append((person.id, verdict)) }
                case .notEligible: break
                }
            }
            scanned += current.people.count
            try await insert(chosen, campaignID)
            current = try await upcoming
            low = next
        }
        try await finish(campaignID, scanned: scanned, eligible: eligible, probable: probable)
    }

    private func finish(_ campaignID: Int, scanned: Int, eligible: Int, probable: Int) async throws {
        try await sql.raw("""
            UPDATE campaigns SET status = \(bind: Status.ready.rawValue), scanned = \(bind: scanned), eligible = \(bind: eligible),
                   probable = \(bind: probable), built_at = \(bind: Date())
            WHERE id = \(bind: campaignID)
            """).run()
    }

    private func scopeCondition(_ campaign: Summary) -> SQLQueryString {
        if let region = campaign.region_id { return "b.region_id = \(bind: region)" }
        if let structure = campaign.structure_id { return "b.structure_id = \(bind: structure)" }
        return "1 = 1"
    }

    private struct Window: Sendable {
        let people: [Person]
        let businesses: [Int: [EligibilityProfiles.Business]]
    }

    /// The people of one window of ids, with their businesses when the rule reads them.
    private func window(after low: Int, _ campaign: Summary, businesses needed: Bool) async throws -> Window {
        let high = low + Self.window
        let people = try await self.people(after: low, upTo: high, campaign)
        var businesses: [Int: [EligibilityProfiles.Business]] = [:]
        if needed, !people.isEmpty {
            for row in try await sql.nativeRows(businessQuery(after: low, upTo: high), as: BusinessRow.self) {
                businesses[row.beneficiary_id, default: []].append(row.facts)
            }
        }
        return Window(people: people, businesses: businesses)
    }

    private func people(after low: Int, upTo high: Int, _ campaign: Summary) async throws -> [Person] {
        try await sql.nativeRows("""
            SELECT b.id, b.birth_year, b.gender, b.region_id FROM beneficiaries b
            WHERE b.id > \(bind: low) AND b.id <= \(bind: high) AND \(scopeCondition(campaign))
              AND b.merged_into_id IS NULL AND b.anonymised_at IS NULL
            """, as: PersonRow.self).map { Person(id: $0.id, birthYear: $0.birth_year, gender: $0.gender, regionID: $0.region_id) }
    }

    private func businessQuery(after low: Int, upTo high: Int) -> SQLQueryString {
        """
        SELECT beneficiary_id, kind, legal_status, sector, started_on, staff, turnover_band FROM businesses
        WHERE beneficiary_id > \(bind: low) AND beneficiary_id <= \(bind: high)
        """
    }

    /// One window's rows. PostgreSQL takes them as two arrays in one statement; SQLite as VALUES lists in batches small
    /// enough for its limit on bound values.
    private func insert(_ chosen: [(Int, Assessment.Verdict)], _ campaignID: Int) async throws {
        guard !chosen.isEmpty else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                INSERT INTO campaign_recipients (campaign_id, beneficiary_id, verdict, excluded)
                SELECT \(bind: campaignID), person, verdict, FALSE FROM unnest(\(bind: chosen.map(\.0)), \(bind: chosen.map(\.1.rawValue))) AS t(person, verdict)
                """).run()
            return
        }
        for start in stride(from: 0, to: chosen.count, by: 5_000) {
            let batch = chosen[start..<min(start + 5_000, chosen.count)]
            var values: [SQLQueryString] = []
            values.reserveCapacity(batch.count)
            for (id, verdict) in batch {
                values.append("(\(unsafeRaw: String(campaignID)), \(unsafeRaw: String(id)), '\(unsafeRaw: verdict.rawValue)', \(bind: false))")
            }
            try await sql.raw("INSERT INTO campaign_recipients (campaign_id, beneficiary_id, verdict, excluded) VALUES \(SQLList(values))").run()
        }
    }

    private struct PersonRow: NativeRow {
        let id: Int, birth_year: Int?, gender: String, region_id: Int
        init(sqlite row: SQLiteRow) throws {
            id = try row.int("id"); birth_year = row.optionalInt("birth_year"); gender = try row.string("gender"); region_id = try row.int("region_id")
        }
        init(postgres row: PostgresRow) throws {
            (id, birth_year, gender, region_id) = try row.decode((Int, Int?, String, Int).self)
        }
    }

    private struct BusinessRow: NativeRow {
        let beneficiary_id: Int
        let facts: EligibilityProfiles.Business
        init(sqlite row: SQLiteRow) throws {
            beneficiary_id = try row.int("beneficiary_id")
            facts = .init(name: "", kind: try row.string("kind"), legalStatus: row.optionalString("legal_status"), sector: row.optionalString("sector"),
                          startedOn: row.optionalString("started_on"), staff: row.optionalInt("staff"), turnoverBand: row.optionalString("turnover_band"))
        }
        init(postgres row: PostgresRow) throws {
            let (id, kind, status, sector, started, staff, band) = try row.decode((Int, String, String?, String?, String?, Int?, String?).self)
            beneficiary_id = id
            facts = .init(name: "", kind: kind, legalStatus: status, sector: sector, startedOn: started, staff: staff, turnoverBand: band)
        }
    }

    // MARK: review and sending

    struct Recipient: Sendable, Decodable {
        let beneficiary_id: Int
        let verdict: String
        let excluded: Bool
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let phone: String?
        let reachable: Bool
    }

    /// One page of the list, by beneficiary number. `reachable`: a phone and a consent on record.
    func recipients(_ campaignID: Int, after: Int, limit: Int = 100) async throws -> [Recipient] {
        try await sql.raw("""
            SELECT c.beneficiary_id, c.verdict, c.excluded, b.first_name, b.last_name, b.full_name_ar, b.phone,
                   CASE WHEN b.phone IS NOT NULL AND b.consent_at IS NOT NULL THEN \(bind: true) ELSE \(bind: false) END AS reachable
            FROM campaign_recipients c JOIN beneficiaries b ON b.id = c.beneficiary_id
            WHERE c.campaign_id = \(bind: campaignID) AND c.beneficiary_id > \(bind: after)
            ORDER BY c.beneficiary_id LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: Recipient.self)
    }

    func setExcluded(_ campaignID: Int, beneficiaryID: Int, _ excluded: Bool) async throws {
        try await sql.raw("""
            UPDATE campaign_recipients SET excluded = \(bind: excluded) WHERE campaign_id = \(bind: campaignID) AND beneficiary_id = \(bind: beneficiaryID)
            """).run()
    }

    /// Claims the send once (two clicks never send twice), then queues the messages in the background.
    func send(_ campaignID: Int) async throws -> Bool {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let claimed = try await sql.raw("""
                UPDATE campaigns SET status = \(bind: Status.sending.rawValue) WHERE id = \(bind: campaignID) AND status = \(bind: Status.ready.rawValue) RETURNING id
                """).first()
            guard claimed != nil else { return false }
            try await JobQueue(database: sql).enqueue(kind: Self.sendJob, payload: String(campaignID))
            return true
        }
    }

    private struct Reachable: Decodable {
        let beneficiary_id: Int
        let phone: String
        let preferred_language: String
    }

    /// Queues one message per reachable, non-excluded recipient, in the language each person prefers, and one per
    /// phone (a family sharing a phone hears it once). Each batch is claimed by an UPDATE before its messages are
    /// queued, in one transaction: a second worker, or a retry after a lease ran out, finds those rows taken.
    func deliver(_ campaignID: Int, baseURL: URL) async throws {
        guard let campaign = try await find(campaignID), campaign.status == Status.sending.rawValue,
              let measure = try await MeasureCatalogue(sql: sql).find(id: campaign.measure_id, on: .today()) else { return }
        let link = baseURL.appendingPathComponent("measures").appendingPathComponent(measure.code).absoluteString
        var texted = Set(try await sql.raw("""
            SELECT DISTINCT b.phone FROM campaign_recipients c JOIN beneficiaries b ON b.id = c.beneficiary_id
            WHERE c.campaign_id = \(bind: campaignID) AND c.notified_at IS NOT NULL AND b.phone IS NOT NULL
            """).all(decodingColumn: "phone", as: String.self))
        while true {
            let already = texted
            let (claimed, phones) = try await database.transaction { transaction -> (Int, Set<String>) in
                let sql = transaction as! any SQLDatabase
                let ids = try await sql.raw("""
                    UPDATE campaign_recipients SET notified_at = \(bind: Date())
                    WHERE campaign_id = \(bind: campaignID) AND notified_at IS NULL AND beneficiary_id IN (
                        SELECT c.beneficiary_id FROM campaign_recipients c JOIN beneficiaries b ON b.id = c.beneficiary_id
                        WHERE c.campaign_id = \(bind: campaignID) AND c.notified_at IS NULL AND c.excluded = \(bind: false)
                          AND b.phone IS NOT NULL AND b.consent_at IS NOT NULL AND b.anonymised_at IS NULL AND b.merged_into_id IS NULL
                        ORDER BY c.beneficiary_id LIMIT 500)
                    RETURNING beneficiary_id
                    """).all(decodingColumn: "beneficiary_id", as: Int.self)
                guard !ids.isEmpty else { return (0, []) }
                let people = try await sql.raw("""
                    SELECT id AS beneficiary_id, phone, preferred_language FROM beneficiaries WHERE id IN (\(SQLList(ids.map { SQLBind($0) }))) ORDER BY id
                    """).all(decoding: Reachable.self)
                let outbox = Outbox(database: sql)
                var phones = already
                for person in people where phones.insert(person.phone).inserted {
                    let language = Language(rawValue: person.preferred_language) ?? .fr
                    try await outbox.enqueue(channel: .sms, to: person.phone, template: "measure_campaign", language: language,
                                             data: ["measure": measure.name[language], "url": link])
                }
                return (ids.count, phones)
            }
            if claimed == 0 { break }
            texted = phones
        }
        try await sql.raw("""
            UPDATE campaigns SET status = \(bind: Status.sent.rawValue), sent_at = \(bind: Date()),
                   notified = (SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = \(bind: campaignID) AND notified_at IS NOT NULL)
            WHERE id = \(bind: campaignID)
            """).run()
    }
}
