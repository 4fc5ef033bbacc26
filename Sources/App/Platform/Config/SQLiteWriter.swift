import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLKit

/// SQLite's one write connection, opened by the product rather than taken from Fluent's pool, with a thread of its
/// own. Through Fluent each statement went from the task to the shared thread pool, from there to an event loop (once
/// more for every row returned) and back: under a burst, those hops, each waiting for a busy core, were most of the
/// time a batch held the write lock. The connection's own async calls run a statement on its thread and resume the
/// caller from there, and no reader's statement queues in front of the writer's.
actor SQLiteWriter {
    private let path: String
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let threadPool = NIOThreadPool(numberOfThreads: 1)
    private var started = false
    private var opened: DirectSQLite?

    init(path: String, eventLoop: any EventLoop, logger: Logger) {
        self.path = path
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// The connection, opened on first use with the settings of Fluent's connections.
    func database() async throws -> DirectSQLite {
        if let opened { return opened }
        if !started {
            threadPool.start()
            started = true
        }
        let database = try await DirectSQLite.open(path: path, threadPool: threadPool, on: eventLoop, logger: logger)
        opened = database
        return database
    }

    func close() async throws {
        try await opened?.connection.close()
        opened = nil
        if started {
            try await threadPool.shutdownGracefully()
            started = false
        }
    }
}

/// One SQLite connection as SQLKit's database and as SQLiteNIO's, so native statements (`nativeRows`, bulk inserts)
/// reach the connection's direct calls.
struct DirectSQLite: SQLDatabase, SQLiteDatabase {
    let connection: SQLiteConnection
    private let sql: any SQLDatabase

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        sql = connection.sql()
    }

    /// A connection to the file with the settings of Fluent's connections.
    static func open(path: String, threadPool: NIOThreadPool, on eventLoop: any EventLoop, logger: Logger) async throws -> DirectSQLite {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
        for pragma in ["PRAGMA foreign_keys = ON"] + DatabaseSetup.connectionPragmas { _ = try await connection.query(pragma) }
        return DirectSQLite(connection)
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        connection.query(query, binds, logger: logger, onRow)
    }

    func query(_ query: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        try await connection.query(query, binds, onRow)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(connection) }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T { try await closure(connection) }

    /// `BEGIN IMMEDIATE`: the write lock is taken at the start, so nothing read inside can be changed by another
    /// process (the job worker) before the first write.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
    }
}
