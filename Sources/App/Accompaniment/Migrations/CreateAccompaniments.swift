import Fluent

/// A case: one beneficiary accompanied by one structure and advisor through stages. `version` makes concurrent
/// edits safe: every update names the version it read and fails if another edit came first.
struct CreateAccompaniments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accompaniments")
            .field(.id, .int, .identifier(auto: true))
            .field("beneficiary_id", .int, .required, .references("beneficiaries", .id))
            .field("structure_id", .int, .required, .references("structures", .id))
            .field("advisor_id", .int, .references("users", .id, onDelete: .setNull))
            .field("stage", .string, .required)
            .field("closed_reason", .string)
            .field("opened_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("last_contact_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await SQLIndex.create("accompaniments_advisor", on: "accompaniments", ["advisor_id", "stage", "last_contact_at"], in: database)
        try await SQLIndex.create("accompaniments_structure", on: "accompaniments", ["structure_id", "stage", "last_contact_at"], in: database)
        try await SQLIndex.create("accompaniments_beneficiary", on: "accompaniments", ["beneficiary_id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("accompaniments").delete() }
}

/// Meetings, calls, visits and workshops attended, with their duration and topics from the theme taxonomy.
struct CreateInteractions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("interactions")
            .field(.id, .int, .identifier(auto: true))
            .field("accompaniment_id", .int, .required, .references("accompaniments", .id))
            .field("kind", .string, .required)
            .field("occurred_on", .string, .required)
            .field("duration_minutes", .int)
            .field("topics", .string, .required)
            .field("notes", .string)
            .field("author_id", .int, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await SQLIndex.create("interactions_case", on: "interactions", ["accompaniment_id", "occurred_on"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("interactions").delete() }
}

/// The action plan: who does what by when.
struct CreatePlanActions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plan_actions")
            .field(.id, .int, .identifier(auto: true))
            .field("accompaniment_id", .int, .required, .references("accompaniments", .id))
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("due_on", .string)
            .field("status", .string, .required)
            .field("done_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await SQLIndex.create("plan_actions_case", on: "plan_actions", ["accompaniment_id", "status", "due_on"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("plan_actions").delete() }
}

/// Referrals to a partner institution and/or a support measure, and what the partner answered.
/// Amounts are whole centimes, exact on both databases.
struct CreateReferrals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("referrals")
            .field(.id, .int, .identifier(auto: true))
            .field("accompaniment_id", .int, .required, .references("accompaniments", .id))
            .field("partner_id", .int, .required, .references("partner_institutions", .id))
            .field("measure", .string)
            .field("note", .string)
            .field("status", .string, .required)
            .field("requested_centimes", .int64)
            .field("granted_centimes", .int64)
            .field("answer_reason", .string)
            .field("sent_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("reminded_at", .datetime)
            .field("created_by", .int, .references("users", .id, onDelete: .setNull))
            .field("answered_by", .int, .references("users", .id, onDelete: .setNull))
            .create()
        try await SQLIndex.create("referrals_partner", on: "referrals", ["partner_id", "status", "sent_at"], in: database)
        try await SQLIndex.create("referrals_case", on: "referrals", ["accompaniment_id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("referrals").delete() }
}

/// Measured results of a case; they feed the committee's indicators.
struct CreateOutcomes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outcomes")
            .field(.id, .int, .identifier(auto: true))
            .field("accompaniment_id", .int, .required, .references("accompaniments", .id))
            .field("kind", .string, .required)
            .field("occurred_on", .string, .required)
            .field("legal_status", .string)
            .field("amount_centimes", .int64)
            .field("source", .string)
            .field("jobs_created", .int)
            .field("jobs_kept", .int)
            .field("detail", .string)
            .field("confirmed_at", .datetime)
            .field("recorded_by", .int, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await SQLIndex.create("outcomes_case", on: "outcomes", ["accompaniment_id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("outcomes").delete() }
}
