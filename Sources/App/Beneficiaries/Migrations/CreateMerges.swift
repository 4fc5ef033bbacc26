import Fluent

/// Merges of duplicate records. The absorbed record stays, pointing at the survivor, and each merge remembers what
/// moved and which blanks it filled, so undoing it restores both records exactly.
struct CreateMerges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("beneficiary_merges")
            .field(.id, .int, .identifier(auto: true))
            .field("survivor_id", .int, .required, .references("beneficiaries", .id))
            .field("absorbed_id", .int, .required, .references("beneficiaries", .id))
            .field("business_ids", .string, .required)
            .field("case_ids", .string, .required)
            .field("filled", .string, .required)
            // The absorbed record's account link, and the one the survivor took from it (nil when it kept its own).
            .field("absorbed_user_id", .int)
            .field("moved_user_id", .int)
            // The survivor's consent, set aside because the absorbed record's consent had been withdrawn.
            .field("cleared_consent_at", .datetime)
            .field("cleared_consent_purpose", .string)
            .field("merged_by", .int, .references("users", .id, onDelete: .setNull))
            .field("merged_at", .datetime, .required)
            .field("undone_by", .int, .references("users", .id, onDelete: .setNull))
            .field("undone_at", .datetime)
            .create()
        try await SQLIndex.create("beneficiary_merges_survivor", on: "beneficiary_merges", ["survivor_id"], in: database)
        try await SQLIndex.create("beneficiary_merges_absorbed", on: "beneficiary_merges", ["absorbed_id"], in: database)
        try await database.schema("beneficiaries").field("merged_into_id", .int, .references("beneficiaries", .id)).update()
        try await SQLIndex.create("beneficiaries_merged_into", on: "beneficiaries", ["merged_into_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("beneficiaries").deleteField("merged_into_id").update()
        try await database.schema("beneficiary_merges").delete()
    }
}
