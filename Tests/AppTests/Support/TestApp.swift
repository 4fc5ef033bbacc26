import Fluent
import Foundation
import SQLKit
import XCTVapor
@testable import App

/// Where the suite runs: a fresh SQLite file per test, or, with `TEST_DATABASE_URL`, a PostgreSQL database
/// that is wiped before each test (so it must be a throwaway one on this machine).
enum TestDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        let host = URLComponents(string: url)?.host ?? ""
        precondition(["127.0.0.1", "localhost", "::1"].contains(host), "TEST_DATABASE_URL must point to this machine; it is wiped by every test")
        return url
    }

    static var isPostgres: Bool { postgresURL != nil }
}

/// Builds an application on a fresh database (demo data loaded unless `demo: false`), runs `body`, shuts it down.
func withApp(demo: Bool = true, environment extra: [String: String] = [:], _ body: (Application) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    var environment = ["MAILLAGE_DATA_DIR": directory.path, "MAILLAGE_SECRET": String(repeating: "test-secret-", count: 4)]
    if let url = TestDatabase.postgresURL { environment["DATABASE_URL"] = url }
    environment.merge(extra) { _, new in new }
    let config = try AppConfig.load(environment)

    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config, serveLifecycle: false)
        // With a gateway URL the test talks to a real HTTP sink; otherwise messages are recorded in memory.
        if config.notifyURL == nil { app.notificationTransport = RecordingTransport() }
        if TestDatabase.isPostgres {
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.prepareDatabase()
        if demo { try await DemoData.seed(app) }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

extension Application {
    var sql: any SQLDatabase { db as! any SQLDatabase }

    var recorder: RecordingTransport { notificationTransport as! RecordingTransport }

    /// Runs every due job now, as a worker process would.
    @discardableResult
    func runJobs(at time: Date = Date()) async throws -> Int {
        try await jobWorker(name: "test").drain(now: { time })
    }

    /// Counts rows, after writing the audit entries this instance still holds, as the audit page does.
    func count(_ table: String, where condition: SQLQueryString = "1 = 1") async throws -> Int {
        try await auditBuffer.flush()
        var query: SQLQueryString = "SELECT COUNT(*) AS n FROM \(ident: table) WHERE "
        query.appendInterpolation(condition)
        return try await sql.raw(query).first()!.decode(column: "n", as: Int.self)
    }

    /// Headers of an API client holding a fresh token for the user's first membership, sending JSON.
    func apiHeaders(for email: String) async throws -> HTTPHeaders {
        let user = try unwrap(try await User.query(on: db).filter(\.$email == email).with(\.$memberships).first())
        let accounts = AccountsService(database: db, hasher: password.async(on: threadPool, hopTo: eventLoopGroup.next()))
        let (_, token) = try await accounts.createToken(name: "test", membershipID: try user.memberships[0].requireID(), createdBy: try user.requireID())
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        headers.contentType = .json
        return headers
    }

    func id(of table: String, where condition: SQLQueryString) async throws -> Int? {
        var query: SQLQueryString = "SELECT id FROM \(ident: table) WHERE "
        query.appendInterpolation(condition)
        return try await sql.raw(query).first()?.decode(column: "id", as: Int.self)
    }
}

extension JSONDecoder {
    /// Reads the API's JSON: ISO 8601 dates.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// The notification gateway in tests: keeps what was sent; can be told to fail.
actor RecordingTransport: NotificationTransport {
    private(set) var sent: [OutgoingNotification] = []
    var failuresToSimulate = 0

    func deliver(_ notification: OutgoingNotification) async throws {
        if failuresToSimulate > 0 {
            failuresToSimulate -= 1
            throw URLError(.cannotConnectToHost)
        }
        sent.append(notification)
    }

    func failNext(_ count: Int) { failuresToSimulate = count }

    func lastCode(for phone: String) -> String? { sent.last { $0.to == phone }?.data["code"] }
}
