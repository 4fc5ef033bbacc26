import Fluent
import XCTVapor
@testable import App

final class AdministrationTests: XCTestCase {
    func testAnAdministratorCreatesAnAdvisorWhoCanThenSignIn() async throws {
        try await withApp { app in
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let structure = try unwrap(try await app.id(of: "structures", where: "name LIKE '%Marrakech-Safi'"))
            let bad = try await admin.post("/admin/users", ["email": "not-an-email", "display_name": "", "password": "short", "role": "wizard", "scope": "structure:999999"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            for field in ["email", "display_name", "password", "role"] { XCTAssertTrue(bad.body.string.contains("id=\"f-\(field)-error\""), field) }
            expectEqual(try await app.count("users", where: "email = 'not-an-email'"), 0)

            let created = try await admin.post("/admin/users", [
                "email": "Nouveau.Conseiller@demo.maillage.ma", "display_name": "Zineb Tazi", "password": "un-mot-de-passe-long",
                "role": "advisor", "scope": "structure:\(structure)",
            ])
            XCTAssertEqual(created.status, .seeOther)
            let userID = try unwrap(try await app.id(of: "users", where: "email = 'nouveau.conseiller@demo.maillage.ma'"))
            expectEqual(try await app.count("memberships", where: "user_id = \(bind: userID) AND role = 'advisor' AND scope_id = \(bind: structure)"), 1)
            let duplicate = try await admin.post("/admin/users", ["email": "nouveau.conseiller@demo.maillage.ma", "display_name": "X", "password": "un-mot-de-passe-long", "role": "advisor", "scope": "national"])
            XCTAssertEqual(duplicate.status, .unprocessableEntity)

            let advisor = TestBrowser(app)
            try await advisor.signIn("nouveau.conseiller@demo.maillage.ma", password: "un-mot-de-passe-long")
            expectEqual(try await advisor.get("/beneficiaries").body.string.components(separatedBy: "Marrakech").count > 1, true)

            expectEqual(try await admin.post("/admin/users/\(userID)/deactivate", [:]).status, .seeOther)
            expectEqual(try await advisor.get("/dashboard").status, .seeOther, "a deactivated account is signed out")
        }
    }

    func testPlatformPowersNeedANationalGrant() async throws {
        try await withApp { app in
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let region = try unwrap(try await app.id(of: "regions", where: "code = '06'"))
            let refused = try await admin.post("/admin/users", ["email": "regional.admin@demo.maillage.ma", "display_name": "Admin régional",
                                                                 "password": "un-mot-de-passe-long", "role": "administrator", "scope": "region:\(region)"])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.string.contains("id=\"f-scope-error\""))

            // A grant written straight to the database (say, by an older version) still confers no platform power.
            let committee = try unwrap(try await app.id(of: "users", where: "email = 'committee.casa@demo.maillage.ma'"))
            try await Membership(userID: committee, role: .administrator, scope: .region(region)).create(on: app.db)
            let browser = TestBrowser(app)
            try await browser.signIn("committee.casa@demo.maillage.ma")
            expectEqual(try await browser.get("/admin/users").status, .forbidden)
            expectEqual(try await browser.get("/admin/audit").status, .forbidden)

            let userID = try unwrap(try await app.id(of: "users", where: "email = 'advisor.casa@demo.maillage.ma'"))
            expectEqual(try await admin.post("/admin/users/\(userID)/memberships", ["role": "speaker", "scope": "national"]).status, .seeOther)
            expectEqual(try await admin.post("/admin/users/\(userID)/memberships", ["role": "speaker", "scope": "national"]).status, .unprocessableEntity)
            expectEqual(try await app.count("memberships", where: "user_id = \(bind: userID) AND role = 'speaker'"), 1)
        }
    }

    func testTokensAreShownOnceStoredHashedAndRevocable() async throws {
        try await withApp { app in
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let membership = try unwrap(try await app.id(of: "memberships", where: "role = 'partner_officer'"))
            let page = try await admin.post("/admin/tokens", ["name": "Banque — intégration", "membership_id": String(membership)])
            XCTAssertEqual(page.status, .ok)
            let html = page.body.string
            let start = try XCTUnwrap(html.range(of: "data-testid=\"new-token\">"))
            let token = String(html[start.upperBound...].prefix { $0 != "<" })
            XCTAssertTrue(token.hasPrefix("mlg_"))
            expectEqual(try await app.count("api_tokens", where: "token_hash = \(bind: token)"), 0, "the secret itself is never stored")
            expectFalse(try await admin.get("/admin/tokens").body.string.contains(token), "shown once only")

            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            let me = try await app.testable().sendRequest(.GET, "/api/v1/me", headers: headers)
            XCTAssertEqual(me.status, .ok)
            XCTAssertTrue(me.body.string.contains("partner_officer"))
            expectEqual(try await app.testable().sendRequest(.GET, "/api/v1/beneficiaries", headers: headers).status, .forbidden)

            let tokenID = try unwrap(try await app.id(of: "api_tokens", where: "1 = 1"))
            expectEqual(try await admin.post("/admin/tokens/\(tokenID)/revoke", [:]).status, .seeOther)
            expectEqual(try await app.testable().sendRequest(.GET, "/api/v1/me", headers: headers).status, .unauthorized)
            expectEqual(try await app.count("audit_entries", where: "action IN ('token_created', 'token_revoked')"), 2)
        }
    }
}
