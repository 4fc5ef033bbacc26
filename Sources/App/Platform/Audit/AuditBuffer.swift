import Foundation
import Logging
import SQLKit
import Vapor

/// Reads of personal data happen on nearly every staff page; writing each one as it happens made every list view
/// wait for a database commit (a serialised write on SQLite, a WAL flush on PostgreSQL) and capped throughput at about
/// a thousand pages a second. Reads are collected here and written in multi-row batches every 200 ms, on graceful
/// shutdown, and before the audit log is shown. A hard crash can lose at most the last batch of *read* entries;
/// changes to personal data are never buffered.
actor AuditBuffer {
    static let interval: Duration = .milliseconds(200)
    static let batchSize = 500
    /// A database outage must not grow memory without bound: past this, the oldest pending entries are dropped and logged.
    static let capacity = 200_000

    private var pending: [(entry: AuditEntry, at: Date)] = []
    /// The last flush started: each flush waits for the one before it, so flushes never overlap and "flushed"
    /// always means "in the database".
    private var inFlight: Task<Void, any Error>?
    private let database: any SQLDatabase
    private let logger: Logger

    init(database: any SQLDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    func add(_ entry: AuditEntry, at time: Date = Date()) {
        pending.append((entry, time))
        if pending.count > Self.capacity {
            logger.error("audit buffer full; dropping \(pending.count - Self.capacity) oldest read entries")
            pending.removeFirst(pending.count - Self.capacity)
        }
    }

    /// Writes everything pending, after any flush already under way. On failure the entries stay pending.
    func flush() async throws {
        guard !pending.isEmpty || inFlight != nil else { return }
        // Chained, not polled: a caller looping on `inFlight` could keep the actor from ever clearing it.
        let previous = inFlight
        let task = Task {
            _ = try? await previous?.value
            try await self.writePending()
        }
        inFlight = task
        defer { if inFlight == task { inFlight = nil } }
        try await task.value
    }

    private func writePending() async throws {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.batchSize))
            pending.removeFirst(batch.count)
            do {
                try await AuditLog.record(batch, on: database)
            } catch {
                pending.insert(contentsOf: batch, at: 0)
                throw error
            }
        }
    }

    func loop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.interval)
            do { try await flush() } catch { logger.error("audit entries not written yet: \(error)") }
        }
    }
}

/// Starts the flushing task with the application and writes what is left when it stops.
struct AuditBufferLifecycle: LifecycleHandler {
    private final class TaskBox: @unchecked Sendable { var task: Task<Void, Never>? }
    private let box = TaskBox()

    func didBootAsync(_ app: Application) async throws {
        let buffer = app.auditBuffer
        box.task = Task { await buffer.loop() }
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        await box.task?.value
        do { try await app.auditBuffer.flush() } catch { app.logger.error("audit entries lost at shutdown: \(error)") }
    }
}

extension Application {
    private struct AuditBufferKey: StorageKey { typealias Value = AuditBuffer }

    var auditBuffer: AuditBuffer {
        if let buffer = storage[AuditBufferKey.self] { return buffer }
        let buffer = AuditBuffer(database: db as! any SQLDatabase, logger: logger)
        storage[AuditBufferKey.self] = buffer
        return buffer
    }
}
