import Foundation
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
            let epoch = Int(now.timeIntervalSince1970)
            let windowStart = epoch - epoch % rule.window
            let row = try await database.raw("""
                INSERT INTO rate_limit_hits (bucket_key, window_start, hits) VALUES (\(bind: key), \(bind: windowStart), 1)
                ON CONFLICT (bucket_key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
                RETURNING hits
                """).first()
            let hits = try row?.decode(column: "hits", as: Int.self) ?? 1
            if hits > rule.limit {
                throw AppError.tooManyRequests(retryAfter: windowStart + rule.window - epoch)
            }
        }
    }

    /// Old windows are useless; the job worker calls this now and then.
    func prune(olderThan seconds: Int = 86_400, now: Date = Date()) async throws {
        try await database.raw("DELETE FROM rate_limit_hits WHERE window_start < \(bind: Int(now.timeIntervalSince1970) - seconds)").run()
    }
}

/// Limits for sign-in and code requests. Operational settings, not rules of law, so they live with the code.
extension RateLimiter.Rule {
    static let passwordPerAccount = Self(limit: 5, window: 900)
    static let passwordPerAddress = Self(limit: 30, window: 900)
    static let codeRequestPerPhone = Self(limit: 3, window: 900)
    static let codeRequestPerAddress = Self(limit: 10, window: 900)
    static let codeCheckPerAddress = Self(limit: 20, window: 900)
}
