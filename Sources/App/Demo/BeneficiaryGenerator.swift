import Domain
import Foundation
import SQLKit

/// Realistic synthetic beneficiaries: names in both scripts, valid mobile numbers, provinces of their region.
enum BeneficiaryGenerator {
    struct Row {
        var firstName: String
        var lastName: String
        var fullNameArabic: String
        var gender: String
        var birthYear: Int?
        var phone: String?
        var cin: String?
        var language: String
        var consentAt: Date
        var regionID: Int
        var provinceID: Int?
        var structureID: Int
        var userID: Int?
        var business: Business?
        var consentPurpose = ConsentPurpose.accompaniment
        var createdBy: Int? = nil
        /// Set by an import: the row's fingerprint, so importing the same file again creates nothing.
        var importKey: String? = nil
    }

    struct Business {
        var kind = BusinessKind.business
        var name: String
        var legalStatus: LegalStatus?
        var sector: Sector?
        var startedOn: String?
        var staff: Int?
        var turnoverBand: TurnoverBand?
        var ice: String?
        var rc: String? = nil
        var taxID: String? = nil
    }

    /// Eight in ten people run something; nearly half of those informally, as the HCP survey finds.
    /// The sectors of micro-businesses; the rare ones a measure excludes (deep-sea fishing, real-estate development) would
    /// be as frequent as trade if drawn from every sector.
    static let sectors: [Sector] = [.trade, .crafts, .food, .services, .agriculture, .construction, .transport, .textile, .digital, .tourism, .other]

