import FluentKit
import Foundation
import SQLKit

/// The sweep that passes offers nobody confirmed in time to the next person, every few minutes.
enum ForumOffers {
    static let jobKind = "expire_forum_offers"
    static let interval: TimeInterval = 300

    static func schedule(on sql: any SQLDatabase, at time: Date = Date()) async throws {
        try await JobQueue(database: sql).startChain(kind: jobKind, at: time)
    }

    static func sweep(database: any Database, baseURL: URL, now: Date) async throws {
        try await ForumRegistrations(database: database, baseURL: baseURL).expireOffers(now: now)
        try await JobQueue(database: database as! any SQLDatabase).continueChain(kind: jobKind, at: now.addingTimeInterval(interval))
    }
}
