import Foundation
import Logging
import SQLKit

/// Runs jobs of known kinds. Several workers (in one process or many) share the queue safely.
struct JobWorker: Sendable {
    /// `now` is the worker's clock, so recurring jobs schedule their next run from it (and tests can move it).
    typealias Handler = @Sendable (_ payload: String, _ now: Date) async throws -> Void

    let queue: JobQueue
    let handlers: [String: Handler]
    let name: String
    let logger: Logger

    /// Runs every due job until none is left; returns how many ran. Tests and the poll loop both use it.
    @discardableResult
    func drain(now: @Sendable () -> Date = Date.init) async throws -> Int {
        var count = 0
        while !Task.isCancelled, let job = try await queue.claim(worker: name, now: now()) {
            count += 1
            await run(job, now: now)
        }
        return count
    }

    func run(_ job: JobQueue.ClaimedJob, now: @Sendable () -> Date = Date.init) async {
        var logger = logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "kind"] = "\(job.kind)"
        do {
            guard let handler = handlers[job.kind] else { throw UnknownJobKind(kind: job.kind) }
            try await handler(job.payload, now())
            try await queue.complete(job, worker: name, now: now())
        } catch {
            logger.warning("job failed (attempt \(job.attempts) of \(job.max_attempts)): \(error)")
            try? await queue.fail(job, worker: name, error: String(describing: error), now: now())
        }
    }

    /// Polls until cancelled. One second between empty polls keeps an idle queue cheap.
    func loop(pollInterval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                if try await drain() == 0 { try await Task.sleep(for: pollInterval) }
            } catch is CancellationError {
                return
            } catch {
                logger.error("job queue unavailable: \(error)")
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }

    struct UnknownJobKind: Error, CustomStringConvertible {
        let kind: String
        var description: String { "no handler for job kind \(kind)" }
    }
}
