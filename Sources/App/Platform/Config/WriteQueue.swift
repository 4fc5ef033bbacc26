import FluentKit
import NIOCore
import SQLKit
import Vapor

/// SQLite lets one connection write at a time, and a second writer waits in SQLite's busy handler, which sleeps in
/// steps growing to 100 ms: under a burst, most of a request's time went to those sleeps. Hot write paths queue here
/// instead, in arrival order, and take the lock the moment it is free. PostgreSQL locks rows, so it has no queue.
actor WriteQueue {
    /// The application's queue writes on a connection of its own: SQLite's driver keeps one connection per event loop,
    /// and a transaction holding it, even while it waits between statements, would hold up every read of the
    /// requests on that loop. Readers go on beside it (WAL).
    nonisolated let writer: SQLiteWriter?
    private var busy = false
    private var waiting = CircularBuffer<CheckedContinuation<Void, Never>>()

    init(writer: SQLiteWriter? = nil) { self.writer = writer }

    /// Runs `body` once the writes queued before it are done.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { next() }
        return try await body()
    }

    private func next() {
        if let first = waiting.popFirst() { first.resume() } else { busy = false }
    }
}

extension Optional where Wrapped == WriteQueue {
    /// How many batches a `WriteBatcher` may write at once: SQLite's queue writes one at a time; on PostgreSQL one
    /// batch's round trips leave the server idle that another can use.
    var batchWriters: Int { self == nil ? 2 : 1 }

    /// Through the queue, on its writer when it has one (SQLite); directly on `database` otherwise. `database` must not
    /// be in a transaction of its own: the write may go to another connection.
    func run<T: Sendable>(on database: any SQLDatabase, _ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        guard let queue = self else { return try await body(database) }
        return try await queue.run { try await body(try await queue.writer?.database() ?? database) }
    }

    /// A transaction that starts when the writes queued before it are done, on the queue's writer when it has one.
    func transaction<T: Sendable>(on database: any Database, _ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        guard let queue = self else { return try await database.transaction { try await body($0 as! any SQLDatabase) } }
        return try await queue.run {
            if let writer = try await queue.writer?.database() { return try await writer.transaction(body) }
            return try await database.transaction { try await body($0 as! any SQLDatabase) }
        }
    }
}

extension Application {
    private struct WriteQueueKey: StorageKey { typealias Value = WriteQueue }

    /// Set when the database is SQLite, by `DatabaseSetup`.
    var writeQueue: WriteQueue? {
        get { storage[WriteQueueKey.self] }
        set { storage[WriteQueueKey.self] = newValue }
    }
}
