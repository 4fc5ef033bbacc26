import XCTVapor
@testable import App

/// Identities are remembered a few seconds per process; a change made through this process applies at the next
/// request all the same.
final class IdentityCacheTests: XCTestCase {
    func testASessionSignedOutIsRefusedAtOnceEvenIfItsCookieWasCopied() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await browser.get("/beneficiaries").status, .ok)
            let copied = try XCTUnwrap(browser.cookies[AuthenticationMiddleware.sessionCookie])
            expectEqual(try await browser.post("/logout", [:]).status, .seeOther)
            browser.setCookie(AuthenticationMiddleware.sessionCookie, copied)
            let after = try await browser.get("/beneficiaries")
            XCTAssertEqual(after.status, .seeOther)
            XCTAssertTrue(after.headers.first(name: .location)?.hasPrefix("/login?next=") ?? false)
        }
    }

    func testARemovedMembershipAppliesAtTheNextRequest() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/beneficiaries").status, .ok)
            let userID = try unwrap(try await app.id(of: "users", where: "email = 'advisor.casa@demo.maillage.ma'"))
            let membership = try unwrap(try await app.id(of: "memberships", where: "user_id = \(bind: userID) AND role = 'advisor'"))
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            expectEqual(try await admin.post("/admin/users/\(userID)/memberships/\(membership)/delete", [:]).status, .seeOther)
            expectEqual(try await advisor.get("/beneficiaries").status, .forbidden)
        }
    }

    func testAChosenLanguageShowsOnTheNextPage() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            let before = try await browser.get("/beneficiaries").body.string
            XCTAssertTrue(before.contains("<html lang=\"fr\""))
            expectEqual(try await browser.get("/lang/ar?back=/beneficiaries").status, .seeOther)
            browser.setCookie(Request.languageCookie, "")
            let after = try await browser.get("/beneficiaries").body.string
            XCTAssertTrue(after.contains("<html lang=\"ar\" dir=\"rtl\""), "the account's preference, not the cookie")
        }
    }

    /// What another instance sees: an identity read before a change is not kept after it, and none outlives the lifetime.
    func testAnIdentityIsKeptForItsLifetimeAndNeverAcrossAChange() {
        let cache = IdentityCache()
        let actor = Actor(userID: 1, displayName: "Salma", email: nil, phone: "+212612345678", preferredLanguage: .ar, grants: [], channel: .session)
        let now = Date()
        cache.remember(actor, for: "k", until: now.addingTimeInterval(600), readAt: cache.generation, now: now)
        XCTAssertEqual(cache.actor(for: "k", now: now.addingTimeInterval(IdentityCache.lifetime - 1))?.userID, 1)
        XCTAssertNil(cache.actor(for: "k", now: now.addingTimeInterval(IdentityCache.lifetime + 1)))

        let readBefore = cache.generation
        cache.forgetAll()
        XCTAssertNil(cache.actor(for: "k", now: now))
        cache.remember(actor, for: "k", until: now.addingTimeInterval(600), readAt: readBefore, now: now)
        XCTAssertNil(cache.actor(for: "k", now: now), "read before the change")

        cache.remember(actor, for: "k", until: now.addingTimeInterval(2), readAt: cache.generation, now: now)
        XCTAssertNil(cache.actor(for: "k", now: now.addingTimeInterval(3)), "the session's last use is due to be written")
    }
}
