import XCTVapor
@testable import App

final class LanguageTests: XCTestCase {
    func testTheBrowsersLanguageThenTheUsersChoice() async throws {
        try await withApp(demo: false) { app in
            let browser = TestBrowser(app)
            expectTrue(try await browser.get("/login").body.string.contains("<html lang=\"fr\" dir=\"ltr\">"), "French by default")
            browser.acceptLanguage = "en-GB,en;q=0.9"
            expectTrue(try await browser.get("/login").body.string.contains("<html lang=\"en\" dir=\"ltr\">"))
            browser.acceptLanguage = "de-DE, ar-MA;q=0.8, fr;q=0.5"
            let arabic = try await browser.get("/phone").body.string
            XCTAssertTrue(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
            XCTAssertTrue(arabic.contains("رقم الهاتف"))

            let switched = try await browser.get("/lang/fr?back=/phone")
            XCTAssertEqual(switched.headers.first(name: .location), "/phone")
            expectTrue(try await browser.get("/phone").body.string.contains("<html lang=\"fr\""), "a choice beats the browser")
            expectEqual(try await browser.get("/lang/fr?back=https://evil.example").headers.first(name: .location), "/")
            expectEqual(try await browser.get("/lang/xx").status, .notFound)
        }
    }

    func testEqualWeightsKeepTheBrowsersOrder() {
        for _ in 0..<50 {
            XCTAssertEqual(Language.negotiate(acceptLanguage: "ar, fr, en"), .ar)
            XCTAssertEqual(Language.negotiate(acceptLanguage: "ber-MA, fr-MA, ar-MA"), .fr)
        }
        XCTAssertEqual(Language.negotiate(acceptLanguage: "fr;q=0.4, en;q=0.9"), .en)
        XCTAssertNil(Language.negotiate(acceptLanguage: "de, es"))
    }

    func testASignedInPersonsChoiceIsRememberedOnTheAccount() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.bm@demo.maillage.ma")
            _ = try await browser.get("/lang/ar?back=/dashboard")
            expectEqual(try await app.count("users", where: "email = 'advisor.bm@demo.maillage.ma' AND locale = 'ar'"), 1)
            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            expectTrue(try await elsewhere.get("/dashboard").body.string.contains("dir=\"rtl\""))
        }
    }
}
