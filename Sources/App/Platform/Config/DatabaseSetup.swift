import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

enum DatabaseSetup {
    static func use(_ config: AppConfig, on app: Application) throws {
        switch config.database {
        case .sqlite(let path):
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
            let writer = SQLiteWriter(path: path, eventLoop: app.eventLoopGroup.any(), logger: app.logger)
            app.writeQueue = WriteQueue(writer: writer)
            app.lifecycle.use(SQLiteWriterLifecycle(writer: writer))
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            // Two connections in all (the driver's default on two cores) starve concurrent readers.
            let perLoop = max(1, config.databasePoolSize / max(1, System.coreCount))
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: perLoop, sqlLogLevel: .debug), as: .psql)
        }
    }

    /// SQLite: Fluent keeps one connection per event loop, the requests one more per loop (`SQLiteReaders`) and the
    /// write queue its own (`SQLiteWriter`); the last two apply these when they open. Each gets a busy timeout
    /// (several connections may write at once), relaxed fsync, which WAL makes safe against corruption (WAL itself is
    /// a property of the file), the file mapped (up to SQLite's 2 GB limit) so index pages are read without a copy,
    /// 64 MB of page cache, and its temporary tables and statement journals in memory (a batch's multi-row insert
    /// spilled its journal to a file).
    static let connectionPragmas = [
        "PRAGMA busy_timeout = 10000", "PRAGMA synchronous = NORMAL", "PRAGMA mmap_size = 2147418112", "PRAGMA cache_size = -65536",
        "PRAGMA temp_store = MEMORY",
    ]

    static func prepareSQLite(_ app: Application) async throws {
        guard case .sqlite = app.config.database else { return }
        let first = app.db as! any SQLDatabase
        try await first.raw("PRAGMA journal_mode = WAL").run()
        for database in app.databaseConnections {
            for pragma in connectionPragmas { try await database.raw(SQLQueryString(pragma)).run() }
        }
    }
}

/// Closes the write connection and stops its thread when the application stops.
struct SQLiteWriterLifecycle: LifecycleHandler {
    let writer: SQLiteWriter

    func shutdownAsync(_ app: Application) async {
        do { try await writer.close() } catch { app.logger.error("closing SQLite's write connection: \(error)") }
    }
}
