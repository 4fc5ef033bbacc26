import Foundation
import SQLKit
import Synchronization

/// What bursts at a stop read about it, kept in the process: registrations read its outline once every few seconds
/// rather than once per person, and door scans its edition (which never changes) once. A session the kept outline
/// lacks (added since) makes it read again; what may be seconds stale is a title or the city in a text message, never
/// which sessions exist, and seats are always counted in the database.
final class ForumStopCache: Sendable {
    private let outlines = Mutex<[Int: (outline: ForumProgramme.Outline, readAt: ContinuousClock.Instant)]>([:])
    private let editions = Mutex<[Int: Int]>([:])
    private let lifetime: Duration

    init(outlineLifetime: Duration = .seconds(5)) { lifetime = outlineLifetime }

    func outline(_ stopID: Int, covering sessionIDs: [Int], on sql: any SQLDatabase) async throws -> ForumProgramme.Outline? {
        let now = ContinuousClock.now
        if let hit = outlines.withLock({ $0[stopID] }), now - hit.readAt < lifetime,
           Set(sessionIDs).isSubset(of: hit.outline.sessions.map(\.id)) {
            return hit.outline
        }
        let fresh = try await ForumProgramme(sql: sql).outline(stopID)
        outlines.withLock { $0[stopID] = fresh.map { ($0, now) } }
        return fresh
    }

    func editionID(ofStop stopID: Int, on sql: any SQLDatabase) async throws -> Int? {
        if let kept = editions.withLock({ $0[stopID] }) { return kept }
        let read = try await ForumProgramme(sql: sql).editionID(ofStop: stopID)
        if let read { editions.withLock { $0[stopID] = read } }
        return read
    }
}
