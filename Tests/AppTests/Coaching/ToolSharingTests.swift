import SQLKit
import XCTVapor
@testable import App

/// Results kept in a person's file: the entrepreneur chooses which bank sees each one; an advisor fills a tool in with
/// the person during a session and the next check-up shows the progress.
final class ToolSharingTests: XCTestCase {
    private let bankCheck = "requested=40000&rate=2&months=24&project_cost=50000&own_contribution=10000&monthly_income=6000&experience_months=36&doc_cin=on"
    private let weakAnswers = ["social_page", "maps_listing", "online_orders", "e_payment", "customer_contacts", "reviews", "bookkeeping_app",
                               "online_admin", "phone_skills", "training"].map { "q_\($0)=0" }.joined(separator: "&")

    private func form(_ query: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        })
    }

    func testAnEntrepreneurShowsOneResultToTheirBankAndCanTakeItBack() async throws {
        try await withApp { app in
            let entrepreneur = TestBrowser(app)
            try await entrepreneur.signInByPhone("06 12 34 56 78", e164: DemoData.entrepreneurPhone)
            var fields = form(bankCheck)
            fields["tool"] = "bank_readiness"
            fields["share"] = "on"
            fields["stray"] = "kept out"
            expectEqual(try await entrepreneur.post("/tools/save", fields).status, .seeOther)
            let result = try unwrap(try await app.id(of: "tool_results", where: "tool = 'bank_readiness'"))
            let query = try await app.sql.raw("SELECT query FROM tool_results WHERE id = \(bind: result)").first()!.decode(column: "query", as: String.self)
            XCTAssertFalse(query.contains("stray"), "only the tool's own fields are kept")

            let bank = try unwrap(try await app.id(of: "partner_institutions", where: "kind = 'bank'"))
            let telecom = try unwrap(try await app.id(of: "partner_institutions", where: "kind = 'telecom'"))
            let officer = TestBrowser(app)
            try await officer.signIn("partner.bank@demo.maillage.ma")
            expectTrue(!(try await officer.get("/partner/tools").body.string.contains("/tools/bank?")), "nothing shown before the person chooses")

            expectEqual(try await entrepreneur.post("/me/tools/\(result)/share", ["partner_id": String(telecom)]).status, .unprocessableEntity,
                        "only a partner bank may be chosen")
            expectEqual(try await entrepreneur.post("/me/tools/\(result)/share", ["partner_id": String(bank)]).status, .seeOther)
            let mine = try await entrepreneur.get("/me/tools").body.string
            XCTAssertTrue(mine.contains("class=\"shared-bank\""))
            let shared = try await officer.get("/partner/tools").body.string
            XCTAssertTrue(shared.contains("El Idrissi"))
            XCTAssertTrue(shared.contains("/tools/bank?"), "the officer opens the result itself")
            expectEqual(try await app.count("audit_entries", where: "entity = 'beneficiary' AND summary LIKE \(bind: "tool result \(result) shared with the partner")"), 1)

            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.post("/me/tools/\(result)/share", ["partner_id": String(bank)]).status, .forbidden,
                        "staff cannot share a person's result in their place")

            expectEqual(try await entrepreneur.post("/me/tools/\(result)/share", ["partner_id": ""]).status, .seeOther)
            expectTrue(!(try await officer.get("/partner/tools").body.string.contains("/tools/bank?")), "taken back")
        }
    }

    func testAnAdvisorFillsTheCheckupInWithThePersonAndTheNextOneShowsProgress() async throws {
        try await withApp { app in
            let person = try unwrap(try await app.id(of: "beneficiaries", where: "phone = \(bind: DemoData.entrepreneurPhone)"))
            let caseID = try unwrap(try await app.id(of: "accompaniments", where: "beneficiary_id = \(bind: person)"))
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectTrue(try await advisor.get("/cases/\(caseID)").body.string.contains("href=\"/tools/digital?for=\(caseID)\""))

            let first = try await advisor.get("/tools/digital?for=\(caseID)&go=1&\(weakAnswers)").body.string
            XCTAssertTrue(first.contains("id=\"filling-for\""))
            XCTAssertTrue(first.contains("action=\"/cases/\(caseID)/tools\""))
            XCTAssertFalse(first.contains("id=\"digital-progress\""), "no earlier check-up")
            var fields = form(weakAnswers)
            fields["tool"] = "digital_checkup"
            expectEqual(try await advisor.post("/cases/\(caseID)/tools", fields).status, .seeOther)
            expectTrue(try await advisor.get("/cases/\(caseID)").body.string.contains(">Bilan numérique</a>"), "saved in the case")

            let better = weakAnswers.replacingOccurrences(of: "q_social_page=0", with: "q_social_page=2").replacingOccurrences(of: "q_maps_listing=0", with: "q_maps_listing=1")
            let second = try await advisor.get("/tools/digital?for=\(caseID)&go=1&\(better)").body.string
            XCTAssertTrue(second.contains("id=\"digital-progress\""))
            let visibility = try unwrap(second.components(separatedBy: "data-dimension=\"online_visibility\"").dropFirst().first)
            XCTAssertTrue(visibility.prefix(400).contains("<td>0 %</td>"), "then")
            XCTAssertTrue(visibility.prefix(400).contains("value=\"75\""), "now: 3 of 4 points")

            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            expectEqual(try await elsewhere.post("/cases/\(caseID)/tools", fields).status, .notFound, "a case outside the advisor's structure")
            expectEqual(try await app.count("tool_results", where: "beneficiary_id = \(bind: person)"), 1)
        }
    }

    func testTheCheckupLinksItsAdviceToMeasuresOnTheSameTheme() async throws {
        try await withApp { app in
            try await app.sql.raw("UPDATE measures SET themes = 'e_payment,credit' WHERE code = 'start_tpe'").run()
            let visitor = TestBrowser(app)
            let page = try await visitor.get("/tools/digital?go=1&\(weakAnswers)").body.string
            let selling = try unwrap(page.components(separatedBy: "id=\"advice-online_selling\"").dropFirst().first).components(separatedBy: "</li></ul></li>")[0]
            XCTAssertTrue(selling.contains("href=\"/measures/start_tpe\""), "e-payment sits under online selling and payment")
            XCTAssertFalse(page.components(separatedBy: "id=\"advice-online_visibility\"")[1].components(separatedBy: "</li></ul></li>")[0].contains("/measures/start_tpe"))
            let visibility = page.components(separatedBy: "id=\"advice-online_visibility\"")[1].components(separatedBy: "</li></ul></li>")[0]
            XCTAssertTrue(visibility.contains("Vendre grâce aux réseaux sociaux"), "the forum's workshop on social pages, under online visibility")
            XCTAssertTrue(selling.contains("Accepter le paiement mobile"))
            XCTAssertTrue(page.contains("id=\"digital-score\""))

            let missing = try await visitor.get("/tools/digital?go=1&" + weakAnswers.replacingOccurrences(of: "q_training=0", with: ""))
            expectEqual(missing.status, .unprocessableEntity)
            XCTAssertTrue(missing.body.string.contains("id=\"q_training-error\""), "the unanswered question is named")
        }
    }

    func testTheBankCheckNamesTheReasonsForRefusalAndTheMissingDocuments() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let ready = try await visitor.get("/tools/bank?go=1&\(bankCheck)").body.string
            XCTAssertTrue(ready.contains("id=\"bank-level\" class=\"warning\""), "documents are missing")
            XCTAssertTrue(ready.contains("id=\"missing-documents\""))
            XCTAssertFalse(ready.contains("id=\"bank-findings\""), "2,043.16 a month is 34 % of 6,000: no reason for refusal")

            let risky = try await visitor.get("/tools/bank?go=1&requested=49000&rate=2&months=12&project_cost=50000&own_contribution=2000&monthly_income=3000&existing_repayments=500&past_unpaid=on&experience_months=2").body.string
            XCTAssertTrue(risky.contains("Pas encore"))
            for reason in ["Des impayés passés", "de plus que ce que le projet exige", "Votre apport couvre 4 %", "2 mois d&#39;expérience"] {
                XCTAssertTrue(risky.contains(reason), reason)
            }
            XCTAssertTrue(risky.contains("id=\"debt-ratio\">154,26 %"), "(4,127.70 + 500) of 3,000")

            let wrong = try await visitor.get("/tools/bank?go=1&requested=45000&rate=2&months=12&project_cost=5000&own_contribution=6000&monthly_income=3000&experience_months=2")
            expectEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("id=\"f-own_contribution-error\""))
        }
    }

    func testTheBudgetScriptIsServedAndTheFormWorksWithoutIt() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let page = try await visitor.get("/tools/budget?template=grocery").body.string
            XCTAssertTrue(page.contains("<section id=\"live-totals\" class=\"card\" hidden"), "hidden until the script fills it")
            let script = try await visitor.get(Assets.toolsScriptPath)
            expectEqual(script.status, .ok)
            expectEqual(script.headers.contentType?.subType, "javascript")
            XCTAssertTrue(page.contains("src=\"\(Assets.toolsScriptPath)\""))
        }
    }

    func testTheBankSeesWhoOnlyWithConsentAndTheResultsLeaveWithTheRecord() async throws {
        try await withApp { app in
            let person = try unwrap(try await app.id(of: "beneficiaries", where: "phone = \(bind: DemoData.entrepreneurPhone)"))
            let bank = try unwrap(try await app.id(of: "partner_institutions", where: "kind = 'bank'"))
            let results = ToolResults(sql: app.sql)
            let result = try await results.save(tool: .bankReadiness, query: "\(bankCheck)&go=1", summary: nil, beneficiaryID: person, shared: false, by: 1)
            try await results.share(result, of: person, with: bank)
            let officer = TestBrowser(app)
            try await officer.signIn("partner.bank@demo.maillage.ma")
            expectTrue(try await officer.get("/partner/tools").body.string.contains("El Idrissi"), "the demo entrepreneur agreed to share with partners")
            try await app.sql.raw("UPDATE beneficiaries SET consent_purpose = 'accompaniment' WHERE id = \(bind: person)").run()
            let withheld = try await officer.get("/partner/tools").body.string
            XCTAssertFalse(withheld.contains("El Idrissi"))
            XCTAssertTrue(withheld.contains("/tools/bank?"), "the figures she chose to show, without who she is")

            let entrepreneur = TestBrowser(app)
            try await entrepreneur.signInByPhone("06 12 34 56 78", e164: DemoData.entrepreneurPhone)
            let copy = try JSONDecoder.api.decode(PersonalDataRights.Copy.self, from: Data(buffer: try await entrepreneur.get("/me/data.json").body))
            XCTAssertEqual(copy.toolResults.map(\.tool), ["bank_readiness"], "her copy holds her saved results, shared or not")
            try await PersonalDataRights(sql: app.sql).anonymise(person, database: app.db)
            expectEqual(try await app.count("tool_results", where: "beneficiary_id = \(bind: person)"), 0, "erased with her identity")
        }
    }

    func testArabicDigitsAndAnotherRegionsCase() async throws {
        try await withApp { app in
            let loan = try await TestBrowser(app).get("/tools/loan?go=1&principal=١٠٠٠٠٠&rate=١٢&months=١٢".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            expectEqual(loan.status, .ok)
            XCTAssertTrue(CoachingPagesTests.digits(loan.body.string).contains(">888488"))
            let marrakech = try unwrap(try await app.id(of: "accompaniments", where: "structure_id IN (SELECT id FROM structures WHERE city = 'Marrakech')"))
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let page = try await advisor.get("/tools/digital?for=\(marrakech)").body.string
            XCTAssertFalse(page.contains("id=\"filling-for\""), "a case outside the advisor's structure is not offered")
            XCTAssertFalse(page.contains("name=\"for\""))
        }
    }
}
