import SQLKit
import XCTVapor
@testable import App

/// Law 09-08: a person sees, downloads, corrects their data, withdraws consent and has it erased.
final class RightsTests: XCTestCase {
    func testAnEntrepreneurRegistersThemselvesAndAnAdvisorSeesTheWaitingCase() async throws {
        try await withApp { app in
            let entrepreneur = TestBrowser(app)
            try await entrepreneur.signInByPhone("07 01 02 03 04", e164: "+212701020304")
            expectTrue(try await entrepreneur.get("/me/data").body.string.contains("self-register-form"))
            let province = try unwrap(try await app.id(of: "provinces", where: "code = '06-01'"))
            let refused = try await entrepreneur.post("/me/data/register", ["first_name": "Hicham", "last_name": "Naciri", "gender": "m"])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            expectEqual(try await entrepreneur.post("/me/data/register", ["first_name": "Hicham", "last_name": "Naciri", "gender": "m",
                                                                          "province_id": String(province), "consent": "on",
                                                                          "business_kind": "project", "business_name": "Food truck"]).status, .seeOther)
            let page = try await entrepreneur.get("/me/data").body.string
            XCTAssertTrue(page.contains("Naciri"))
            XCTAssertTrue(page.contains("+212701020304") || page.contains("07 01 02 03 04"), "the phone they signed in with")
            XCTAssertTrue(page.contains("Accueil"))

            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectTrue(try await advisor.get("/cases?all=1").body.string.contains("Naciri Hicham"), "waiting for an advisor of the structure")
            expectTrue(try await advisor.get("/beneficiaries?q=naciri").body.string.contains("Naciri Hicham"))
        }
    }

    func testThePersonDownloadsCorrectsWithdrawsAndErases() async throws {
        try await withApp { app in
            let person = TestBrowser(app)
            try await person.signInByPhone("0612345678", e164: DemoData.entrepreneurPhone)
            let id = try unwrap(try await app.id(of: "beneficiaries", where: "phone = \(bind: DemoData.entrepreneurPhone)"))
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            try await advisor.get("/beneficiaries/\(id)")

            let download = try await person.get("/me/data.json")
            XCTAssertEqual(download.status, .ok)
            XCTAssertTrue(download.headers.first(name: .contentDisposition)?.contains("attachment") ?? false)
            let copy = try JSONSerialization.jsonObject(with: Data(buffer: download.body)) as? [String: Any]
            XCTAssertEqual((copy?["person"] as? [String: Any])?["lastName"] as? String, "El Idrissi")
            XCTAssertEqual((copy?["cases"] as? [[String: Any]])?.first?["stage"] as? String, "plan")
            let accesses = (copy?["accesses"] as? [[String: Any]] ?? []).compactMap { $0["who"] as? String }
            XCTAssertTrue(accesses.contains("advisor.casa@demo.maillage.ma"), "the person sees which advisor read their record")

            expectEqual(try await person.post("/me/data/correct", ["first_name": "Fatima-Zahra", "last_name": "El Idrissi", "gender": "f",
                                                                   "full_name_ar": "فاطمة الزهراء الإدريسي", "preferred_language": "ar"]).status, .seeOther)
            expectTrue(try await advisor.get("/beneficiaries?q=fatima-zahra").body.string.contains("El Idrissi Fatima-Zahra"), "search follows the correction")

            expectEqual(try await person.post("/me/data/consent", [:]).status, .seeOther)
            expectEqual(try await app.count("beneficiaries", where: "id = \(bind: id) AND consent_at IS NULL"), 1)

            expectEqual(try await person.post("/me/data/erase", [:]).status, .unprocessableEntity)
            let cases = try await app.count("accompaniments", where: "beneficiary_id = \(bind: id)")
            let outcomesBefore = try await app.count("referrals")
            expectEqual(try await person.post("/me/data/erase", ["confirm": "on"]).status, .seeOther)
            expectEqual(try await person.get("/me/data").status, .seeOther, "signed out: sent to sign in")
            expectEqual(try await app.count("beneficiaries", where: "id = \(bind: id) AND last_name = '' AND phone IS NULL AND full_name_ar IS NULL AND anonymised_at IS NOT NULL"), 1)
            expectEqual(try await app.count("beneficiary_terms", where: "beneficiary_id = \(bind: id)"), 0)
            expectEqual(try await app.count("accompaniments", where: "beneficiary_id = \(bind: id)"), cases, "the figures stay true")
            expectEqual(try await app.count("referrals"), outcomesBefore)
            expectEqual(try await app.count("users", where: "phone = \(bind: DemoData.entrepreneurPhone)"), 0)
            expectFalse(try await advisor.get("/beneficiaries?q=idrissi").body.string.contains("El Idrissi"))
            expectEqual(try await app.count("audit_entries", where: "action = 'delete' AND entity = 'beneficiary' AND entity_id = \(bind: String(id))"), 1)
        }
    }

    func testThePersonConfirmsAResultAndTheAdvisorSeesIt() async throws {
        try await withApp { app in
            let caseID = try unwrap(try await app.id(of: "accompaniments", where: "beneficiary_id = (SELECT id FROM beneficiaries WHERE user_id IS NOT NULL)"))
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.post("/cases/\(caseID)/outcomes", ["kind": "financing", "amount": "40 000", "source": "Intelaka"]).status, .seeOther)
            let outcome = try unwrap(try await app.id(of: "outcomes", where: "accompaniment_id = \(bind: caseID) AND kind = 'financing'"))

            let person = TestBrowser(app)
            try await person.signInByPhone("0612345678", e164: DemoData.entrepreneurPhone)
            let page = try await person.get("/me/data").body.string
            XCTAssertTrue(page.contains("Financement obtenu · 40.000,00 MAD"))
            XCTAssertTrue(page.contains("/me/data/outcomes/\(outcome)/confirm"))
            expectEqual(try await person.post("/me/data/outcomes/\(outcome)/confirm", [:]).status, .seeOther)
            expectEqual(try await person.post("/me/data/outcomes/\(outcome)/confirm", [:]).status, .seeOther, "a second tap changes nothing")
            expectTrue(try await advisor.get("/cases/\(caseID)").body.string.contains("confirmé par l&#39;entrepreneur le"))

            let otherCase = try unwrap(try await app.id(of: "accompaniments", where: "id <> \(bind: caseID) AND structure_id = (SELECT structure_id FROM accompaniments WHERE id = \(bind: caseID))"))
            expectEqual(try await advisor.post("/cases/\(otherCase)/outcomes", ["kind": "training"]).status, .seeOther)
            let other = try unwrap(try await app.id(of: "outcomes", where: "accompaniment_id = \(bind: otherCase)"))
            expectEqual(try await person.post("/me/data/outcomes/\(other)/confirm", [:]).status, .notFound, "only their own results")
        }
    }
}
