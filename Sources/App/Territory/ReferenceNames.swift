import Foundation
import SQLKit
import Vapor

/// Names of provinces and structures, which every list row shows. They change a few times a year, so each process
/// keeps them in memory for a minute: the hot list stays a one-table query, cheap to plan on PostgreSQL and to
/// prepare on SQLite. Only reference data lives here, never personal data.
actor ReferenceNames {
    struct Snapshot: Sendable {
        var provinces: [Int: String] = [:]
        var structures: [Int: String] = [:]
    }

    static let lifetime: TimeInterval = 60

    private let database: any SQLDatabase
    private var snapshot = Snapshot()
    private var loadedAt: Date?

    init(database: any SQLDatabase) { self.database = database }

    func current(now: Date = Date()) async throws -> Snapshot {
        if let loadedAt, now.timeIntervalSince(loadedAt) < Self.lifetime { return snapshot }
        var fresh = Snapshot()
        for row in try await database.raw("SELECT id, name_fr FROM provinces").all() {
            fresh.provinces[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "name_fr", as: String.self)
        }
        for row in try await database.raw("SELECT id, name FROM structures").all() {
            fresh.structures[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "name", as: String.self)
        }
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
