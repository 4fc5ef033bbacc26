import XCTVapor
@testable import App

final class StaffSignInTests: XCTestCase {
    func testSignInShowsTheDashboardAndSignOutEndsTheSession() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            let dashboard = try await browser.get("/dashboard")
            XCTAssertTrue(dashboard.body.string.contains("data-testid=\"user-name\">Youssef El Amrani"))
            expectEqual(try await app.count("web_sessions"), 1)
            expectEqual(try await app.count("audit_entries", where: "action = 'sign_in'"), 1)

            let session = try XCTUnwrap(browser.cookies[AuthenticationMiddleware.sessionCookie])
            expectEqual(try await app.count("web_sessions", where: "id = \(bind: session)"), 0, "only a hash of the session id is stored")

            expectEqual(try await browser.post("/logout", [:]).status, .seeOther)
            expectEqual(try await app.count("web_sessions"), 0)
            let after = try await browser.get("/dashboard")
            XCTAssertEqual(after.status, .seeOther)
            XCTAssertTrue(after.headers.first(name: .location)?.hasPrefix("/login?next=") ?? false)
        }
    }

    func testWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            let wrong = try await browser.post("/login", ["email": "advisor.casa@demo.maillage.ma", "password": "not-the-password"])
            XCTAssertEqual(wrong.status, .unauthorized)
            XCTAssertTrue(wrong.body.string.contains("role=\"alert\""))
            XCTAssertTrue(wrong.body.string.contains("value=\"advisor.casa@demo.maillage.ma\""), "the e-mail is kept")
            let unknown = try await browser.post("/login", ["email": "nobody@demo.maillage.ma", "password": "whatever-it-is"])
            XCTAssertEqual(unknown.status, .unauthorized)
            expectEqual(try await app.count("audit_entries", where: "action = 'sign_in_failed'"), 2)
            let empty = try await browser.post("/login", ["email": "", "password": ""])
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertEqual(empty.body.string.components(separatedBy: "class=\"field-error\"").count - 1, 2)
        }
    }

    func testFormsWithoutTheMatchingTokenAreRefused() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.get("/login")
            let forged = try await browser.post("/login", ["email": "admin@demo.maillage.ma", "password": DemoData.password], csrf: "forged")
            XCTAssertEqual(forged.status, .forbidden)
            expectEqual(try await app.count("web_sessions"), 0)
        }
    }

    func testRepeatedGuessesOnOneAccountAreSlowedDown() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            for _ in 0..<RateLimiter.Rule.passwordPerAccount.limit {
                expectEqual(try await browser.post("/login", ["email": "admin@demo.maillage.ma", "password": "guess-guess"]).status, .unauthorized)
            }
            let blocked = try await browser.post("/login", ["email": "admin@demo.maillage.ma", "password": DemoData.password])
            XCTAssertEqual(blocked.status, .tooManyRequests, "even the right password waits once the limit is reached")
            XCTAssertNotNil(blocked.headers.first(name: .retryAfter))
            expectEqual(try await app.count("web_sessions"), 0)
        }
    }

    func testSigningInOnManyDevicesIsNeverLimited() async throws {
        try await withApp { app in
            for _ in 0...RateLimiter.Rule.passwordPerAccount.limit {
                try await TestBrowser(app).signIn("advisor.marrakech@demo.maillage.ma")
            }
        }
    }

    func testInvisibleCharactersAreRefusedAsInputNotAsAServerError() async throws {
        try await withApp { app in
            let nul = try await TestBrowser(app).post("/login", ["email": "a\u{0}b@demo.maillage.ma", "password": "whatever-it-is"])
            XCTAssertEqual(nul.status, .unprocessableEntity)
            XCTAssertTrue(nul.body.string.contains("id=\"f-email-error\""))
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await browser.get("/beneficiaries?after=1.%00").status, .unprocessableEntity)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            expectTrue([.ok, .unprocessableEntity].contains(try await admin.get("/admin/audit?actor=%00").status))
        }
    }

    func testPasswordChangeChecksTheCurrentOneAndSignsOutOtherDevices() async throws {
        try await withApp { app in
            let phone = TestBrowser(app)
            try await phone.signIn("manager.casa@demo.maillage.ma")
            let laptop = TestBrowser(app)
            try await laptop.signIn("manager.casa@demo.maillage.ma")

            let wrong = try await laptop.post("/account/password", ["current": "nope", "new": "short", "confirm": "short"])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("f-current-error"))
            XCTAssertTrue(wrong.body.string.contains("f-new-error"))

            let changed = try await laptop.post("/account/password", ["current": DemoData.password, "new": "a-much-longer-secret", "confirm": "a-much-longer-secret"])
            XCTAssertEqual(changed.status, .ok)
            expectEqual(try await laptop.get("/dashboard").status, .ok)
            expectEqual(try await phone.get("/dashboard").status, .seeOther, "the other device is signed out")

            let again = TestBrowser(app)
            try await again.signIn("manager.casa@demo.maillage.ma", password: "a-much-longer-secret")
        }
    }

    func testNextNeverLeadsToAnotherSite() {
        XCTAssertEqual(IdentityWebController.safeNext("/beneficiaries?after=1.a"), "/beneficiaries?after=1.a")
        XCTAssertNil(IdentityWebController.safeNext("//evil.example/x"))
        XCTAssertNil(IdentityWebController.safeNext("https://evil.example/"))
        XCTAssertNil(IdentityWebController.safeNext("/\\evil.example"))
        XCTAssertNil(IdentityWebController.safeNext("/\t/evil.example"), "browsers drop the tab and read //evil.example")
        XCTAssertNil(IdentityWebController.safeNext("/\n/evil.example"))
        XCTAssertNil(IdentityWebController.safeNext("/a\\b"))
    }
}
