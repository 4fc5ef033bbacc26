import Foundation
import SQLKit
import Vapor

/// Hourly upkeep. SQLite plans well only with statistics on its indexes: without them a lookup by a list of phones
/// walked every live record rather than the phone index, so the job gathers them afresh, sampling at most a thousand
/// rows per index so a registry of millions costs milliseconds (PostgreSQL's autovacuum does this itself). On both
/// databases it forgets jobs finished long ago: every text message is a job, and a queue keeping them all would grow
/// with every registration of every forum.
enum DatabaseUpkeep {
    static let jobKind = "database_upkeep"
    static let interval: TimeInterval = 3600
    /// How long a finished job stays for inspection; the message it sent keeps its own record in `notifications`.
    static let jobRetention: TimeInterval = 7 * 86_400

    static func schedule(on sql: any SQLDatabase, at time: Date = Date()) async throws {
        try await JobQueue(database: sql).startChain(kind: jobKind, at: time)
    }

    /// `connections`: the process's SQLite readers. The write queue's connection gathers, the readers reload what it
    /// gathered (a connection reads statistics only when it loads the schema). The limit is a connection's setting:
    /// sent through a pool, it could reach another connection than the `ANALYZE`, which then read every row of every
    /// index (15 s at 2,000,000 people, with every other write waiting and failing after its busy timeout).
    static func run(on connections: [any SQLDatabase], writeQueue: WriteQueue?, now: Date) async throws {
        guard let first = connections.first else { return }
        if first.dialect.name == "sqlite" {
            try await writeQueue.run(on: first) { sql in
                try await sql.raw("PRAGMA analysis_limit = 1000").run()
                try await sql.raw("ANALYZE").run()
            }
            for reader in connections { try await reader.raw("ANALYZE sqlite_schema").run() }
        }
        let jobs = JobQueue(database: first, writeQueue: writeQueue)
        try await jobs.purgeDone(before: now.addingTimeInterval(-jobRetention))
        try await jobs.enqueue(kind: jobKind, payload: "", runAt: now.addingTimeInterval(interval))
    }
}

extension Application {
    /// One database handle per SQLite reading connection: Fluent's and the requests' (`SQLiteReaders`), one of each
    /// per event loop; the write queue has its own.
    var databaseConnections: [any SQLDatabase] {
        eventLoopGroup.makeIterator().compactMap { databases.database(logger: logger, on: $0) as? any SQLDatabase } + (sqliteReaders?.all ?? [])
    }
}
