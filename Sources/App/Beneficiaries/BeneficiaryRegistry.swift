import Fluent
import Domain
import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit
import Vapor

/// Registering people: duplicate detection, creation with the first case, and the rows search reads.
/// Shared by the web pages and the API; never renders.
struct BeneficiaryRegistry {
    let sql: any SQLDatabase

    struct Duplicate: Sendable, Equatable {
        enum Reason: String, CaseIterable, Sendable { case phone, cin, ice, name }
        let id: Int
        let reasons: [Reason]
        /// Name and link only when the record is within the actor's scope; otherwise just where it is held.
        let name: String?
        let structureName: String?
    }

    private struct CandidateRow: Decodable {
        let id: Int
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let region_id: Int
        let structure_id: Int?
        let user_id: Int?
        let structure_name: String?
    }

    /// What identifies a person for duplicate detection.
    struct Keys: Sendable {
        var phone: String?
        var cin: String?
        var ices: [String] = []
        var nameKeys: Set<String> = []
        var provinceID: Int?
        /// The record the keys were read from, never its own look-alike.
        var recordID: Int?

        init(_ draft: BeneficiaryDraft) {
            phone = draft.phone
            cin = draft.cin
            ices = draft.business?.ice.map { [$0] } ?? []
            nameKeys = Set([BeneficiaryRegistry.nameKey(draft.firstName, draft.lastName), draft.fullNameArabic.map(NameFolding.nameKey)]
                .compactMap { $0 }.filter { !$0.isEmpty })
            provinceID = draft.provinceID
        }

        init(recordID: Int) { self.recordID = recordID }
    }

    /// People already registered who look like the draft: same phone, CIN or ICE anywhere, or the same name key
    /// (across scripts) in the same province.
    func duplicates(of draft: BeneficiaryDraft, scope: PersonalDataScope) async throws -> [Duplicate] {
        try await duplicates(of: Keys(draft), scope: scope)
    }

    /// Other live records that look like an existing one, for the merge suggestions on its page.
    func lookAlikes(of id: Int, scope: PersonalDataScope) async throws -> [Duplicate] {
        struct Row: Decodable { let phone: String?; let cin: String?; let name_key: String?; let name_key_ar: String?; let province_id: Int? }
        guard let row = try await sql.raw("""
            SELECT phone, cin, name_key, name_key_ar, province_id FROM beneficiaries WHERE id = \(bind: id) AND merged_into_id IS NULL AND anonymised_at IS NULL
            """).first(decoding: Row.self) else { return [] }
        var keys = Keys(recordID: id)
        keys.phone = row.phone
        keys.cin = row.cin
        keys.ices = try await sql.raw("SELECT ice FROM businesses WHERE beneficiary_id = \(bind: id) AND ice IS NOT NULL").all()
            .map { try $0.decode(column: "ice", as: String.self) }
        keys.nameKeys = Set([row.name_key, row.name_key_ar].compactMap { $0 }.filter { !$0.isEmpty })
        keys.provinceID = row.province_id
        return try await duplicates(of: keys, scope: scope)
    }

    private func duplicates(of keys: Keys, scope: PersonalDataScope) async throws -> [Duplicate] {
        var found: [Int: (row: CandidateRow, reasons: [Duplicate.Reason])] = [:]
        let other: SQLQueryString = keys.recordID.map { "b.id <> \(bind: $0)" } ?? "1 = 1"
        func collect(_ condition: SQLQueryString, _ reason: Duplicate.Reason) async throws {
            let rows = try await sql.raw("""
                SELECT b.id, b.first_name, b.last_name, b.full_name_ar, b.region_id, b.structure_id, b.user_id, s.name AS structure_name
                FROM beneficiaries b LEFT JOIN structures s ON s.id = b.structure_id
                WHERE b.anonymised_at IS NULL AND b.merged_into_id IS NULL AND \(other) AND \(condition)
                ORDER BY b.id LIMIT 20
                """).all(decoding: CandidateRow.self)
            for row in rows where found[row.id]?.reasons.contains(reason) != true { found[row.id, default: (row, [])].reasons.append(reason) }
        }
        if let phone = keys.phone { try await collect("b.phone = \(bind: phone)", .phone) }
        if let cin = keys.cin { try await collect("b.cin = \(bind: cin)", .cin) }
        if !keys.ices.isEmpty {
            try await collect("b.id IN (SELECT beneficiary_id FROM businesses WHERE ice IN (\(SQLList(keys.ices.map { SQLBind($0) }))))", .ice)
        }
        if let province = keys.provinceID, !keys.nameKeys.isEmpty {
            let list = SQLList(keys.nameKeys.sorted().map { SQLBind($0) })
            // One column at a time: SQLite reads an OR of the two through one index, every record of the province.
            for column in ["name_key", "name_key_ar"] {
                try await collect("b.province_id = \(bind: province) AND b.\(ident: column) IN (\(list))", .name)
            }
        }
        return found.values.sorted { $0.row.id < $1.row.id }.map { row, reasons in
            let visible = scope.contains(regionID: row.region_id, structureID: row.structure_id, userID: row.user_id)
            let name = [row.last_name, row.first_name].filter { !$0.isEmpty }.joined(separator: " ")
            return Duplicate(id: row.id, reasons: reasons, name: visible ? (name.isEmpty ? row.full_name_ar : name) : nil,
                             structureName: row.structure_name)
        }
    }

