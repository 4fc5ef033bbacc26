import Fluent

struct CreateBeneficiaries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("beneficiaries")
            .field(.id, .int, .identifier(auto: true))
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("full_name_ar", .string)
            .field("sort_name", .string, .required)
            .field("gender", .string, .required)
            .field("birth_year", .int)
            .field("phone", .string)
            .field("cin", .string)
            .field("preferred_language", .string, .required)
            .field("consent_at", .datetime)
            .field("consent_purpose", .string)
            .field("region_id", .int, .required, .references("regions", .id))
            .field("province_id", .int, .references("provinces", .id))
            .field("structure_id", .int, .references("structures", .id))
            .field("user_id", .int, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        // The scoped list reads (scope column, sort_name, id) in index order: 50 rows, no sort, at any table size.
        try await SQLIndex.create("beneficiaries_structure_order", on: "beneficiaries", ["structure_id", "sort_name", "id"], in: database)
        try await SQLIndex.create("beneficiaries_region_order", on: "beneficiaries", ["region_id", "sort_name", "id"], in: database)
        try await SQLIndex.create("beneficiaries_order", on: "beneficiaries", ["sort_name", "id"], in: database)
        try await SQLIndex.create("beneficiaries_user", on: "beneficiaries", ["user_id"], in: database)
        try await SQLIndex.create("beneficiaries_phone", on: "beneficiaries", ["phone"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("beneficiaries").delete() }
}
