import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// Fixed-window counters kept in the database, so a limit holds across every instance behind a load balancer.
struct RateLimiter: Sendable {
    struct Rule: Sendable {
        let limit: Int
        let window: Int  // seconds
    }

    let database: any SQLDatabase

    /// Counts one hit for each key; throws 429 with `Retry-After` when any of them is over its limit.
    func hit(_ keys: [(key: String, rule: Rule)], now: Date = Date()) async throws {
        for (key, rule) in keys {
            let window = Self.window(rule, now)
            let row = try await database.raw("""
                INSERT INTO rate_limit_hits (bucket_key, window_start, hits) VALUES (\(bind: key), \(bind: window.start), 1)
                ON CONFLICT (bucket_key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
                RETURNING hits
                """).first()
            let hits = try row?.decode(column: "hits", as: Int.self) ?? 1
            if hits > rule.limit { throw AppError.tooManyRequests(retryAfter: window.retryAfter) }
        }
    }

    /// Counts several hits per key at once (a batch of requests); returns each key's count in its window afterwards.
    func hit(counts: [(key: String, rule: Rule, hits: Int)], now: Date = Date()) async throws -> [String: Int] {
        guard !counts.isEmpty else { return [:] }
        var insert = BulkInsert(into: "rate_limit_hits", [("bucket_key", .text), ("window_start", .int), ("hits", .int)])
        // In key order, so two instances counting the same keys at once lock their rows in the same order.
        for count in counts.sorted(by: { $0.key < $1.key }) { insert.append([count.key, Self.window(count.rule, now).start, count.hits]) }
        return try await database.rows(insert, """
             ON CONFLICT (bucket_key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + excluded.hits RETURNING bucket_key, hits
            """, as: Count.self).reduce(into: [:]) { $0[$1.key] = $1.hits }
    }

    private struct Count: NativeRow {
        let key: String; let hits: Int
        init(sqlite row: SQLiteRow) throws { (key, hits) = (try row.string("bucket_key"), try row.int("hits")) }
        init(postgres row: PostgresRow) throws { (key, hits) = try row.decode((String, Int).self) }
    }

    /// Seconds until a rule's current window ends, for `Retry-After`.
    static func retryAfter(_ rule: Rule, now: Date = Date()) -> Int { window(rule, now).retryAfter }

    /// Forgets a key's counts, e.g. an account's failed attempts once its owner signs in.
    func reset(_ key: String) async throws {
        try await database.raw("DELETE FROM rate_limit_hits WHERE bucket_key = \(bind: key)").run()
    }

    private static func window(_ rule: Rule, _ now: Date) -> (start: Int, retryAfter: Int) {
        let epoch = Int(now.timeIntervalSince1970)
        let start = epoch - epoch % rule.window
        return (start, start + rule.window - epoch)
    }

}

/// Limits for sign-in and code requests. Operational settings, not rules of law, so they live with the code.
extension RateLimiter.Rule {
    static let passwordPerAccount = Self(limit: 5, window: 900)
    static let passwordPerAddress = Self(limit: 30, window: 900)
    static let codeRequestPerPhone = Self(limit: 3, window: 900)
    static let codeRequestPerAddress = Self(limit: 10, window: 900)
    static let codeCheckPerAddress = Self(limit: 20, window: 900)
    /// Each forum registration texts the phone: a number is not flooded, and a venue's shared address still registers a room.
    static let forumRegistrationPerPhone = Self(limit: 5, window: 3_600)
    static let forumRegistrationPerAddress = Self(limit: 120, window: 900)
}