    static func nameKey(_ first: String, _ last: String) -> String? {
        let key = NameFolding.nameKey("\(first) \(last)")
        return key.isEmpty ? nil : key
    }

    /// Checks the structure and province against the actor's reach and the reference data.
    private func place(_ draft: BeneficiaryDraft, actor: Actor) async throws -> (structureID: Int, regionID: Int) {
        let reach = Policy.writableStructures(for: actor)
        let structures = try await writableStructures(reach)
        let chosen = draft.structureID ?? (structures.count == 1 ? structures[0].id : nil)
        guard let chosen, let structure = structures.first(where: { $0.id == chosen }) else {
            throw AppError.validation(["structure_id": FieldProblem("registry.structure_choose")])
        }
        if let province = draft.provinceID {
            let exists = try await sql.raw("SELECT id FROM provinces WHERE id = \(bind: province)").first() != nil
            if !exists { throw AppError.validation(["province_id": FieldProblem("validation.choice")]) }
        }
        return (structure.id, structure.region_id)
    }

    func writableStructures(_ reach: (all: Bool, structureIDs: [Int], regionIDs: [Int])) async throws -> [TerritoryQueries.StructureRow] {
        try await TerritoryQueries.structures(on: sql).filter {
            reach.all || reach.structureIDs.contains($0.id) || reach.regionIDs.contains($0.region_id)
        }
    }

    struct Created: Sendable {
        let beneficiaryID: Int
        let caseID: Int
    }

    enum Registration: Sendable {
        case created(Created)
        /// Nothing saved: these look like the same person.
        case lookAlikes([Duplicate])
    }

    /// Registers a person met by staff, pages and API alike: the structure is checked, then look-alikes stop the
    /// registration unless the person registering confirmed it is someone else. The registering advisor becomes the
    /// case's advisor.
    func register(_ draft: BeneficiaryDraft, actor: Actor, confirmedSomeoneElse: Bool, database: any Database,
                  now: Date = Date()) async throws -> Registration {
        let place = try await place(draft, actor: actor)
        if !confirmedSomeoneElse {
            let lookAlikes = try await duplicates(of: draft, scope: Policy.beneficiaryScope(for: actor))
            if !lookAlikes.isEmpty { return .lookAlikes(lookAlikes) }
        }
        let advisor = actor.grants.contains { $0.role == .advisor || $0.role == .structureManager } ? actor.userID : nil
        return .created(try await create(draft, place: place, createdBy: actor.userID, advisorID: advisor, userID: nil, database: database, now: now))
    }

    /// An entrepreneur registering themselves: their record joins the regional structure of their province's region,
    /// with an intake case waiting for an advisor.
    func createOwn(_ draft: BeneficiaryDraft, userID: Int, database: any Database, now: Date = Date()) async throws -> Created {
        try await create(draft, place: try await regionalStructure(of: draft), createdBy: userID, advisorID: nil, userID: userID,
                         database: database, now: now)
    }

