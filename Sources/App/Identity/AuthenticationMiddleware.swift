import Foundation
import SQLKit
import Vapor

/// Finds who is acting: a web session cookie for pages, a bearer token for the API. Both lookups are one query
/// that returns the person and every membership, so a signed-in page costs a single round trip for identity.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "maillage_session"
    static let sessionIdle: TimeInterval = 12 * 3600
    /// A session is extended at most this often, so reading pages does not write on every request.
    static let sessionRefresh: TimeInterval = 600

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization?.token {
            guard let actor = try await Self.actor(forToken: bearer, on: request.sql) else { throw AppError.unauthorized }
            request.storage[ActorKey.self] = actor
        } else if let token = request.cookies[Self.sessionCookie]?.string, !token.isEmpty {
            request.storage[ActorKey.self] = try await Self.actor(forSession: token, on: request.sql)
        }
        return try await next.respond(to: request)
    }

    /// Read on every signed-in request, so decoded column by column.
    private struct IdentityRow: RowDecodable {
        let user_id: Int
        let display_name: String
        let email: String?
        let phone: String?
        let locale: String?
        let membership_id: Int?
        let role: String?
        let scope_kind: String?
        let scope_id: Int?
        let last_seen_at: Date?
        let token_id: Int?
        let token_last_used_at: Date?

        init(row: any SQLRow) throws {
            user_id = try row("user_id")
            display_name = try row("display_name")
            email = try row("email")
            phone = try row("phone")
            locale = try row("locale")
            membership_id = try row("membership_id")
            role = try row("role")
            scope_kind = try row("scope_kind")
            scope_id = try row("scope_id")
            last_seen_at = row.contains(column: "last_seen_at") ? try row("last_seen_at") : nil
            token_id = row.contains(column: "token_id") ? try row("token_id") : nil
            token_last_used_at = row.contains(column: "token_last_used_at") ? try row("token_last_used_at") : nil
        }
    }

    static func actor(forSession token: String, on database: any SQLDatabase, now: Date = Date()) async throws -> Actor? {
        let hash = RandomToken.hash(token)
        let rows = try await database.raw("""
            SELECT u.id AS user_id, u.display_name, u.email, u.phone, u.locale, s.last_seen_at,
                   m.id AS membership_id, m.role, m.scope_kind, m.scope_id
            FROM web_sessions s
            JOIN users u ON u.id = s.user_id
            LEFT JOIN memberships m ON m.user_id = u.id
            WHERE s.id = \(bind: hash) AND s.expires_at > \(bind: now) AND u.is_active = \(bind: true)
            """).all(rows: IdentityRow.self)
        guard let first = rows.first else { return nil }
        if let lastSeen = first.last_seen_at, now.timeIntervalSince(lastSeen) > sessionRefresh {
            try await database.raw("""
                UPDATE web_sessions SET last_seen_at = \(bind: now), expires_at = \(bind: now.addingTimeInterval(sessionIdle))
                WHERE id = \(bind: hash)
                """).run()
        }
        return makeActor(rows, channel: .session)
    }

    static func actor(forToken token: String, on database: any SQLDatabase, now: Date = Date()) async throws -> Actor? {
        let rows = try await database.raw("""
            SELECT u.id AS user_id, u.display_name, u.email, u.phone, u.locale,
                   m.id AS membership_id, m.role, m.scope_kind, m.scope_id, t.id AS token_id, t.last_used_at AS token_last_used_at
            FROM api_tokens t
            JOIN memberships m ON m.id = t.membership_id
            JOIN users u ON u.id = m.user_id
            WHERE t.token_hash = \(bind: RandomToken.hash(token)) AND t.revoked_at IS NULL AND u.is_active = \(bind: true)
            """).all(rows: IdentityRow.self)
        guard let row = rows.first, let tokenID = row.token_id else { return nil }
        if row.token_last_used_at.map({ now.timeIntervalSince($0) > sessionRefresh }) ?? true {
            try await database.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: tokenID)").run()
        }
        return makeActor(rows, channel: .token(id: tokenID))
    }

    private static func makeActor(_ rows: [IdentityRow], channel: Actor.Channel) -> Actor {
        let first = rows[0]
        let grants = rows.compactMap { row -> Grant? in
            guard let role = row.role.flatMap(Role.init(rawValue:)),
                  let kind = row.scope_kind.flatMap(Scope.Kind.init(rawValue:)),
                  let scope = Scope(kind: kind, targetID: row.scope_id) else { return nil }
            return Grant(membershipID: row.membership_id, role: role, scope: scope)
        }
        return Actor(userID: first.user_id, displayName: first.display_name, email: first.email, phone: first.phone,
                     preferredLanguage: first.locale.flatMap(Language.init(rawValue:)), grants: grants, channel: channel)
    }
}
