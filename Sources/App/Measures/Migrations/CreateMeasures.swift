import Domain
import Fluent
import Foundation
import SQLKit

/// The catalogue of support measures, their eligibility rules over time, and the history of every change.
/// A rule is never edited in place: a new version starts on a day and ends the previous one, so a past answer can
/// always be explained by the rule that gave it.
struct CreateMeasures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("measures")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("name_fr", .string, .required).field("name_ar", .string, .required).field("name_en", .string, .required)
            .field("summary_fr", .string, .required).field("summary_ar", .string, .required).field("summary_en", .string, .required)
            .field("operator_name", .string, .required)
            .field("benefits_fr", .string, .required).field("benefits_ar", .string, .required).field("benefits_en", .string, .required)
            .field("max_amount_centimes", .int64)
            .field("rate_percent", .string)
            .field("duration_months", .int)
            .field("deferral_months", .int)
            .field("documents_fr", .string, .required).field("documents_ar", .string, .required).field("documents_en", .string, .required)
            .field("apply_fr", .string, .required).field("apply_ar", .string, .required).field("apply_en", .string, .required)
            .field("source_url", .string, .required)
            .field("status", .string, .required)
            .field("opens_on", .string)
            .field("closes_on", .string)
            .field("themes", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema("measure_rules")
            .field(.id, .int, .identifier(auto: true))
            .field("measure_id", .int, .required, .references("measures", .id, onDelete: .cascade))
            .field("criteria", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_until", .string)
            .field("source", .string, .required)
            .field("created_by", .int, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("measure_rules_measure", on: "measure_rules", ["measure_id", "valid_from"], in: database)
        try await database.schema("measure_revisions")
            .field(.id, .int, .identifier(auto: true))
            .field("measure_id", .int, .required, .references("measures", .id, onDelete: .cascade))
            .field("changed_by", .int, .references("users", .id, onDelete: .setNull))
            .field("changed_at", .datetime, .required)
            .field("summary", .string, .required)
            .field("snapshot", .string, .required)
            .create()
        try await SQLIndex.create("measure_revisions_measure", on: "measure_revisions", ["measure_id", "changed_at"], in: database)
        try await database.schema("measure_subscriptions")
            .field(.id, .int, .identifier(auto: true))
            .field("measure_id", .int, .required, .references("measures", .id, onDelete: .cascade))
            .field("phone", .string, .required)
            .field("locale", .string, .required)
            .field("created_at", .datetime, .required)
            .field("notified_at", .datetime)
            .unique(on: "measure_id", "phone")
            .create()
        try await database.schema("campaigns")
            .field(.id, .int, .identifier(auto: true))
            .field("measure_id", .int, .required, .references("measures", .id))
            .field("rule_id", .int, .required, .references("measure_rules", .id))
            .field("region_id", .int, .references("regions", .id))
            .field("structure_id", .int, .references("structures", .id))
            .field("include_probable", .bool, .required)
            .field("status", .string, .required)
            .field("scanned", .int, .required)
            .field("eligible", .int, .required)
            .field("probable", .int, .required)
            .field("notified", .int, .required)
            .field("created_by", .int, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("built_at", .datetime)
            .field("sent_at", .datetime)
            .create()
        try await database.schema("campaign_recipients")
            .field("campaign_id", .int, .required, .references("campaigns", .id, onDelete: .cascade))
            .field("beneficiary_id", .int, .required, .references("beneficiaries", .id))
            .field("verdict", .string, .required)
            .field("excluded", .bool, .required)
            .field("notified_at", .datetime)
            .compositeIdentifier(over: "campaign_id", "beneficiary_id")
            .create()
        try await database.schema("referrals").field("measure_id", .int, .references("measures", .id)).update()
        try await seed(database)
    }

    private func seed(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let catalogue = MeasureCatalogue(sql: sql)
        for entry in try ShippedMeasures.load() {
            _ = try await catalogue.create(try MeasureDraft(shipped: entry), rule: .init(text: entry.rule.criteria, validFrom: entry.rule.validFrom, source: entry.rule.source),
                                       by: nil, summary: "shipped")
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("referrals").deleteField("measure_id").update()
        for table in ["campaign_recipients", "campaigns", "measure_subscriptions", "measure_revisions", "measure_rules", "measures"] {
            try await database.schema(table).delete()
        }
    }
}
