import Fluent

/// A saved result can also be shared with one partner institution (a bank the entrepreneur is going to), and keeps
/// the scores it showed, so a check-up taken again reads as progress against the figures of the day it was taken.
struct AddToolResultSharing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tool_results").field("partner_id", .int, .references("partner_institutions", .id, onDelete: .setNull)).update()
        try await database.schema("tool_results").field("summary", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tool_results").deleteField("summary").update()
        try await database.schema("tool_results").deleteField("partner_id").update()
    }
}
