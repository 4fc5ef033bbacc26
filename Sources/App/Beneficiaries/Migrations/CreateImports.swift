import Fluent

/// Uploaded lists waiting for their column mapping, and what their import did. The parsed rows are kept as JSON
/// so the preview, the import and the report of rejected rows read the same table.
struct CreateImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("imports")
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", .id))
            .field("structure_id", .int, .required, .references("structures", .id))
            .field("filename", .string, .required)
            .field("rows", .string, .required)
            .field("mapping", .string)
            .field("status", .string, .required)
            .field("imported", .int)
            .field("rejected", .int)
            .field("skipped", .int)
            .field("report", .string)
            .field("created_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await database.schema("beneficiaries").field("import_key", .string).update()
        try await SQLIndex.create("beneficiaries_import_key", on: "beneficiaries", ["import_key"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("beneficiaries").deleteField("import_key").update()
        try await database.schema("imports").delete()
    }
}
