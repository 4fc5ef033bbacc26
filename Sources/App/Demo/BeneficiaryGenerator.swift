import Foundation
import SQLKit

/// Realistic synthetic beneficiaries: names in both scripts, valid mobile numbers, provinces of their region.
enum BeneficiaryGenerator {
    struct Row {
        var firstName: String
        var lastName: String
        var fullNameArabic: String
        var gender: String
        var birthYear: Int
        var phone: String?
        var cin: String?
        var language: String
        var consentAt: Date
        var regionID: Int
        var provinceID: Int?
        var structureID: Int
        var userID: Int?
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
            regionID: regionID, provinceID: provinceIDs.randomElement(using: &random), structureID: structureID, userID: nil)
    }

    static let columns = ["first_name", "last_name", "full_name_ar", "sort_name", "gender", "birth_year", "phone", "cin",
                          "preferred_language", "consent_at", "consent_purpose", "region_id", "province_id", "structure_id",
                          "user_id", "created_at", "updated_at"]

    /// One multi-row INSERT per call; callers batch (a thousand rows stays under both databases' bind limits).
    static func insert(_ rows: [Row], on sql: any SQLDatabase, now: Date = Date()) async throws {
        guard !rows.isEmpty else { return }
        var builder = sql.insert(into: "beneficiaries").columns(columns)
        for row in rows {
            let values: [any Encodable & Sendable] = [
                row.firstName, row.lastName, row.fullNameArabic, Beneficiary.sortKey(lastName: row.lastName, firstName: row.firstName),
                row.gender, row.birthYear, row.phone, row.cin, row.language, row.consentAt, "accompaniment", row.regionID,
                row.provinceID, row.structureID, row.userID, now, now,
            ]
            builder = builder.values(values)
        }
        try await builder.run()
    }
}
