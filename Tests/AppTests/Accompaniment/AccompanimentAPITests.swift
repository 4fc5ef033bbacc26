import Fluent
import XCTVapor
@testable import App

/// The registry and cases through `/api/v1`, with the same rules as the pages.
final class AccompanimentAPITests: XCTestCase {
    private let decoder = JSONDecoder.api

    private func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders, json: String? = nil) async throws -> XCTHTTPResponse {
        try await app.testable().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func testAnIntegrationRegistersSomeoneThenWorksTheCase() async throws {
        try await withApp { app in
            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            let person = """
                {"firstName": "Said", "lastName": "Ouali", "gender": "m", "birthYear": 1988, "phone": "0661 11 22 33", "consent": true,
                 "business": {"kind": "business", "name": "Ouali Transport", "legalStatus": "company", "ice": "001561191000067"}}
                """
            let created = try await send(app, .POST, "/api/v1/beneficiaries", advisor, json: person)
            XCTAssertEqual(created.status, .created, created.body.string)
            let registered = try decoder.decode(APIDTO.Registered.self, from: Data(buffer: created.body))
            XCTAssertNotNil(registered.warnings["ice"], "a failed ICE key is a warning")

            let again = try await send(app, .POST, "/api/v1/beneficiaries", advisor, json: person)
            XCTAssertEqual(again.status, .conflict)
            XCTAssertTrue(again.body.string.contains("possible_duplicate"))

            let bad = try await send(app, .POST, "/api/v1/beneficiaries", advisor, json: #"{"lastName": "X", "gender": "m", "phone": "123", "consent": false}"#)
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.string.contains("\"phone\""))
            XCTAssertTrue(bad.body.string.contains("\"consent\""))

            let found = try await send(app, .GET, "/api/v1/beneficiaries?q=ouali", advisor)
            XCTAssertEqual(try decoder.decode(APIDTO.BeneficiaryPage.self, from: Data(buffer: found.body)).items.map(\.id), [registered.beneficiaryId])

            let caseload = try decoder.decode([APIDTO.CaseSummary].self, from: Data(buffer: try await send(app, .GET, "/api/v1/cases", advisor).body))
            XCTAssertTrue(caseload.contains { $0.id == registered.caseId })

            let moved = try await send(app, .POST, "/api/v1/cases/\(registered.caseId)/stage", advisor, json: #"{"stage": "diagnostic", "version": 1}"#)
            XCTAssertEqual(moved.status, .ok, moved.body.string)
            let stale = try await send(app, .POST, "/api/v1/cases/\(registered.caseId)/stage", advisor, json: #"{"stage": "plan", "version": 1}"#)
            XCTAssertEqual(stale.status, .conflict)
            let call = try await send(app, .POST, "/api/v1/cases/\(registered.caseId)/interactions", advisor, json: #"{"kind": "call", "topics": ["credit"]}"#)
            let body = try decoder.decode(APIDTO.Case.self, from: Data(buffer: call.body))
            XCTAssertEqual(body.stage, "diagnostic")
            XCTAssertEqual(body.interactions.map(\.topics), [["credit"]])

            let elsewhere = try await app.apiHeaders(for: "advisor.bm@demo.maillage.ma")
            expectEqual(try await send(app, .GET, "/api/v1/cases/\(registered.caseId)", elsewhere).status, .notFound)
        }
    }

    func testAPartnerAnswersThroughTheAPI() async throws {
        try await withApp { app in
            let bank = try await app.apiHeaders(for: "partner.bank@demo.maillage.ma")
            let inbox = try decoder.decode([APIDTO.InboxItem].self, from: Data(buffer: try await send(app, .GET, "/api/v1/referrals", bank).body))
            let referral = try XCTUnwrap(inbox.first { $0.measure == "Intelaka" })
            XCTAssertEqual(referral.contactPhone, "+212612345678")
            XCTAssertEqual(referral.requestedAmount, "40000.00")
            let answered = try await send(app, .POST, "/api/v1/referrals/\(referral.id)/answer", bank, json: #"{"status": "granted", "grantedAmount": "38 500,50"}"#)
            XCTAssertEqual(answered.status, .ok, answered.body.string)
            expectEqual(try await app.count("referrals", where: "id = \(bind: referral.id) AND granted_centimes = 3850050"), 1)
            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            expectEqual(try await send(app, .GET, "/api/v1/referrals", advisor).status, .forbidden)
        }
    }

    func testTheActionPlanReferralsAndOutcomesThroughTheAPI() async throws {
        try await withApp { app in
            let id = try unwrap(try await app.id(of: "accompaniments", where: "beneficiary_id = (SELECT id FROM beneficiaries WHERE user_id IS NOT NULL)"))
            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            func post(_ path: String, _ json: String, as headers: HTTPHeaders? = nil) async throws -> XCTHTTPResponse {
                try await send(app, .POST, "/api/v1/cases/\(id)/\(path)", headers ?? advisor, json: json)
            }
            let added = try await post("actions", #"{"title": "Ouvrir un compte professionnel", "owner": "beneficiary", "dueOn": "2030-01-15"}"#)
            XCTAssertEqual(added.status, .created, added.body.string)
            let action = try unwrap(try decoder.decode(APIDTO.Case.self, from: Data(buffer: added.body)).actions.first { $0.title == "Ouvrir un compte professionnel" })
            let done = try await post("actions/\(action.id)", #"{"status": "done"}"#)
            XCTAssertEqual(try decoder.decode(APIDTO.Case.self, from: Data(buffer: done.body)).actions.first { $0.id == action.id }?.status, "done")

            let bank = try unwrap(try await app.id(of: "partner_institutions", where: "kind = 'bank'"))
            let referred = try await post("referrals", #"{"partnerId": \#(bank), "measure": "Intelaka", "requestedAmount": "25 000,50"}"#)
            XCTAssertEqual(referred.status, .created, referred.body.string)
            XCTAssertTrue(try decoder.decode(APIDTO.Case.self, from: Data(buffer: referred.body)).referrals.contains { $0.requestedAmount == "25000.50" })

            let missing = try await post("outcomes", #"{"kind": "financing", "source": "Intelaka"}"#)
            XCTAssertEqual(missing.status, .unprocessableEntity)
            XCTAssertTrue(missing.body.string.contains("\"amount\""))
            let outcome = try await post("outcomes", #"{"kind": "jobs", "jobsCreated": 2, "jobsKept": 1}"#)
            XCTAssertEqual(outcome.status, .created, outcome.body.string)
            XCTAssertTrue(try decoder.decode(APIDTO.Case.self, from: Data(buffer: outcome.body)).outcomes.contains { $0.jobsCreated == 2 && $0.jobsKept == 1 })

            let elsewhere = try await app.apiHeaders(for: "advisor.bm@demo.maillage.ma")
            expectEqual(try await post("actions", #"{"title": "x", "owner": "advisor"}"#, as: elsewhere).status, .notFound)
        }
    }
}
