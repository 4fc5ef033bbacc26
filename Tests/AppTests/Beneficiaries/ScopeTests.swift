import Fluent
import XCTVapor
@testable import App

/// Personal data is scoped by construction: another scope's records are simply not there.
final class ScopeTests: XCTestCase {
    private func beneficiary(in regionCode: String, _ app: Application) async throws -> Int {
        try unwrap(try await app.id(of: "beneficiaries", where: "region_id = (SELECT id FROM regions WHERE code = \(bind: regionCode))"))
    }

    func testAnAdvisorSeesTheirStructureOnlyInPagesAndGets404Elsewhere() async throws {
        try await withApp { app in
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            let list = try await browser.get("/beneficiaries")
            XCTAssertEqual(list.status, .ok)
            XCTAssertEqual(list.body.string.components(separatedBy: "<tr><td><a href=\"/beneficiaries/").count - 1, 12)
            XCTAssertFalse(list.body.string.contains("Béni Mellal"), "no row from another structure")

            let own = try await beneficiary(in: "06", app)
            expectEqual(try await browser.get("/beneficiaries/\(own)").status, .ok)
            let other = try await beneficiary(in: "05", app)
            let refused = try await browser.get("/beneficiaries/\(other)")
            XCTAssertEqual(refused.status, .notFound)
            XCTAssertFalse(refused.body.string.contains("Béni Mellal"))
        }
    }

    func testRegionAndNationalScopes() async throws {
        try await withApp { app in
            let committee = TestBrowser(app)
            try await committee.signIn("committee.casa@demo.maillage.ma")
            expectEqual(try await committee.get("/beneficiaries/\(try await beneficiary(in: "06", app))").status, .ok)
            expectEqual(try await committee.get("/beneficiaries/\(try await beneficiary(in: "07", app))").status, .notFound)

            let national = TestBrowser(app)
            try await national.signIn("coordination@demo.maillage.ma")
            for region in ["05", "06", "07"] {
                expectEqual(try await national.get("/beneficiaries/\(try await beneficiary(in: region, app))").status, .ok)
            }
        }
    }

    func testRolesWithoutAccessToPeopleAreRefused() async throws {
        try await withApp { app in
            let door = TestBrowser(app)
            try await door.signIn("door@demo.maillage.ma")
            expectEqual(try await door.get("/beneficiaries").status, .forbidden)
            let entrepreneur = TestBrowser(app)
            try await entrepreneur.signInByPhone("0612345678", e164: DemoData.entrepreneurPhone)
            expectEqual(try await entrepreneur.get("/beneficiaries").status, .forbidden)
            expectEqual(try await entrepreneur.get("/admin/users").status, .forbidden)
        }
    }

    func testTheAPIAppliesTheTokensScope() async throws {
        try await withApp { app in
            let headers = try await app.apiHeaders(for: "advisor.bm@demo.maillage.ma")
            let tester = try app.testable()

            let page = try await tester.sendRequest(.GET, "/api/v1/beneficiaries?limit=5", headers: headers)
            XCTAssertEqual(page.status, .ok)
            let body = try JSONDecoder().decode(APIDTO.BeneficiaryPage.self, from: Data(buffer: page.body))
            XCTAssertEqual(body.items.count, 5)
            XCTAssertTrue(body.items.allSatisfy { $0.structure?.contains("Béni Mellal") ?? false })
            let next = try XCTUnwrap(body.next)
            let second = try await tester.sendRequest(.GET, "/api/v1/beneficiaries?limit=50&after=\(TestBrowser.encode(next))", headers: headers)
            let rest = try JSONDecoder().decode(APIDTO.BeneficiaryPage.self, from: Data(buffer: second.body))
            XCTAssertEqual(rest.items.count, 7, "12 people in the structure: 5, then 7")
            XCTAssertTrue(Set(body.items.map(\.id)).isDisjoint(with: rest.items.map(\.id)))

            expectEqual(try await tester.sendRequest(.GET, "/api/v1/beneficiaries/\(try await beneficiary(in: "05", app))", headers: headers).status, .ok)
            expectEqual(try await tester.sendRequest(.GET, "/api/v1/beneficiaries/\(try await beneficiary(in: "06", app))", headers: headers).status, .notFound)

            let invalid = try await tester.sendRequest(.GET, "/api/v1/beneficiaries?limit=0", headers: headers)
            XCTAssertEqual(invalid.status, .unprocessableEntity)
            let error = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: invalid.body))
            XCTAssertNotNil(error.error.fields["limit"])
        }
    }

    func testEveryReadOfPersonalDataIsAuditedAndBrowsable() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let id = try await beneficiary(in: "06", app)
            _ = try await advisor.get("/beneficiaries")
            _ = try await advisor.get("/beneficiaries/\(id)")
            expectEqual(try await app.count("audit_entries", where: "action = 'read' AND entity = 'beneficiary' AND entity_id = \(bind: String(id)) AND actor_label = 'advisor.casa@demo.maillage.ma'"), 1)
            expectEqual(try await app.count("audit_entries", where: "action = 'list' AND entity = 'beneficiary'"), 1)

            expectEqual(try await advisor.get("/admin/audit").status, .forbidden)
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let log = try await admin.get("/admin/audit?entity=beneficiary&entity_id=\(id)&action=read")
            XCTAssertEqual(log.status, .ok)
            XCTAssertEqual(log.body.string.components(separatedBy: "advisor.casa@demo.maillage.ma").count - 1, 1)
            let filtered = try await admin.get("/admin/audit?actor=nobody-like-this")
            XCTAssertFalse(filtered.body.string.contains("advisor.casa@demo.maillage.ma"))
        }
    }
}