    /// Someone who asked from the public pages to be contacted. The same phone under the same name is that person: they
    /// get an intake case (or keep the one open) instead of a second record. A phone alone proves nothing (families
    /// share one, anyone can type a number), so another name makes a record of its own.
    func requestContact(_ draft: BeneficiaryDraft, database: any Database, now: Date = Date()) async throws -> Created {
        struct Known: Decodable { let id: Int; let structure_id: Int? }
        if let phone = draft.phone, let known = try await sql.raw("""
            SELECT id, structure_id FROM beneficiaries
            WHERE phone = \(bind: phone) AND name_key = \(bind: Self.nameKey(draft.firstName, draft.lastName)) AND merged_into_id IS NULL AND anonymised_at IS NULL
            ORDER BY id LIMIT 1
            """).first(decoding: Known.self) {
            if let open = try await sql.raw("""
                SELECT id FROM accompaniments WHERE beneficiary_id = \(bind: known.id) AND stage <> 'closed' ORDER BY id LIMIT 1
                """).first(decodingColumn: "id", as: Int.self) {
                return Created(beneficiaryID: known.id, caseID: open)
            }
            let structure = if let own = known.structure_id { own } else { try await regionalStructure(of: draft).structureID }
            let caseID = try await AccompanimentService(sql: sql).open(beneficiaryID: known.id, structureID: structure, advisorID: nil, now: now)
            return Created(beneficiaryID: known.id, caseID: caseID)
        }
        return try await create(draft, place: try await regionalStructure(of: draft), createdBy: nil, advisorID: nil, userID: nil,
                                database: database, now: now)
    }

    private func regionalStructure(of draft: BeneficiaryDraft) async throws -> (structureID: Int, regionID: Int) {
        struct Place: Decodable { let structure_id: Int; let region_id: Int }
        guard let province = draft.provinceID, let place = try await sql.raw("""
            SELECT s.id AS structure_id, s.region_id FROM provinces p JOIN structures s ON s.region_id = p.region_id AND s.parent_id IS NULL
            WHERE p.id = \(bind: province) ORDER BY s.id LIMIT 1
            """).first(decoding: Place.self) else {
            throw AppError.validation(["province_id": FieldProblem("registry.no_structure_here")])
        }
        return (place.structure_id, place.region_id)
    }

    /// People met at the forum: records in their stop's region (with its regional structure, when there is one), no
    /// intake case until they ask for one; one insert for the records and one for their search rows, in the caller's
    /// transaction. Returns each record's id, keyed by phone and name key (unique within the batch).
    static func insertAttendees(_ people: [(attendee: Attendee, structureID: Int?)], on sql: any SQLDatabase,
                                now: Date) async throws -> [String: Int] {
        guard !people.isEmpty else { return [:] }
        var records = BulkInsert(into: "beneficiaries", columns)
        for (attendee, structureID) in people {
            records.append(values(attendee.draft, names: attendee.names, place: (structureID, attendee.regionID), createdBy: nil, userID: nil, now: now))
        }
        let rows = try await sql.rows(records, " RETURNING id, phone, name_key", as: KeyedID.self)
        let ids = Dictionary(rows.map { ("\($0.phone ?? "")|\($0.nameKey ?? "")", $0.id) }) { first, _ in first }
        var terms = BulkInsert(into: "beneficiary_terms", termColumns)
        for (attendee, structureID) in people {
            guard let id = ids["\(attendee.draft.phone ?? "")|\(attendee.names.nameKey ?? "")"] else { continue }
            for term in attendee.names.terms { terms.append([id, term, structureID, attendee.regionID]) }
        }
        try await sql.run(terms)
        return ids
    }

    /// Someone met at the forum, to be recorded in their stop's region.
    struct Attendee: Sendable {
        let draft: BeneficiaryDraft
        let names: DerivedNames
        let regionID: Int
    }

    /// What a record's names give it (sort key, duplicate keys, search terms), worked out once: a burst works them
    /// out before its transaction, so the write lock is not held for string folding.
    struct DerivedNames: Sendable {
        let sortName: String
        let nameKey: String?
        let nameKeyArabic: String?
        let terms: [String]

        init(_ draft: BeneficiaryDraft) {
            sortName = Beneficiary.sortKey(lastName: draft.lastName, firstName: draft.firstName, arabic: draft.fullNameArabic)
            nameKey = BeneficiaryRegistry.nameKey(draft.firstName, draft.lastName)
            nameKeyArabic = draft.fullNameArabic.map(NameFolding.nameKey)
            terms = SearchTerms.of(firstName: draft.firstName, lastName: draft.lastName, arabic: draft.fullNameArabic)
        }
    }

    private static let columns: [(name: String, kind: BulkInsert.Kind)] = [
        ("first_name", .text), ("last_name", .text), ("full_name_ar", .text), ("sort_name", .text), ("gender", .text), ("birth_year", .int),
        ("phone", .text), ("cin", .text), ("preferred_language", .text), ("consent_at", .date), ("consent_purpose", .text), ("region_id", .int),
        ("province_id", .int), ("structure_id", .int), ("name_key", .text), ("name_key_ar", .text), ("created_by", .int), ("user_id", .int),
        ("created_at", .date), ("updated_at", .date),
    ]

