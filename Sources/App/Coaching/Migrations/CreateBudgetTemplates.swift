import Fluent
import SQLKit

/// The budget builder's templates by activity, which administrators edit; seeded from the shipped reference data.
struct CreateBudgetTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("budget_templates")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name_fr", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("average_month_centimes", .int64, .required)
            .field("variable_cost_percent", .string, .required)
            .field("fixed_costs_centimes", .int64, .required)
            .field("investments_centimes", .int64, .required)
            .field("coefficients", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .int, .references("users", .id, onDelete: .setNull))
            .unique(on: "code")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for template in CoachingReference.shipped.templates { try await BudgetTemplates(sql: sql).insert(template, by: nil) }
    }

    func revert(on database: any Database) async throws { try await database.schema("budget_templates").delete() }
}
