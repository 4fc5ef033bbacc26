import XCTVapor
@testable import App

/// Two application instances on one database behave as one: nothing that matters lives in a process.
final class SeveralInstancesTests: XCTestCase {
    func testSessionsCodesAndLimitsHoldAcrossInstances() async throws {
        try await withApp { first in
            let second = try await Application.make(.testing)
            do {
                try await configure(second, config: first.config, serveLifecycle: false)
                second.notificationTransport = first.notificationTransport
                try await DatabaseSetup.prepareSQLite(second)

                let onFirst = TestBrowser(first)
                try await onFirst.signIn("advisor.casa@demo.maillage.ma")
                let onSecond = TestBrowser(second)
                for (name, value) in onFirst.cookies { onSecond.setCookie(name, value) }
                expectTrue(try await onSecond.get("/dashboard").body.string.contains("Youssef El Amrani"), "a session opened on one instance is valid on the other")

                // A code asked for on one instance is accepted by the other, and the per-number limit is shared.
                let entrepreneur = TestBrowser(first)
                expectEqual(try await entrepreneur.post("/phone", ["phone": "0612345678"]).status, .seeOther)
                try await first.runJobs()
                let code = try unwrap(await first.recorder.lastCode(for: DemoData.entrepreneurPhone))
                let elsewhere = TestBrowser(second)
                expectEqual(try await elsewhere.post("/phone/verify", ["phone": DemoData.entrepreneurPhone, "code": code]).status, .seeOther)
                for _ in 1..<RateLimiter.Rule.codeRequestPerPhone.limit {
                    expectEqual(try await entrepreneur.post("/phone", ["phone": "0612345678"]).status, .seeOther)
                }
                expectEqual(try await elsewhere.post("/phone", ["phone": "0612345678"]).status, .tooManyRequests)
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }
}