    static let termColumns: [(name: String, kind: BulkInsert.Kind)] = [("beneficiary_id", .int), ("term", .text), ("structure_id", .int), ("region_id", .int)]

    private static func values(_ draft: BeneficiaryDraft, names: DerivedNames, place: (structureID: Int?, regionID: Int), createdBy: Int?, userID: Int?,
                               now: Date) -> [any Encodable & Sendable] {
        [draft.firstName, draft.lastName, draft.fullNameArabic, names.sortName, draft.gender.rawValue, draft.birthYear, draft.phone, draft.cin,
         draft.preferredLanguage.rawValue, draft.consent ? now : nil, draft.consentPurpose.rawValue, place.regionID, draft.provinceID,
         place.structureID, names.nameKey, names.nameKeyArabic, createdBy, userID, now, now]
    }

    /// A new record's id with the keys it was inserted under.
    private struct KeyedID: NativeRow {
        let id: Int; let phone: String?; let nameKey: String?
        init(sqlite row: SQLiteRow) throws { (id, phone, nameKey) = (try row.int("id"), row.optionalString("phone"), row.optionalString("name_key")) }
        init(postgres row: PostgresRow) throws { (id, phone, nameKey) = try row.decode((Int, String?, String?).self) }
    }

    /// The regional structure that takes in people met in a region (its top-level structure), if it has one.
    static func regionalStructure(regionID: Int, on sql: any SQLDatabase) async throws -> Int? {
        try await regionalStructures([regionID], on: sql)[regionID]
    }

