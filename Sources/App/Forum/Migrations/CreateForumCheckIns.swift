import Fluent
import SQLKit

/// Admissions at the door: one per registration, whichever device or app instance scans first; scans of a ticket
/// already admitted on another device (two phones offline at the same door) are kept as conflicts to report.
struct CreateForumCheckIns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("forum_checkins")
            .field(.id, .int, .identifier(auto: true))
            .field("registration_id", .int, .required, .references("forum_registrations", .id, onDelete: .cascade))
            .field("stop_id", .int, .required, .references("forum_stops", .id))
            .field("device", .string, .required)
            .field("user_id", .int, .references("users", .id, onDelete: .setNull))
            .field("scanned_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "registration_id")
            .create()
        try await SQLIndex.create("forum_checkins_stop", on: "forum_checkins", ["stop_id", "scanned_at"], in: database)
        try await database.schema("forum_checkin_conflicts")
            .field(.id, .int, .identifier(auto: true))
            .field("registration_id", .int, .required, .references("forum_registrations", .id, onDelete: .cascade))
            .field("stop_id", .int, .required, .references("forum_stops", .id))
            .field("device", .string, .required)
            .field("scanned_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("forum_seats").field("no_show", .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("forum_seats").deleteField("no_show").update()
        try await database.schema("forum_checkin_conflicts").delete()
        try await database.schema("forum_checkins").delete()
    }
}
