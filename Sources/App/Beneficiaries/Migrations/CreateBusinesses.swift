import Fluent

/// A beneficiary's businesses, formal or informal, and their projects (idea stage). No identifier is required.
struct CreateBusinesses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("businesses")
            .field(.id, .int, .identifier(auto: true))
            .field("beneficiary_id", .int, .required, .references("beneficiaries", .id))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("legal_status", .string)
            .field("sector", .string)
            .field("province_id", .int, .references("provinces", .id))
            .field("started_on", .string)
            .field("staff", .int)
            .field("turnover_band", .string)
            .field("ice", .string)
            .field("rc", .string)
            .field("tax_id", .string)
            .field("digital_presence", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await SQLIndex.create("businesses_beneficiary", on: "businesses", ["beneficiary_id"], in: database)
        try await SQLIndex.create("businesses_ice", on: "businesses", ["ice"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("businesses").delete() }
}

/// What the registry needs beyond the foundation's columns: keys that catch duplicates across spellings and
/// scripts, who registered the person, and when they were anonymised on request.
struct AddBeneficiaryRegistryColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema("beneficiaries").field("name_key", .string).update()
        try await database.schema("beneficiaries").field("name_key_ar", .string).update()
        try await database.schema("beneficiaries").field("created_by", .int, .references("users", .id, onDelete: .setNull)).update()
        try await database.schema("beneficiaries").field("anonymised_at", .datetime).update()
        try await SQLIndex.create("beneficiaries_name_key", on: "beneficiaries", ["province_id", "name_key"], in: database)
        try await SQLIndex.create("beneficiaries_name_key_ar", on: "beneficiaries", ["province_id", "name_key_ar"], in: database)
        try await SQLIndex.create("beneficiaries_cin", on: "beneficiaries", ["cin"], in: database)
    }

    func revert(on database: any Database) async throws {
        for field in ["name_key", "name_key_ar", "created_by", "anonymised_at"] {
            try await database.schema("beneficiaries").deleteField(FieldKey(stringLiteral: field)).update()
        }
    }
}