    /// Each region's regional structure (its first top-level one), for several regions in one query.
    static func regionalStructures(_ regionIDs: Set<Int>, on sql: any SQLDatabase) async throws -> [Int: Int] {
        guard !regionIDs.isEmpty else { return [:] }
        struct Row: Decodable { let region_id: Int; let id: Int }
        let rows = try await sql.raw("""
            SELECT region_id, MIN(id) AS id FROM structures WHERE region_id IN (\(SQLList(regionIDs.map { SQLBind($0) }))) AND parent_id IS NULL
            GROUP BY region_id
            """).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.region_id, $0.id) }) { first, _ in first }
    }

    /// Saves the person, their business or project, their search rows and an intake case, all or nothing.
    private func create(_ draft: BeneficiaryDraft, place: (structureID: Int, regionID: Int), createdBy: Int?, advisorID: Int?, userID: Int?,
                        database: any Database, now: Date) async throws -> Created {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let id = try await Self.insert(draft, place: place, createdBy: createdBy, userID: userID, on: sql, now: now)
            let caseID = try await AccompanimentService(sql: sql).open(beneficiaryID: id, structureID: place.structureID, advisorID: advisorID, now: now)
            return Created(beneficiaryID: id, caseID: caseID)
        }
    }

    /// The person, their business and their search terms, within the caller's transaction.
    private static func insert(_ draft: BeneficiaryDraft, place: (structureID: Int?, regionID: Int), createdBy: Int?, userID: Int?,
                               on sql: any SQLDatabase, now: Date) async throws -> Int {
        let names = DerivedNames(draft)
        var record = BulkInsert(into: "beneficiaries", columns)
        record.append(values(draft, names: names, place: place, createdBy: createdBy, userID: userID, now: now))
        let id = try await sql.rows(record, " RETURNING id, phone, name_key", as: KeyedID.self)[0].id
        if let business = draft.business {
            try await sql.insert(into: "businesses")
                .columns("beneficiary_id", "kind", "name", "legal_status", "sector", "province_id", "started_on", "staff",
                         "turnover_band", "ice", "rc", "tax_id", "digital_presence", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(business.kind.rawValue), SQLBind(business.name), SQLBind(business.legalStatus?.rawValue),
                        SQLBind(business.sector?.rawValue), SQLBind(draft.provinceID), SQLBind(business.startedOn), SQLBind(business.staff),
                        SQLBind(business.turnoverBand?.rawValue), SQLBind(business.ice), SQLBind(business.rc), SQLBind(business.taxID),
                        SQLBind(business.digitalPresence.map(\.rawValue).joined(separator: ",")), SQLBind(now), SQLBind(now))
                .run()
        }
        try await insertTerms(beneficiaryID: id, names.terms, structureID: place.structureID, regionID: place.regionID, on: sql)
        return id
    }

    /// Staff correcting a person's record within their write scope; search rows and duplicate keys follow. Returns the
    /// names of the fields that changed, for the audit log (never their values).
    func update(_ id: Int, with draft: BeneficiaryDraft, scope: PersonalDataScope, database: any Database, now: Date = Date()) async throws -> [String] {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            guard let current = try await BeneficiaryQueries.detail(id: id, scope: scope, on: sql),
                  current.merged_into_id == nil, current.anonymised_at == nil else { throw AppError.notFound }
            if let province = draft.provinceID, province != current.province_id {
                let inRegion = try await sql.raw("SELECT id FROM provinces WHERE id = \(bind: province) AND region_id = \(bind: current.region_id)").first() != nil
                if !inRegion { throw AppError.validation(["province_id": FieldProblem("validation.choice")]) }
            }
            let changes: [(String, Bool)] = [
                ("first_name", draft.firstName != current.first_name), ("last_name", draft.lastName != current.last_name),
                ("full_name_ar", draft.fullNameArabic != current.full_name_ar), ("gender", draft.gender.rawValue != current.gender),
                ("birth_year", draft.birthYear != current.birth_year), ("phone", draft.phone != current.phone), ("cin", draft.cin != current.cin),
                ("preferred_language", draft.preferredLanguage.rawValue != current.preferred_language),
                ("province_id", draft.provinceID != current.province_id),
            ]
            try await sql.raw("""
                UPDATE beneficiaries SET first_name = \(bind: draft.firstName), last_name = \(bind: draft.lastName), full_name_ar = \(bind: draft.fullNameArabic),
                    gender = \(bind: draft.gender.rawValue), birth_year = \(bind: draft.birthYear), phone = \(bind: draft.phone), cin = \(bind: draft.cin),
                    preferred_language = \(bind: draft.preferredLanguage.rawValue), province_id = \(bind: draft.provinceID), updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            try await Self.reindex(id, on: sql)
            return changes.filter(\.1).map(\.0)
        }
    }

    static func writeTerms(beneficiaryID: Int, firstName: String, lastName: String, arabic: String?, structureID: Int?, regionID: Int,
                           on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "beneficiary_terms").where("beneficiary_id", .equal, beneficiaryID).run()
        try await insertTerms(beneficiaryID: beneficiaryID, SearchTerms.of(firstName: firstName, lastName: lastName, arabic: arabic),
                              structureID: structureID, regionID: regionID, on: sql)
    }

    /// A new record's search rows: nothing to replace.
    private static func insertTerms(beneficiaryID: Int, _ terms: [String], structureID: Int?, regionID: Int, on sql: any SQLDatabase) async throws {
        var insert = BulkInsert(into: "beneficiary_terms", termColumns)
        for term in terms { insert.append([beneficiaryID, term, structureID, regionID]) }
        try await sql.run(insert)
    }

    /// Recomputes a record's sort name, duplicate keys and search rows from its names, after a change made in SQL.
    /// A merged or erased record gets no search rows.
    static func reindex(_ id: Int, on sql: any SQLDatabase) async throws {
        struct Names: Decodable {
            let first_name: String; let last_name: String; let full_name_ar: String?
            let structure_id: Int?; let region_id: Int; let merged_into_id: Int?; let anonymised_at: Date?
        }
        guard let row = try await sql.raw("""
            SELECT first_name, last_name, full_name_ar, structure_id, region_id, merged_into_id, anonymised_at FROM beneficiaries WHERE id = \(bind: id)
            """).first(decoding: Names.self), row.anonymised_at == nil else { return }
        let sortName = Beneficiary.sortKey(lastName: row.last_name, firstName: row.first_name, arabic: row.full_name_ar)
        try await sql.raw("""
            UPDATE beneficiaries SET sort_name = \(bind: sortName), name_key = \(bind: nameKey(row.first_name, row.last_name)),
                name_key_ar = \(bind: row.full_name_ar.map(NameFolding.nameKey)) WHERE id = \(bind: id)
            """).run()
        if row.merged_into_id != nil {
            try await sql.delete(from: "beneficiary_terms").where("beneficiary_id", .equal, id).run()
        } else {
            try await writeTerms(beneficiaryID: id, firstName: row.first_name, lastName: row.last_name, arabic: row.full_name_ar,
                                 structureID: row.structure_id, regionID: row.region_id, on: sql)
        }
    }
}
