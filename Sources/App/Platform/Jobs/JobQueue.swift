import Foundation
import SQLKit

/// A job queue in the application's database: no extra service to run, and a job enqueued in a transaction exists
/// exactly when the transaction commits. Workers in any number of processes claim jobs with a lease.
struct JobQueue: Sendable {
    struct ClaimedJob: Sendable, Decodable {
        let id: Int
        let kind: String
        let payload: String
        let attempts: Int
        let max_attempts: Int
    }

    let database: any SQLDatabase
    /// A worker in the serving process writes through the application's SQLite queue, like the requests it runs beside.
    var writeQueue: WriteQueue? = nil

    static let lease: TimeInterval = 300

    static let defaultMaxAttempts = 8

    /// Starts a recurring chain (a job that queues its own next run, `payload` empty) unless a run is waiting or under
    /// way; called at start-up by every instance, so the chain exists once. A run under way when its instance was
    /// stopped is taken over after its lease and queues the next one itself.
    func startChain(kind: String, at time: Date = Date()) async throws {
        try await queueChainRun(kind: kind, at: time, unlessAny: ["queued", "running"])
    }

    /// Queues a chain's next run unless one is already waiting, so two chains (two instances starting at once) merge.
    func continueChain(kind: String, at time: Date) async throws {
        try await queueChainRun(kind: kind, at: time, unlessAny: ["queued"])
    }

    private func queueChainRun(kind: String, at time: Date, unlessAny statuses: [String]) async throws {
        let existing = try await database.raw("""
            SELECT id FROM jobs WHERE kind = \(bind: kind) AND payload = '' AND status IN (\(SQLList(statuses.map { SQLBind($0) })))
            """).first()
        if existing == nil { try await enqueue(kind: kind, payload: "", runAt: time) }
    }

    func enqueue(kind: String, payload: String, runAt: Date = Date(), maxAttempts: Int = defaultMaxAttempts) async throws {
        let now = Date()
        try await database.raw("""
            INSERT INTO jobs (kind, payload, status, run_at, attempts, max_attempts, created_at)
            VALUES (\(bind: kind), \(bind: payload), 'queued', \(bind: runAt), 0, \(bind: maxAttempts), \(bind: now))
            """).run()
    }

    /// Takes up to `limit` of the oldest due jobs (of `kinds`, when given), and those whose worker's lease ran out (the
    /// worker died), in one statement. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets concurrent workers pass each other;
    /// SQLite runs one writer at a time, so the single UPDATE is already atomic there. Oldest first. Queued and expired
    /// jobs are read apart, each from the status index up to `limit`: as one OR, both databases read every job ever run.
    func claim(worker: String, limit: Int = 1, kinds: [String]? = nil, now: Date = Date()) async throws -> [ClaimedJob] {
        let lockClause: SQLQueryString = database.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let ofKinds: SQLQueryString = kinds.map { " AND kind IN (\(SQLList($0.map { SQLBind($0) })))" } ?? ""
        let count: SQLQueryString = "\(unsafeRaw: String(max(1, limit)))"
        let claimed = try await writeQueue.run(on: database) { database in try await database.raw("""
            UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = \(bind: worker),
                   locked_until = \(bind: now.addingTimeInterval(Self.lease))
            WHERE id IN (SELECT id FROM (
                SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE status = 'queued' AND run_at <= \(bind: now)\(ofKinds)
                                        ORDER BY run_at, id LIMIT \(count)\(lockClause)) queued
                UNION ALL
                SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE status = 'running' AND locked_until < \(bind: now)\(ofKinds)
                                        ORDER BY run_at, id LIMIT \(count)\(lockClause)) expired
              ) due ORDER BY run_at, id LIMIT \(count))
            RETURNING id, kind, payload, attempts, max_attempts
            """).all(decoding: ClaimedJob.self) }
        return claimed.sorted { $0.id < $1.id }
    }

    /// Marks jobs done in one statement; a job whose lease passed to another worker is left to that worker.
    func complete(_ jobs: [ClaimedJob], worker: String, now: Date = Date()) async throws {
        guard !jobs.isEmpty else { return }
        try await writeQueue.run(on: database) { database in try await database.raw("""
            UPDATE jobs SET status = 'done', finished_at = \(bind: now), locked_by = NULL, locked_until = NULL, last_error = NULL
            WHERE id IN (\(SQLList(jobs.map { SQLBind($0.id) }))) AND locked_by = \(bind: worker)
            """).run() }
    }

    /// Forgets jobs finished before `cutoff`, a few thousand per statement so no write holds SQLite's lock long.
    /// Failed jobs given up on stay for an operator to read. Returns how many went.
    @discardableResult
    func purgeDone(before cutoff: Date) async throws -> Int {
        let chunk = 5_000
        var purged = 0
        while true {
            let count = try await writeQueue.run(on: database) { database in try await database.raw("""
                DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 'done' AND run_at < \(bind: cutoff)
                                              AND finished_at < \(bind: cutoff) LIMIT \(unsafeRaw: String(chunk)))
                RETURNING id
                """).all().count }
            purged += count
            if count < chunk { return purged }
        }
    }

    /// Retries with exponential back-off (10 s, 20 s, 40 s… capped at an hour); gives up after `max_attempts`.
    func fail(_ job: ClaimedJob, worker: String, error: String, now: Date = Date()) async throws {
        let giveUp = job.attempts >= job.max_attempts
        let delay = min(3600, 10 * pow(2, Double(job.attempts - 1)))
        try await database.raw("""
            UPDATE jobs SET status = \(bind: giveUp ? "dead" : "queued"), run_at = \(bind: now.addingTimeInterval(delay)),
                   locked_by = NULL, locked_until = NULL, last_error = \(bind: String(error.prefix(1000))),
                   finished_at = \(bind: giveUp ? now : nil)
            WHERE id = \(bind: job.id) AND locked_by = \(bind: worker)
            """).run()
    }
}
