import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLKit
import Vapor

/// The SQLite connections requests read through (`req.sql`): one per event loop, as Fluent keeps, but reached
/// through the connections' direct calls (`DirectSQLite`), so a statement costs one trip to a thread-pool thread
/// and back rather than a further trip through the event loop for its result and for each of its rows. Fluent's
/// own connections stay for Fluent's models and transactions.
final class SQLiteReaders: Sendable {
    private let connections: [DirectSQLite]

    private init(connections: [DirectSQLite]) { self.connections = connections }

    static func open(path: String, on group: any EventLoopGroup, logger: Logger) async throws -> SQLiteReaders {
        var connections: [DirectSQLite] = []
        for eventLoop in group.makeIterator() {
            connections.append(try await DirectSQLite.open(path: path, threadPool: .singleton, on: eventLoop, logger: logger))
        }
        return SQLiteReaders(connections: connections)
    }

    var all: [any SQLDatabase] { connections }

    /// The connection of the event loop a request runs on, so the requests of one loop share one connection.
    func database(on eventLoop: any EventLoop) -> DirectSQLite {
        connections.first { $0.eventLoop === eventLoop } ?? connections[0]
    }

    func close() async throws {
        for connection in connections { try await connection.connection.close() }
    }
}

/// Closes the readers when the application stops.
struct SQLiteReadersLifecycle: LifecycleHandler {
    let readers: SQLiteReaders

    func shutdownAsync(_ app: Application) async {
        do { try await readers.close() } catch { app.logger.error("closing SQLite's reading connections: \(error)") }
    }
}

extension Application {
    private struct SQLiteReadersKey: StorageKey { typealias Value = SQLiteReaders }

    /// Set on SQLite by `configure`.
    var sqliteReaders: SQLiteReaders? {
        get { storage[SQLiteReadersKey.self] }
        set { storage[SQLiteReadersKey.self] = newValue }
    }
}
