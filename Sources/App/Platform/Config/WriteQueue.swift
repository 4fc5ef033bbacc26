import FluentKit
import NIOCore
import Vapor

/// SQLite lets one connection write at a time, and a second writer waits in SQLite's busy handler, which sleeps in
/// steps growing to 100 ms: under a burst, most of a request's time went to those sleeps. Hot write paths queue here
/// instead, in arrival order, and take the lock the moment it is free. PostgreSQL locks rows, so it has no queue.
actor WriteQueue {
    private var busy = false
    private var waiting = CircularBuffer<CheckedContinuation<Void, Never>>()

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
    /// Through the queue when there is one (SQLite), directly otherwise.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if let queue = self { try await queue.run(body) } else { try await body() }
    }

    /// A transaction that starts when the writes queued before it are done.
    func transaction<T: Sendable>(on database: any Database, _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        try await run { try await database.transaction(body) }
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