    static func business(for lastName: String, using random: inout SplitMix64) -> Business? {
        guard Int.random(in: 0..<10, using: &random) < 8 else { return nil }
        let roll = Int.random(in: 0..<100, using: &random)
        let status: LegalStatus = roll < 45 ? .informal : roll < 70 ? .autoEntrepreneur : roll < 85 ? .soleProprietor : roll < 95 ? .company : .cooperative
        let sector = Self.sectors.randomElement(using: &random)!
        let formal = status == .company || status == .soleProprietor || status == .cooperative
        return Business(
            name: "\(lastName) \(sector.rawValue)", legalStatus: status, sector: sector,
            startedOn: String(format: "%04d-%02d-%02d", Int.random(in: 2005...2025, using: &random), Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random)),
            staff: Int.random(in: 0...(formal ? 9 : 2), using: &random),
            turnoverBand: TurnoverBand.allCases[Int.random(in: 0...(formal ? 4 : 1), using: &random)],
            ice: formal ? validICE(Int64.random(in: 1_000_000...999_999_999, using: &random)) : nil)
    }

    /// An ICE for a company number whose control digits make the whole divisible by 97, as real ones are.
    static func validICE(_ company: Int64) -> String {
        let base = company * 10_000 + 1  // establishment 0001
        let check = (97 - (base * 100) % 97) % 97
        return String(format: "%013lld%02lld", base, check)
    }

    static func row(regionID: Int, provinceIDs: [Int], structureID: Int, using random: inout SplitMix64) -> Row {
        let female = Bool.random(using: &random)
        let first = (female ? MoroccanNames.female : MoroccanNames.male).randomElement(using: &random)!
        let family = MoroccanNames.family.randomElement(using: &random)!
        let mobile = ["6", "7"].randomElement(using: &random)! + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random))
        let letters = ["A", "B", "BE", "BH", "BK", "C", "D", "EE", "G", "H", "J", "JA", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"]
        let hasCIN = Int.random(in: 0..<10, using: &random) < 7
        return Row(
            firstName: first.latin, lastName: family.latin, fullNameArabic: "\(first.arabic) \(family.arabic)",
            gender: female ? "f" : "m", birthYear: Int.random(in: 1960...2006, using: &random),
            phone: Int.random(in: 0..<10, using: &random) < 9 ? "+212" + mobile : nil,
            cin: hasCIN ? letters.randomElement(using: &random)! + String(Int.random(in: 10_000...999_999, using: &random)) : nil,
            language: Int.random(in: 0..<3, using: &random) == 0 ? "ar" : "fr",
            consentAt: Date(timeIntervalSince1970: 1_704_067_200 + Double(Int.random(in: 0..<60_000_000, using: &random))),
            regionID: regionID, provinceID: provinceIDs.randomElement(using: &random), structureID: structureID, userID: nil,
            business: business(for: family.latin, using: &random))
    }

    private static let columns: [(name: String, kind: BulkInsert.Kind)] = [
        ("id", .int), ("first_name", .text), ("last_name", .text), ("full_name_ar", .text), ("sort_name", .text), ("gender", .text),
        ("birth_year", .int), ("phone", .text), ("cin", .text), ("preferred_language", .text), ("consent_at", .date), ("consent_purpose", .text),
        ("region_id", .int), ("province_id", .int), ("structure_id", .int), ("user_id", .int), ("name_key", .text), ("name_key_ar", .text),
        ("created_by", .int), ("import_key", .text), ("created_at", .date), ("updated_at", .date),
    ]

    private static let businessColumns: [(name: String, kind: BulkInsert.Kind)] = [
        ("beneficiary_id", .int), ("kind", .text), ("name", .text), ("legal_status", .text), ("sector", .text), ("province_id", .int),
        ("started_on", .text), ("staff", .int), ("turnover_band", .text), ("ice", .text), ("rc", .text), ("tax_id", .text),
        ("created_at", .date), ("updated_at", .date),
    ]

    /// What case each inserted person gets: a realistic spread for benchmarks, or an intake case for an import.
    enum Cases { case none, generated, intake(advisorID: Int?) }

    /// Multi-row INSERTs: people, businesses, search rows and cases, with ids reserved first so the dependent rows
    /// need no read-back. Callers batch (a thousand people stays under both databases' bind limits).
    @discardableResult
    static func insert(_ rows: [Row], cases: Cases = .none, on sql: any SQLDatabase, now: Date = Date()) async throws -> [Int] {
        guard !rows.isEmpty else { return [] }
        let ids = try await reserveIDs(rows.count, on: sql)
        var people = BulkInsert(into: "beneficiaries", columns)
        var businesses = BulkInsert(into: "businesses", businessColumns)
        var terms: [(Int, String, Int, Int)] = []
        for (id, row) in zip(ids, rows) {
            let sortName = Beneficiary.sortKey(lastName: row.lastName, firstName: row.firstName, arabic: row.fullNameArabic)
            people.append([
                id, row.firstName, row.lastName, row.fullNameArabic.isEmpty ? nil : row.fullNameArabic, sortName,
                row.gender, row.birthYear, row.phone, row.cin, row.language, row.consentAt, row.consentPurpose.rawValue, row.regionID,
                row.provinceID, row.structureID, row.userID, BeneficiaryRegistry.nameKey(row.firstName, row.lastName),
                row.fullNameArabic.isEmpty ? nil : NameFolding.nameKey(row.fullNameArabic), row.createdBy, row.importKey, now, now,
            ])
            if let business = row.business {
                businesses.append([id, business.kind.rawValue, business.name, business.legalStatus?.rawValue, business.sector?.rawValue,
                                   row.provinceID, business.startedOn, business.staff, business.turnoverBand?.rawValue, business.ice,
                                   business.rc, business.taxID, now, now])
            }
            for term in SearchTerms.of(firstName: row.firstName, lastName: row.lastName, arabic: row.fullNameArabic) {
                terms.append((id, term, row.structureID, row.regionID))
            }
        }
        try await sql.run(people)
        try await sql.run(businesses)
        switch cases {
        case .none: break
        case .generated: try await insertCases(ids: ids, rows: rows, on: sql, now: now)
        case .intake(let advisor):
            var insert = BulkInsert(into: "accompaniments", [("beneficiary_id", .int), ("structure_id", .int), ("advisor_id", .int), ("stage", .text),
                                                             ("opened_at", .date), ("last_contact_at", .date), ("version", .int),
                                                             ("created_at", .date), ("updated_at", .date)])
            for (id, row) in zip(ids, rows) { insert.append([id, row.structureID, advisor, CaseStage.intake.rawValue, now, now, 1, now, now]) }
            try await sql.run(insert)
        }
        for chunk in stride(from: 0, to: terms.count, by: 2000) {
            var insert = BulkInsert(into: "beneficiary_terms", BeneficiaryRegistry.termColumns)
            for term in terms[chunk..<min(chunk + 2000, terms.count)] { insert.append([term.0, term.1, term.2, term.3]) }
            try await sql.run(insert)
        }
        return ids
    }

    /// Ids taken from PostgreSQL's sequence, safe beside other instances' inserts; on SQLite, whose writers queue
    /// one at a time, the next ones after the largest.
    private static func reserveIDs(_ count: Int, on sql: any SQLDatabase) async throws -> [Int] {
        if sql.dialect.name == "postgresql" {
            return try await sql.raw("""
                SELECT nextval(pg_get_serial_sequence('beneficiaries', 'id')) AS id FROM generate_series(1, \(bind: count))
                """).all().map { try $0.decode(column: "id", as: Int.self) }.sorted()
        }
        let first = try await sql.raw("SELECT COALESCE(MAX(id), 0) AS id FROM beneficiaries").first()!.decode(column: "id", as: Int.self) + 1
        return Array(first..<(first + count))
    }

    /// Everyone registered has a case: most at intake or follow-up, one in ten closed, last contact within four months.
    private static func insertCases(ids: [Int], rows: [Row], on sql: any SQLDatabase, now: Date) async throws {
        var cases = BulkInsert(into: "accompaniments", [("beneficiary_id", .int), ("structure_id", .int), ("stage", .text), ("closed_reason", .text),
                                                        ("opened_at", .date), ("closed_at", .date), ("last_contact_at", .date), ("version", .int),
                                                        ("created_at", .date), ("updated_at", .date)])
        let stages: [CaseStage] = [.intake, .intake, .diagnostic, .plan, .followUp, .followUp, .followUp, .followUp, .followUp, .closed]
        for (id, row) in zip(ids, rows) {
            let stage = stages[id % stages.count]
            let contact = now.addingTimeInterval(-Double((id * 7919) % 120) * 86_400)
            cases.append([id, row.structureID, stage.rawValue, stage == .closed ? ClosedReason.goalReached.rawValue : nil,
                          row.consentAt, stage == .closed ? contact : nil, contact, 1, now, now])
        }
        try await sql.run(cases)
    }
}
