import Fluent
import Foundation
import SQLKit

/// Diagnostic instruments and their questions (edited by administrators, in each language), and the diagnostics
/// taken with them. A diagnostic keeps the questions, answers and advice as they were, so later edits of the
/// instrument never change a past result.
struct CreateDiagnostics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("instruments")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name_fr", .string, .required).field("name_ar", .string, .required).field("name_en", .string, .required)
            .field("description_fr", .string, .required).field("description_ar", .string, .required).field("description_en", .string, .required)
            .field("active", .bool, .required)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema("instrument_questions")
            .field(.id, .int, .identifier(auto: true))
            .field("instrument_id", .int, .required, .references("instruments", .id, onDelete: .cascade))
            .field("code", .string, .required)
            .field("position", .int, .required)
            .field("text_fr", .string, .required).field("text_ar", .string, .required).field("text_en", .string, .required)
            .field("options", .string, .required)
            .field("recommendation_fr", .string).field("recommendation_ar", .string).field("recommendation_en", .string)
            .field("theme", .string)
            .unique(on: "instrument_id", "code")
            .create()
        try await database.schema("diagnostics")
            .field(.id, .int, .identifier(auto: true))
            .field("accompaniment_id", .int, .required, .references("accompaniments", .id))
            .field("instrument_id", .int, .required, .references("instruments", .id))
            .field("taken_on", .string, .required)
            .field("author_id", .int, .references("users", .id, onDelete: .setNull))
            .field("points", .int, .required)
            .field("max_points", .int, .required)
            .field("score", .int, .required)
            .field("answers", .string, .required)
            .field("recommendations", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("diagnostics_case", on: "diagnostics", ["accompaniment_id", "instrument_id", "taken_on"], in: database)
        try await seed(database)
    }

    private func seed(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for entry in try ShippedInstruments.load() { try await ShippedInstruments.insert(entry, on: sql) }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("diagnostics").delete()
        try await database.schema("instrument_questions").delete()
        try await database.schema("instruments").delete()
    }
}
