import Fluent

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field(.id, .int, .identifier(auto: true))
            .field("email", .string)
            .field("phone", .string)
            .field("display_name", .string, .required)
            .field("password_hash", .string)
            .field("locale", .string)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .unique(on: "phone")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("users").delete() }
}

struct CreateMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("scope_kind", .string, .required)
            .field("scope_id", .int)
            .field("created_at", .datetime)
            .unique(on: "user_id", "role", "scope_kind", "scope_id")
            .create()
        try await SQLIndex.create("memberships_user", on: "memberships", ["user_id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("memberships").delete() }
}

struct CreateWebSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("web_sessions")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references("users", .id, onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("web_sessions_user", on: "web_sessions", ["user_id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("web_sessions").delete() }
}

struct CreateLoginCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_codes")
            .field(.id, .int, .identifier(auto: true))
            .field("phone", .string, .required)
            .field("code_hash", .string, .required)
            .field("attempts", .int, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("login_codes_phone", on: "login_codes", ["phone", "id"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("login_codes").delete() }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("membership_id", .int, .required, .references("memberships", .id, onDelete: .cascade))
            .field("created_by", .int, .required, .references("users", .id))
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("api_tokens").delete() }
}

struct CreateRateLimitHits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_hits")
            .field("bucket_key", .string, .required)
            .field("window_start", .int, .required)
            .field("hits", .int, .required)
            .compositeIdentifier(over: "bucket_key", "window_start")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("rate_limit_hits").delete() }
}
