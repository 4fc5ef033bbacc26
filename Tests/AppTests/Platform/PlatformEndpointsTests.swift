import Foundation
import XCTVapor
@testable import App

final class PlatformEndpointsTests: XCTestCase {
    func testProbesMetricsAndTheAPIDocument() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            expectEqual(try await browser.get("/healthz").status, .ok)
            let ready = try await browser.get("/readyz")
            XCTAssertEqual(ready.status, .ok)
            XCTAssertEqual(ready.body.string, "ready")
            let metrics = try await browser.get("/metrics")
            XCTAssertTrue(metrics.body.string.contains("http_requests_total"), "Vapor's request counter is exported")
            let document = try await browser.get("/api/v1/openapi.json")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: document.body)) as? [String: Any])
            XCTAssertEqual(json["openapi"] as? String, "3.0.3")
            let paths = try XCTUnwrap(json["paths"] as? [String: Any])
            XCTAssertNotNil(paths["/api/v1/beneficiaries/{id}"])
        }
    }

    /// A request still running while the server stops reads its configuration; it used to stop the process instead.
    func testTheConfigurationOutlivesShutdownForRequestsInFlight() async throws {
        var stopped: Application?
        try await withApp(demo: false) { stopped = $0 }
        XCTAssertFalse(try unwrap(stopped).config.baseURL.absoluteString.isEmpty)
    }

    func testReadinessFailsWhenMigrationsArePending() async throws {
        try await withApp(demo: false) { app in
            try await app.sql.raw("DELETE FROM _fluent_migrations WHERE name LIKE '%CreateBeneficiaries'").run()
            let response = try await TestBrowser(app).get("/readyz")
            XCTAssertEqual(response.status, .serviceUnavailable)
            XCTAssertTrue(response.body.string.contains("migrations pending: 1"))
        }
    }

    func testSecurityHeadersAndTheFingerprintedStylesheet() async throws {
        try await withApp(demo: false) { app in
            let browser = TestBrowser(app)
            let page = try await browser.get("/login")
            XCTAssertEqual(page.headers.first(name: "X-Frame-Options"), "DENY")
            XCTAssertTrue(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") ?? false)
            XCTAssertNotNil(page.headers.first(name: "X-Request-Id"))
            let cookie = try XCTUnwrap(page.headers.setCookie?[CSRFMiddleware.cookieName])
            XCTAssertTrue(cookie.isHTTPOnly)
            XCTAssertEqual(cookie.sameSite, .lax)
            let css = try await browser.get(Assets.stylesheetPath)
            XCTAssertEqual(css.status, .ok)
            XCTAssertTrue(css.headers.first(name: .cacheControl)?.contains("immutable") ?? false)
            XCTAssertTrue(css.body.string.contains("margin-inline"), "one stylesheet with logical properties serves both directions")
            expectEqual(try await browser.get("/assets/app.000000000000.css").status, .notFound)
        }
    }

    func testErrorsArePagesForPeopleAndJSONForTheAPI() async throws {
        try await withApp(demo: false) { app in
            let browser = TestBrowser(app)
            let page = try await browser.get("/no/such/page")
            XCTAssertEqual(page.status, .notFound)
            XCTAssertTrue(page.body.string.contains("<html lang=\"fr\""))
            XCTAssertTrue(page.body.string.contains("role=\"alert\""))

            let api = try await browser.get("/api/v1/beneficiaries")
            XCTAssertEqual(api.status, .unauthorized)
            let body = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: api.body))
            XCTAssertEqual(body.error.code, "unauthorized")
            XCTAssertFalse(body.error.message.isEmpty)

            browser.acceptLanguage = "ar"
            let arabic = try await browser.get("/api/v1/nothing-here")
            let arabicBody = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: arabic.body))
            XCTAssertTrue(arabicBody.error.message.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) })
        }
    }

    func testResponsesAreCompressedAndEntrepreneurPagesAreLight() async throws {
        try await withApp { app in
            let tester = try app.testable(method: .running(hostname: "127.0.0.1", port: 0))
            var headers = HTTPHeaders()
            headers.add(name: .acceptEncoding, value: "gzip")
            var total = 0
            for path in ["/phone", Assets.stylesheetPath] {
                let response = try await tester.sendRequest(.GET, path, headers: headers)
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers.first(name: .contentEncoding), "gzip", path)
                total += response.body.readableBytes
            }
            XCTAssertLessThan(total, 30 * 1024, "the phone sign-in page with its CSS must stay under 30 KB compressed")
        }
    }
}
