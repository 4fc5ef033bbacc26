import SQLKit
import Vapor

/// What `maillage serve` does around the HTTP server: migrate, load demo data on first start, and run job workers
/// in-process (`MAILLAGE_WORKERS`, 0 when a separate `maillage work` process does it).
struct ServeLifecycle: LifecycleHandler {
    private final class Tasks: @unchecked Sendable {
        var running: [Task<Void, Never>] = []
    }

    private let tasks = Tasks()

    private func isServing(_ app: Application) -> Bool {
        let command = app.environment.arguments.dropFirst().first
        return command == nil || command == "serve" || command?.hasPrefix("-") == true
    }

    func willBootAsync(_ app: Application) async throws {
        guard isServing(app) else { return }
        try await app.prepareDatabase()
        if app.config.demoData { try await DemoData.seed(app) }
        try await ReferralReminders.schedule(on: app.db as! any SQLDatabase)
        try await MeasureSubscriptions.schedule(on: app.db as! any SQLDatabase)
        try await ForumOffers.schedule(on: app.db as! any SQLDatabase)
        try await DatabaseUpkeep.schedule(on: app.db as! any SQLDatabase)
    }

    func didBootAsync(_ app: Application) async throws {
        guard isServing(app), app.config.inProcessWorkers > 0 else { return }
        let host = ProcessInfo.processInfo.hostName
        for index in 0..<app.config.inProcessWorkers {
            let worker = app.jobWorker(name: "\(host):\(ProcessInfo.processInfo.processIdentifier):\(index)")
            tasks.running.append(Task { await worker.loop() })
        }
    }

    func shutdownAsync(_ app: Application) async {
        for task in tasks.running { task.cancel() }
        for task in tasks.running { await task.value }
        tasks.running = []
    }
}
