import SQLKit
import Vapor

/// Probes for load balancers and orchestrators, and the metrics scrape.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz") { _ in "ok" }
        routes.get("readyz", use: ready)
        routes.get("metrics") { _ -> Response in
            let response = Response(status: .ok, body: .init(string: AppMetrics.text()))
            response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
            return response
        }
        // The ceiling for benchmarks: the cheapest response the stack can give.
        routes.get("bench", "plaintext") { _ in "Hello, World!" }
    }

    /// Ready when the database answers and every migration this build knows has run.
    func ready(req: Request) async throws -> Response {
        do {
            let applied = try await req.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self) ?? 0
            guard applied >= MigrationList.all.count else {
                return Response(status: .serviceUnavailable, body: .init(string: "migrations pending: \(MigrationList.all.count - applied)"))
            }
            return Response(status: .ok, body: .init(string: "ready"))
        } catch {
            req.logger.warning("readiness check failed: \(error)")
            return Response(status: .serviceUnavailable, body: .init(string: "database unavailable"))
        }
    }
}
