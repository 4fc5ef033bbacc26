import Foundation
import Vapor

/// `maillage work`: job workers in their own process, for deployments that keep web and background work apart.
struct WorkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "workers", help: "Concurrent workers in this process (default 2)") var workers: Int?
        @Flag(name: "once", help: "Run every due job, then exit") var once: Bool
    }

    var help: String { "Runs background jobs (notification delivery, reminders) until stopped." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        if signature.once {
            let count = try await app.jobWorker(name: "\(host):\(pid):once").drain()
            context.console.print("\(count) job(s) run")
            return
        }
        let count = max(1, signature.workers ?? 2)
        context.console.print("Running \(count) job worker(s); stop with Ctrl-C or SIGTERM.")
        let stop = StopSignal()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let worker = app.jobWorker(name: "\(host):\(pid):\(index)")
                group.addTask { await worker.loop() }
            }
            group.addTask {
                await stop.wait()
            }
            await group.next()
            group.cancelAll()
        }
    }
}

/// Resolves when the process receives SIGINT or SIGTERM, so workers finish the job in hand and stop.
final class StopSignal: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { if once.claim() { continuation.resume() } }
                source.resume()
                sources.append(source)
            }
        }
    }
}

final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
