import Fluent
import SQLKit

/// Results of the coaching tools saved to a person's file: the figures typed (the tool's query), so reopening one
/// recomputes it with the formulas of the day, and whether the person shares it with their advisor.
struct CreateToolResults: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tool_results")
            .field(.id, .int, .identifier(auto: true))
            .field("beneficiary_id", .int, .required, .references("beneficiaries", .id))
            .field("tool", .string, .required)
            .field("query", .string, .required)
            .field("shared", .bool, .required)
            .field("saved_by", .int, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("tool_results_beneficiary", on: "tool_results", ["beneficiary_id", "created_at"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("tool_results").delete() }
}
