import Crypto
import Foundation
import XCTVapor
@testable import App

/// The notification gateway as a real HTTP server on 127.0.0.1, answering as told.
final class GatewaySink: @unchecked Sendable {
    struct Received { let headers: HTTPHeaders; let body: Data }

    private let lock = NSLock()
    private var _received: [Received] = []
    private var failures = 0
    let app: Application
    private(set) var port = 0

    var received: [Received] { lock.withLock { _received } }
    func fail(next count: Int) { lock.withLock { failures = count } }

    init() async throws {
        app = try await Application.make(.testing)
        app.post("notify") { [unowned self] request -> HTTPStatus in
            let body = Data(buffer: request.body.data ?? ByteBuffer())
            return lock.withLock {
                _received.append(Received(headers: request.headers, body: body))
                if failures > 0 {
                    failures -= 1
                    return .serviceUnavailable
                }
                return .accepted
            }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        port = app.http.server.shared.localAddress?.port ?? 0
    }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

final class OutboxTests: XCTestCase {
    func testMessagesReachTheGatewaySignedAndAreRetriedButNeverSentTwice() async throws {
        let sink = try await GatewaySink()
        let secret = "gateway-shared-secret-0123456789"
        do {
            try await withApp(environment: ["MAILLAGE_NOTIFY_URL": "http://127.0.0.1:\(sink.port)/notify", "MAILLAGE_NOTIFY_SECRET": secret]) { app in
                sink.fail(next: 1)
                let id = try await Outbox(database: app.sql).enqueue(channel: .sms, to: "+212612345678", template: "login_code", language: .ar, data: ["code": "123456"])
                let start = Date()
                expectEqual(try await app.runJobs(at: start), 1)
                XCTAssertEqual(sink.received.count, 1, "first attempt reached the gateway, which refused it")
                expectEqual(try await app.count("notifications", where: "id = \(bind: id) AND status = 'failed'"), 1)
                expectEqual(try await app.runJobs(at: start), 0, "the retry waits for its back-off")
                expectEqual(try await app.runJobs(at: start.addingTimeInterval(60)), 1)
                XCTAssertEqual(sink.received.count, 2)
                expectEqual(try await app.count("notifications", where: "id = \(bind: id) AND status = 'sent'"), 1)
                expectEqual(try await app.runJobs(at: start.addingTimeInterval(7200)), 0)
                // A repeated delivery job (say, a worker that died after sending) must not send again.
                try await JobQueue(database: app.sql).enqueue(kind: Outbox.jobKind, payload: id, runAt: start)
                expectEqual(try await app.runJobs(at: start.addingTimeInterval(7200)), 1)
                XCTAssertEqual(sink.received.count, 2)

                let delivered = try XCTUnwrap(sink.received.last)
                XCTAssertEqual(delivered.headers.first(name: "Idempotency-Key"), id)
                let timestamp = try XCTUnwrap(delivered.headers.first(name: "X-Maillage-Timestamp"))
                var signed = Data(timestamp.utf8)
                signed.append(UInt8(ascii: "."))
                signed.append(delivered.body)
                let expected = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Array(secret.utf8)))
                    .map { String(format: "%02x", $0) }.joined()
                XCTAssertEqual(delivered.headers.first(name: "X-Maillage-Signature"), "sha256=" + expected)
                let message = try JSONDecoder().decode(OutgoingNotification.self, from: delivered.body)
                XCTAssertEqual(message.to, "+212612345678")
                XCTAssertEqual(message.data["code"], "123456")
                XCTAssertTrue(message.body.contains("123456") && message.body.contains("رمز"))
            }
        } catch {
            try await sink.stop()
            throw error
        }
        try await sink.stop()
    }

    /// A burst's text messages go out a few at a time: each reaches the gateway once, and the few it refuses are
    /// retried later without the others being sent again.
    func testABurstOfMessagesIsSentOnceEachAndRefusalsAreRetriedAlone() async throws {
        let sink = try await GatewaySink()
        do {
            try await withApp(demo: false, environment: ["MAILLAGE_NOTIFY_URL": "http://127.0.0.1:\(sink.port)/notify"]) { app in
                let messages = (0..<150).map { index in
                    Outbox.Message(channel: .sms, to: String(format: "+2126%08d", index), template: "login_code", language: .fr, data: ["code": String(index)])
                }
                try await Outbox(database: app.sql).enqueue(messages)
                sink.fail(next: 3)
                let start = Date()
                expectEqual(try await app.runJobs(at: start), 150)
                expectEqual(try await app.count("notifications", where: "status = 'sent'"), 147)
                expectEqual(try await app.count("notifications", where: "status = 'failed' AND attempts = 1"), 3)
                expectEqual(try await app.runJobs(at: start.addingTimeInterval(60)), 3)
                expectEqual(try await app.count("notifications", where: "status = 'sent'"), 150)
                let keys = sink.received.compactMap { $0.headers.first(name: "Idempotency-Key") }
                XCTAssertEqual(keys.count, 153, "150 messages and 3 retries")
                XCTAssertEqual(Set(keys).count, 150)
            }
        } catch {
            try await sink.stop()
            throw error
        }
        try await sink.stop()
    }

    func testWithoutAGatewayMessagesAreListedOnTheDevelopmentOutbox() async throws {
        try await withApp { app in
            try await Outbox(database: app.sql).enqueue(channel: .sms, to: "+212700000000", template: "login_code", language: .fr, data: ["code": "654321"])
            try await app.runJobs()
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let page = try await admin.get("/dev/outbox")
            XCTAssertTrue(page.body.string.contains("654321"))
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/dev/outbox").status, .forbidden)
        }
    }
}
