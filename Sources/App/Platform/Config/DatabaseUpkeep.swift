import Foundation
import SQLKit
import Vapor

/// Hourly upkeep. SQLite plans well only with statistics on its indexes: without them a lookup by a list of phones
/// walked every live record rather than the phone index. Statistics are gathered again only for a table whose size
/// changed tenfold since (or with an index never analysed), sampling at most a thousand rows per index, one table per
/// write turn: an `ANALYZE` still counts every entry of every index it samples, which at 2,000,000 people held the
/// write lock for a second with a warm cache and past the 10 s busy timeout of other writers with a cold one (a
/// sign-in right after a restart failed). PostgreSQL's autovacuum does this itself. On both databases the job
/// forgets jobs finished long ago: every text message is a job, and a queue keeping them all would grow with every
/// registration of every forum.
enum DatabaseUpkeep {
    static let jobKind = "database_upkeep"
    static let interval: TimeInterval = 3600
    /// How long a finished job stays for inspection; the message it sent keeps its own record in `notifications`.
    static let jobRetention: TimeInterval = 7 * 86_400

    static func schedule(on sql: any SQLDatabase, at time: Date = Date()) async throws {
        try await JobQueue(database: sql).startChain(kind: jobKind, at: time)
    }

    /// `connections`: the process's SQLite readers. The write queue's connection gathers, the readers reload what it
    /// gathered (a connection reads statistics only when it loads the schema). The sampling limit is a connection's
    /// setting, so it is set in the same write turn as the statement it limits.
    static func run(on connections: [any SQLDatabase], writeQueue: WriteQueue?, now: Date) async throws {
        guard let first = connections.first else { return }
        if first.dialect.name == "sqlite" {
            // Mask 0x10013: list (0x01, not run) the ANALYZE of every table (0x10000) due for one (0x02), limited (0x10).
            let statements = try await writeQueue.run(on: first) { sql in
                try await sql.raw("PRAGMA optimize(0x10013)").all().compactMap { row in
                    try row.allColumns.first.map { try row.decode(column: $0, as: String.self) }
                }
            }
            for statement in statements {
                try await writeQueue.run(on: first) { sql in
                    try await sql.raw("PRAGMA analysis_limit = 1000").run()
                    try await sql.raw("\(unsafeRaw: statement)").run()
                }
            }
            if !statements.isEmpty {
                for reader in connections { try await reader.raw("ANALYZE sqlite_schema").run() }
            }
        }
        let jobs = JobQueue(database: first, writeQueue: writeQueue)
        try await jobs.purgeDone(before: now.addingTimeInterval(-jobRetention))
        try await jobs.continueChain(kind: jobKind, at: now.addingTimeInterval(interval))
    }
}

extension Application {
    /// One database handle per SQLite reading connection: Fluent's and the requests' (`SQLiteReaders`), one of each
    /// per event loop; the write queue has its own.
    var databaseConnections: [any SQLDatabase] {
        eventLoopGroup.makeIterator().compactMap { databases.database(logger: logger, on: $0) as? any SQLDatabase } + (sqliteReaders?.all ?? [])
    }
}
