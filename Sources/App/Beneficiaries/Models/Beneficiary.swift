import Domain
import Fluent
import Foundation

/// A person the programme accompanies. Names may be in Latin script, Arabic script or both.
final class Beneficiary: Model, @unchecked Sendable {
    static let schema = "beneficiaries"

    // MARK: managed
    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // MARK: data
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    @OptionalField(key: "full_name_ar") var fullNameArabic: String?
    /// Folded "last first" in Latin script: the list's order and its keyset cursor.
    @Field(key: "sort_name") var sortName: String
    @Field(key: "gender") var gender: String
    @OptionalField(key: "birth_year") var birthYear: Int?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "cin") var cin: String?
    @Field(key: "preferred_language") var preferredLanguage: String
    @OptionalField(key: "consent_at") var consentAt: Date?
    @OptionalField(key: "consent_purpose") var consentPurpose: String?

    // MARK: relationships
    @Field(key: "region_id") var regionID: Int
    @OptionalField(key: "province_id") var provinceID: Int?
    @OptionalField(key: "structure_id") var structureID: Int?
    @OptionalField(key: "user_id") var userID: Int?

    init() {}

    static func sortKey(lastName: String, firstName: String) -> String {
        "\(lastName) \(firstName)".folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The list's order key: the Latin "last first" when there is a last name, else the folded Arabic name.
    static func sortKey(lastName: String, firstName: String, arabic: String?) -> String {
        lastName.isEmpty ? NameFolding.arabic(arabic ?? "") : sortKey(lastName: lastName, firstName: firstName)
    }
}
