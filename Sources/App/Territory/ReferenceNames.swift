import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Names of provinces and structures, which every list row shows, and the advisors the search can filter by. They
/// change a few times a year, so each process keeps them in memory for a minute: the hot list stays a one-table
/// query, cheap to plan on PostgreSQL and to prepare on SQLite. No beneficiary's data lives here.
actor ReferenceNames {
    struct Advisor: Sendable {
        let id: Int
        let name: String
        let structureID: Int
    }

    struct Snapshot: Sendable {
        /// Which load this is, unique in the process: what is worked out from a snapshot can be kept until the next.
        var generation = 0
        var provinces: [Int: String] = [:]
        var provinceRegions: [Int: Int] = [:]
        var structures: [Int: String] = [:]
        var structureRegions: [Int: Int] = [:]
        var advisors: [Advisor] = []

        /// Provinces of the regions a scope reaches, by name.
        func provinces(in scope: PersonalDataScope) -> [(id: Int, name: String)] {
            let regions = Set(scope.regionIDs + scope.structureIDs.compactMap { structureRegions[$0] })
            return provinces.filter { scope.everything || provinceRegions[$0.key].map(regions.contains) == true }
                .map { (id: $0.key, name: $0.value) }.sorted { $0.name < $1.name }
        }

        /// Advisors and managers of the structures a scope reaches, by name.
        func advisors(in scope: PersonalDataScope) -> [Advisor] {
            advisors.filter { advisor in
                scope.everything || scope.structureIDs.contains(advisor.structureID)
                    || structureRegions[advisor.structureID].map(scope.regionIDs.contains) == true
            }.sorted { $0.name < $1.name }
        }
    }

    static let lifetime: TimeInterval = 60
    private static let loads = NIOLockedValueBox(0)

    private let database: any SQLDatabase
    private var snapshot = Snapshot()
    private var loadedAt: Date?

    init(database: any SQLDatabase) { self.database = database }

    func current(now: Date = Date()) async throws -> Snapshot {
        if let loadedAt, now.timeIntervalSince(loadedAt) < Self.lifetime { return snapshot }
        var fresh = Snapshot()
        fresh.generation = Self.loads.withLockedValue { $0 += 1; return $0 }
        for row in try await database.raw("SELECT id, name_fr, region_id FROM provinces").all() {
            let id = try row.decode(column: "id", as: Int.self)
            fresh.provinces[id] = try row.decode(column: "name_fr", as: String.self)
            fresh.provinceRegions[id] = try row.decode(column: "region_id", as: Int.self)
        }
        for row in try await database.raw("SELECT id, name, region_id FROM structures").all() {
            let id = try row.decode(column: "id", as: Int.self)
            fresh.structures[id] = try row.decode(column: "name", as: String.self)
            fresh.structureRegions[id] = try row.decode(column: "region_id", as: Int.self)
        }
        fresh.advisors = try await database.raw("""
            SELECT DISTINCT u.id, u.display_name, m.scope_id FROM users u JOIN memberships m ON m.user_id = u.id
            WHERE m.role IN ('advisor', 'structure_manager') AND m.scope_kind = 'structure' AND u.is_active = \(bind: true)
            """).all().map { Advisor(id: try $0.decode(column: "id", as: Int.self), name: try $0.decode(column: "display_name", as: String.self),
                                     structureID: try $0.decode(column: "scope_id", as: Int.self)) }
        snapshot = fresh
        loadedAt = now
        return fresh
    }
}

extension Application {
    private struct ReferenceNamesKey: StorageKey { typealias Value = ReferenceNames }

    var referenceNames: ReferenceNames {
        if let names = storage[ReferenceNamesKey.self] { return names }
        let names = ReferenceNames(database: db as! any SQLDatabase)
        storage[ReferenceNamesKey.self] = names
        return names
    }
}
