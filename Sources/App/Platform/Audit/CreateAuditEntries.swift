import Fluent

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field(.id, .int, .identifier(auto: true))
            .field("at", .datetime, .required)
            .field("actor_user_id", .int)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string)
            .field("summary", .string, .required)
            .field("address", .string)
            .field("request_id", .string)
            .create()
        try await SQLIndex.create("audit_entries_actor", on: "audit_entries", ["actor_user_id", "id"], in: database)
        try await SQLIndex.create("audit_entries_entity", on: "audit_entries", ["entity", "entity_id", "id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("audit_entries").delete() }
}
