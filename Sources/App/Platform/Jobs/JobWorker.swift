import Foundation
import Logging
import SQLKit

/// Runs jobs of known kinds. Several workers (in one process or many) share the queue safely. Small jobs of kinds run
/// as a group (a text message per registration) are claimed and marked done in groups, so a burst of them costs a few
/// writes per group rather than two per job.
struct JobWorker: Sendable {
    /// `now` is the worker's clock, so recurring jobs schedule their next run from it (and tests can move it).
    typealias Handler = @Sendable (_ payload: String, _ now: Date) async throws -> Void
    /// Runs several jobs of one kind together (sharing their reads and writes): one outcome per payload, in order.
    typealias BatchHandler = @Sendable (_ payloads: [String], _ now: Date) async -> [Result<Void, any Error>]

    let queue: JobQueue
    let handlers: [String: Handler]
    var batchHandlers: [String: BatchHandler] = [:]
    let name: String
    let logger: Logger
    /// How many jobs of the grouped kinds one claim takes.
    var claimSize = 64

    /// Runs every due job until none is left; returns how many ran. Tests and the poll loop both use it.
    @discardableResult
    func drain(now: @Sendable () -> Date = Date.init) async throws -> Int {
        var count = 0
        while !Task.isCancelled {
            // Only kinds run as a group are claimed many at a time: a job of another kind may run long (a campaign),
            // and jobs claimed behind it would outlive their lease and run twice. One job of any kind joins each group.
            var jobs = batchHandlers.isEmpty ? [] : try await queue.claim(worker: name, limit: claimSize, kinds: batchHandlers.keys.sorted(), now: now())
            jobs += try await queue.claim(worker: name, now: now())
            if jobs.isEmpty { break }
            count += jobs.count
            await run(jobs, now: now)
        }
        return count
    }

    /// Runs claimed jobs, a kind at a time, then marks the successes done together and each failure apart.
    func run(_ jobs: [JobQueue.ClaimedJob], now: @Sendable () -> Date = Date.init) async {
        var done: [JobQueue.ClaimedJob] = []
        var failed: [(JobQueue.ClaimedJob, any Error)] = []
        for kind in Set(jobs.map(\.kind)).sorted() {
            let group = jobs.filter { $0.kind == kind }
            let outcomes: [Result<Void, any Error>]
            if let batch = batchHandlers[kind] {
                outcomes = await batch(group.map(\.payload), now())
            } else if let handler = handlers[kind] {
                var each: [Result<Void, any Error>] = []
                for job in group {
                    do { try await handler(job.payload, now()); each.append(.success(())) } catch { each.append(.failure(error)) }
                }
                outcomes = each
            } else {
                outcomes = group.map { _ in .failure(UnknownJobKind(kind: kind)) }
            }
            for (job, outcome) in zip(group, outcomes) {
                if case .failure(let error) = outcome { failed.append((job, error)) } else { done.append(job) }
            }
        }
        do {
            try await queue.complete(done, worker: name, now: now())
        } catch {
            logger.warning("could not mark \(done.count) jobs done (they will run again after their lease): \(error)")
        }
        for (job, error) in failed {
            var logger = logger
            logger[metadataKey: "job"] = "\(job.id)"
            logger[metadataKey: "kind"] = "\(job.kind)"
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
