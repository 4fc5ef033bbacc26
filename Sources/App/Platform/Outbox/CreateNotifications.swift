import Fluent

struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notifications")
            .field("id", .string, .identifier(auto: false))
            .field("channel", .string, .required)
            .field("recipient", .string, .required)
            .field("template", .string, .required)
            .field("locale", .string, .required)
            .field("body", .string, .required)
            .field("data", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        try await SQLIndex.create("notifications_created", on: "notifications", ["created_at"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("notifications").delete() }
}
