import Foundation
import SQLKit

enum AdminQueries {
    struct UserRow: Decodable, Sendable {
        let id: Int
        let display_name: String
        let email: String?
        let phone: String?
        let is_active: Bool
        let roles: String?
    }

    struct MembershipRow: Decodable, Sendable {
        let id: Int
        let role: String
        let scope_kind: String
        let scope_id: Int?
    }

    struct AuditRow: Decodable, Sendable {
        let id: Int
        let at: Date
        let actor_label: String
        let action: String
        let entity: String
        let entity_id: String?
        let summary: String
        let address: String?
    }

    struct AuditFilter: Sendable {
        var actor: String?
        var action: String?
        var entity: String?
        var entityID: String?
        var from: Date?
        var until: Date?
        var before: Int?
    }

    struct TokenRow: Decodable, Sendable {
        let id: Int
        let name: String
        let prefix: String
        let created_at: Date?
        let last_used_at: Date?
        let revoked_at: Date?
        let user_label: String
        let role: String
    }

    struct OutboxRow: Decodable, Sendable {
        let id: String
        let channel: String
        let recipient: String
        let body: String
        let status: String
        let created_at: Date
    }

    static func users(search: String?, on database: any SQLDatabase) async throws -> [UserRow] {
        let aggregate: SQLQueryString = database.dialect.name == "postgresql" ? "string_agg(m.role, ', ')" : "group_concat(m.role, ', ')"
        var query: SQLQueryString = """
            SELECT u.id, u.display_name, u.email, u.phone, u.is_active, \(aggregate) AS roles
            FROM users u LEFT JOIN memberships m ON m.user_id = u.id
            """
        if let search, !search.isEmpty {
            let pattern = "%\(search.lowercased())%"
            query.appendInterpolation(unsafeRaw: " WHERE lower(u.display_name) LIKE ")
            query.appendInterpolation(bind: pattern)
            query.appendInterpolation(unsafeRaw: " OR lower(u.email) LIKE ")
            query.appendInterpolation(bind: pattern)
            query.appendInterpolation(unsafeRaw: " OR u.phone LIKE ")
            query.appendInterpolation(bind: pattern)
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY u.id, u.display_name, u.email, u.phone, u.is_active ORDER BY u.display_name LIMIT 200")
        return try await database.raw(query).all(decoding: UserRow.self)
    }

    static func memberships(userID: Int, on database: any SQLDatabase) async throws -> [MembershipRow] {
        try await database.raw("SELECT id, role, scope_kind, scope_id FROM memberships WHERE user_id = \(bind: userID) ORDER BY id")
            .all(decoding: MembershipRow.self)
    }

    static func audit(_ filter: AuditFilter, limit: Int, on database: any SQLDatabase) async throws -> [AuditRow] {
        var query: SQLQueryString = "SELECT id, at, actor_label, action, entity, entity_id, summary, address FROM audit_entries WHERE 1 = 1"
        if let actor = filter.actor, !actor.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND lower(actor_label) LIKE ")
            query.appendInterpolation(bind: "%\(actor.lowercased())%")
        }
        if let action = filter.action, !action.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND action = ")
            query.appendInterpolation(bind: action)
        }
        if let entity = filter.entity, !entity.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND entity = ")
            query.appendInterpolation(bind: entity)
        }
        if let entityID = filter.entityID, !entityID.isEmpty {
            query.appendInterpolation(unsafeRaw: " AND entity_id = ")
            query.appendInterpolation(bind: entityID)
        }
        if let from = filter.from {
            query.appendInterpolation(unsafeRaw: " AND at >= ")
            query.appendInterpolation(bind: from)
        }
        if let until = filter.until {
            query.appendInterpolation(unsafeRaw: " AND at < ")
            query.appendInterpolation(bind: until)
        }
        if let before = filter.before {
            query.appendInterpolation(unsafeRaw: " AND id < ")
            query.appendInterpolation(bind: before)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(limit)")
        return try await database.raw(query).all(decoding: AuditRow.self)
    }

    static func tokens(on database: any SQLDatabase) async throws -> [TokenRow] {
        try await database.raw("""
            SELECT t.id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at,
                   COALESCE(u.email, u.phone, u.display_name) AS user_label, m.role
            FROM api_tokens t JOIN memberships m ON m.id = t.membership_id JOIN users u ON u.id = m.user_id
            ORDER BY t.id DESC
            """).all(decoding: TokenRow.self)
    }

    static func membershipChoices(on database: any SQLDatabase) async throws -> [(id: Int, label: String)] {
        struct Row: Decodable { let id: Int; let label: String; let role: String; let scope_kind: String }
        return try await database.raw("""
            SELECT m.id, COALESCE(u.email, u.phone, u.display_name) AS label, m.role, m.scope_kind
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.role <> 'entrepreneur' AND u.is_active = \(bind: true) ORDER BY label, m.id
            """).all(decoding: Row.self).map { ($0.id, "\($0.label) · \($0.role) · \($0.scope_kind)") }
    }

    static func outbox(on database: any SQLDatabase) async throws -> [OutboxRow] {
        try await database.raw("""
            SELECT id, channel, recipient, body, status, created_at FROM notifications ORDER BY created_at DESC LIMIT 100
            """).all(decoding: OutboxRow.self)
    }
}
