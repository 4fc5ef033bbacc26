import Foundation
import PostgresNIO
import SQLiteNIO
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
        let identities = request.application.identities
        if let bearer = request.headers.bearerAuthorization?.token {
            guard let actor = try await Self.actor(forToken: bearer, on: request.sql, identities: identities) else { throw AppError.unauthorized }
            request.storage[ActorKey.self] = actor
        } else if let token = request.sentCookies[Self.sessionCookie], !token.isEmpty {
            let (actor, refreshed) = try await Self.actor(forSession: token, on: request.sql, identities: identities)
            request.storage[ActorKey.self] = actor
            if refreshed {
                // The server slid the session's expiry; the cookie's own lifetime follows, or the browser would drop it.
                let response = try await next.respond(to: request)
                response.cookies[Self.sessionCookie] = Self.cookie(token, secure: request.application.config.secureCookies)
                return response
            }
        }
        return try await next.respond(to: request)
    }

    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: Int(sessionIdle), path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// Read on every signed-in request, so decoded by the drivers' native rows. Both lookups select these columns
    /// in this order; each fills with typed NULLs the columns that belong to the other.
    private struct IdentityRow: NativeRow {
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

        init(sqlite row: SQLiteRow) throws {
            user_id = try row.int("user_id")
            display_name = try row.string("display_name")
            email = row.optionalString("email")
            phone = row.optionalString("phone")
            locale = row.optionalString("locale")
            membership_id = row.optionalInt("membership_id")
            role = row.optionalString("role")
            scope_kind = row.optionalString("scope_kind")
            scope_id = row.optionalInt("scope_id")
            last_seen_at = row.optionalDate("last_seen_at")
            token_id = row.optionalInt("token_id")
            token_last_used_at = row.optionalDate("token_last_used_at")
        }

        init(postgres row: PostgresRow) throws {
            (user_id, display_name, email, phone, locale, membership_id, role, scope_kind, scope_id, last_seen_at, token_id, token_last_used_at) =
                try row.decode((Int, String, String?, String?, String?, Int?, String?, String?, Int?, Date?, Int?, Date?).self)
        }
    }

    private struct SessionLookup: PreparedQuery {
        typealias Row = IdentityRow
        static let sql = """
            SELECT u.id AS user_id, u.display_name, u.email, u.phone, u.locale,
                   m.id AS membership_id, m.role, m.scope_kind, m.scope_id,
                   s.last_seen_at, CAST(NULL AS BIGINT) AS token_id, CAST(NULL AS TIMESTAMPTZ) AS token_last_used_at
            FROM web_sessions s
            JOIN users u ON u.id = s.user_id
            LEFT JOIN memberships m ON m.user_id = u.id
            WHERE s.id = $1 AND s.expires_at > $2 AND u.is_active = $3
            """
        let hash: String
        let now: Date
        var binds: [any Encodable & Sendable] { [hash, now, true] }
    }

    private struct TokenLookup: PreparedQuery {
        typealias Row = IdentityRow
        static let sql = """
            SELECT u.id AS user_id, u.display_name, u.email, u.phone, u.locale,
                   m.id AS membership_id, m.role, m.scope_kind, m.scope_id,
                   CAST(NULL AS TIMESTAMPTZ) AS last_seen_at, t.id AS token_id, t.last_used_at AS token_last_used_at
            FROM api_tokens t
            JOIN memberships m ON m.id = t.membership_id
            JOIN users u ON u.id = m.user_id
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.is_active = $2
            """
        let hash: String
        var binds: [any Encodable & Sendable] { [hash, true] }
    }

    /// The session's actor, and whether its expiry was slid forward by this request.
    static func actor(forSession token: String, on database: any SQLDatabase, identities: IdentityCache,
                      now: Date = Date()) async throws -> (Actor?, Bool) {
        let hash = RandomToken.hash(token)
        let key = "session:" + hash
        if let actor = identities.actor(for: key, now: now) { return (actor, false) }
        let generation = identities.generation
        let rows = try await database.rows(SessionLookup(hash: hash, now: now))
        guard let first = rows.first else { return (nil, false) }
        let refresh = first.last_seen_at.map { now.timeIntervalSince($0) > sessionRefresh } ?? false
        if refresh {
            try await database.raw("""
                UPDATE web_sessions SET last_seen_at = \(bind: now), expires_at = \(bind: now.addingTimeInterval(sessionIdle))
                WHERE id = \(bind: hash)
                """).run()
        }
        let actor = makeActor(rows, channel: .session)
        identities.remember(actor, for: key, until: (refresh ? now : first.last_seen_at ?? now).addingTimeInterval(sessionRefresh),
                            readAt: generation, now: now)
        return (actor, refresh)
    }

    static func actor(forToken token: String, on database: any SQLDatabase, identities: IdentityCache,
                      now: Date = Date()) async throws -> Actor? {
        let hash = RandomToken.hash(token)
        let key = "token:" + hash
        if let actor = identities.actor(for: key, now: now) { return actor }
        let generation = identities.generation
        let rows = try await database.rows(TokenLookup(hash: hash))
        guard let row = rows.first, let tokenID = row.token_id else { return nil }
        var lastUsed = row.token_last_used_at ?? now
        if row.token_last_used_at.map({ now.timeIntervalSince($0) > sessionRefresh }) ?? true {
            try await database.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: tokenID)").run()
            lastUsed = now
        }
        let actor = makeActor(rows, channel: .token(id: tokenID))
        identities.remember(actor, for: key, until: lastUsed.addingTimeInterval(sessionRefresh), readAt: generation, now: now)
        return actor
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
