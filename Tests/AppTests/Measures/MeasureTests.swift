import Domain
import SQLKit
import XCTVapor
@testable import App

/// The catalogue's life: rules changed by dated versions, a person's measures, campaigns, opening announcements and
/// the public questionnaire, on the test database (SQLite or PostgreSQL).
final class MeasureTests: XCTestCase {
    private func send<Body: Encodable>(_ app: Application, _ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders, _ body: Body?) async throws -> XCTHTTPResponse {
        let buffer = try body.map { ByteBuffer(data: try JSONEncoder().encode($0)) }
        return try await app.testable().sendRequest(method, path, headers: headers, body: buffer)
    }

    private func contact(_ app: Application, phone: String, birthYear: Int?, province: String, consent: Bool = true) async throws -> Int {
        var draft = BeneficiaryDraft()
        draft.firstName = "Test"; draft.lastName = phone; draft.phone = phone; draft.birthYear = birthYear; draft.consent = consent
        draft.provinceID = try await app.id(of: "provinces", where: "code = \(bind: province)")
        return try await BeneficiaryRegistry(sql: app.sql).requestContact(draft, database: app.db).beneficiaryID
    }

    func testANewRuleVersionEndsTheCurrentOneAndAMistakeNamesItsLine() async throws {
        try await withApp { app in
            let admin = try await app.apiHeaders(for: "admin@demo.maillage.ma")
            var headers = admin
            headers.replaceOrAdd(name: .acceptLanguage, value: "fr")
            do { let response = try await send(app, .POST, "/api/v1/measures/forsa/rules", headers, ["criteria": "age at_least 18\nresidance in morocco", "validFrom": "2027-01-01", "source": "Note 2027"])
                XCTAssertEqual(response.status, .unprocessableEntity)
                XCTAssertTrue(response.body.string.contains("Ligne 2"), response.body.string)
                XCTAssertTrue(response.body.string.contains("residance"))
            }
            do { let response = try await send(app, .POST, "/api/v1/measures/forsa/rules", admin, ["criteria": "age between 18 and 45", "validFrom": "2027-01-01", "source": "Note 2027"])
                XCTAssertEqual(response.status, .created, response.body.string)
                let rules = try JSONDecoder.api.decode([APIDTO.Rule].self, from: response.body)
                XCTAssertEqual(rules.map(\.validFrom), ["2027-01-01", "2022-03-01"])
                XCTAssertEqual(rules[1].validUntil, "2026-12-31", "the previous version ends the day before")
            }
            let catalogue = MeasureCatalogue(sql: app.sql)
            let before = try unwrap(try await catalogue.find(code: "forsa", on: Day(iso: "2026-12-31")!))
            let after = try unwrap(try await catalogue.find(code: "forsa", on: Day(iso: "2027-01-01")!))
            XCTAssertEqual(Eligibility.assess(before.rule!.criteria, EligibilityProfile([.age: .exactly(60), .residence: .code("morocco")])).verdict, .eligible)
            XCTAssertEqual(Eligibility.assess(after.rule!.criteria, EligibilityProfile([.age: .exactly(60)])).verdict, .notEligible, "the 2027 rule applies from 2027")
            do { let response = try await send(app, .POST, "/api/v1/measures/forsa/rules", admin, ["criteria": "age at_least 18", "validFrom": "2026-06-01", "source": "x"]); XCTAssertEqual(response.status, .unprocessableEntity, "a version cannot start before the latest") }
            expectEqual(try await catalogue.revisions(of: before.id).count, 2, "shipped, then the new rule")

            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            do { let response = try await send(app, .POST, "/api/v1/measures/forsa/rules", advisor, ["criteria": "age at_least 18", "validFrom": "2028-01-01", "source": "x"]); XCTAssertEqual(response.status, .forbidden) }
        }
    }

    func testAnAdvisorSeesAPersonsMeasuresAndRefersThemWithinScopeOnly() async throws {
        try await withApp { app in
            let year = Day.today().year
            let id = try await contact(app, phone: "+212612000001", birthYear: year - 25, province: "06-01")
            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            do { let response = try await send(app, .GET, "/api/v1/beneficiaries/\(id)/eligibility", advisor, Optional<String>.none)
                XCTAssertEqual(response.status, .ok, response.body.string)
                let matches = try JSONDecoder.api.decode([APIDTO.Match].self, from: response.body)
                let youth = try XCTUnwrap(matches.first { $0.code == "indh_youth" })
                XCTAssertEqual(youth.verdict, "eligible")
                let forsa = try XCTUnwrap(matches.first { $0.code == "forsa" })
                XCTAssertEqual(forsa.verdict, "cannot_tell")
                XCTAssertEqual(forsa.missing, ["residence"], "age is known from the birth year; residence is not in the registry")
            }
            let elsewhere = try await app.apiHeaders(for: "advisor.marrakech@demo.maillage.ma")
            do { let response = try await send(app, .GET, "/api/v1/beneficiaries/\(id)/eligibility", elsewhere, Optional<String>.none)
                XCTAssertEqual(response.status, .notFound, "another region's person does not exist for this advisor")
            }

            let caseID = try unwrap(try await app.id(of: "accompaniments", where: "beneficiary_id = \(bind: id)"))
            let browser = TestBrowser(app)
            try await browser.signIn("advisor.casa@demo.maillage.ma")
            let page = try await browser.get("/cases/\(caseID)/measures").body.string
            XCTAssertTrue(page.contains("data-code=\"indh_youth\""))
            XCTAssertTrue(page.contains("Question à poser"), "what is missing comes with the question to ask")
            let youthID = try unwrap(try await app.id(of: "measures", where: "code = 'indh_youth'"))
            let partner = try unwrap(try await app.id(of: "partner_institutions", where: "1 = 1"))
            let referred = try await browser.post("/cases/\(caseID)/referrals", ["measure_id": String(youthID), "partner_id": String(partner)])
            XCTAssertEqual(referred.status, .seeOther, referred.body.string)
            expectEqual(try await app.count("referrals", where: "measure_id = \(bind: youthID) AND measure LIKE 'INDH%'"), 1)
            expectEqual(try await app.count("audit_entries", where: "entity = 'beneficiary' AND entity_id = \(bind: String(id)) AND summary LIKE 'eligibility%'"), 1)
        }
    }

    func testACampaignFindsThePeopleOfItsScopeAndTextsThoseWhoConsentedOnce() async throws {
        try await withApp { app in
            let year = Day.today().year
            let young = try await contact(app, phone: "+212612000011", birthYear: year - 25, province: "06-01")
            let silent = try await contact(app, phone: "+212612000012", birthYear: year - 26, province: "06-01", consent: false)
            let older = try await contact(app, phone: "+212612000013", birthYear: year - 50, province: "06-01")
            let borderline = try await contact(app, phone: "+212612000014", birthYear: year - 35, province: "06-01")
            let elsewhere = try await contact(app, phone: "+212612000015", birthYear: year - 25, province: "07-01")
            let manager = try await app.apiHeaders(for: "manager.casa@demo.maillage.ma")
            let youthID = try unwrap(try await app.id(of: "measures", where: "code = 'indh_youth'"))
            let casablanca = try unwrap(try await app.id(of: "regions", where: "code = '06'"))
            do { let response = try await send(app, .POST, "/api/v1/campaigns", manager, APIDTO.CampaignInput(measureId: youthID, regionId: casablanca, structureId: nil, includeProbable: true)); XCTAssertEqual(response.status, .unprocessableEntity, "a structure manager campaigns in their structure, not the region") }

            let structure = try unwrap(try await app.id(of: "structures", where: "region_id = \(bind: casablanca) AND parent_id IS NULL"))
            var campaignID = 0
            do { let response = try await send(app, .POST, "/api/v1/campaigns", manager, APIDTO.CampaignInput(measureId: youthID, regionId: nil, structureId: structure, includeProbable: true))
                XCTAssertEqual(response.status, .created, response.body.string)
                campaignID = try JSONDecoder.api.decode(APIDTO.Campaign.self, from: response.body).id
            }
            try await app.runJobs()
            let found = try await Campaigns(database: app.db).recipients(campaignID, after: 0, limit: 10_000)
            let verdicts = Dictionary(uniqueKeysWithValues: found.map { ($0.beneficiary_id, $0.verdict) })
            XCTAssertEqual(verdicts[young], "eligible")
            XCTAssertEqual(verdicts[silent], "eligible")
            XCTAssertEqual(verdicts[borderline], "cannot_tell", "34 or 35 depending on the birthday")
            XCTAssertNil(verdicts[older])
            XCTAssertNil(verdicts[elsewhere], "Marrakech is out of the campaign's scope")

            do { let response = try await send(app, .POST, "/api/v1/campaigns/\(campaignID)/send", manager, Optional<String>.none); XCTAssertEqual(response.status, .ok, response.body.string) }
            do { let response = try await send(app, .POST, "/api/v1/campaigns/\(campaignID)/send", manager, Optional<String>.none); XCTAssertEqual(response.status, .conflict) }
            try await app.runJobs()
            try await app.runJobs()
            let texted = await app.recorder.sent.filter { $0.template == "measure_campaign" }.map(\.to)
            XCTAssertEqual(texted.filter { $0 == "+212612000011" }.count, 1, "once, however often the job runs")
            XCTAssertFalse(texted.contains("+212612000012"), "no consent, no text")
            XCTAssertFalse(texted.contains("+212612000015"))
            let summary = try unwrap(try await Campaigns(database: app.db).find(campaignID))
            XCTAssertEqual(summary.status, "sent")
            XCTAssertEqual(Set(texted).count, texted.count, "one text per phone, even for people who share one")
            XCTAssertGreaterThanOrEqual(summary.notified, texted.count)
        }
    }

    func testSubscribersAreToldOnceWhenAnUpcomingMeasureOpens() async throws {
        try await withApp { app in
            let admin = try await app.apiHeaders(for: "admin@demo.maillage.ma")
            let text = LocalizedText(fr: "Prime jeunes artisans", ar: "منحة الحرفيين الشباب", en: "")
            let input = APIDTO.MeasureInput(code: "young_artisans", kind: "grant", name: text, summary: text, operator: "Chambre d'artisanat", benefits: text,
                                            maxAmount: "20 000", ratePercent: nil, durationMonths: nil, deferralMonths: nil, documents: nil, howToApply: text,
                                            sourceUrl: "https://example.org/prime", status: "upcoming", opensOn: "2099-01-01", closesOn: nil, themes: ["management"],
                                            rule: .init(criteria: "age under 30\nsector in crafts", validFrom: "2026-01-01", source: "Programme régional"))
            do { let response = try await send(app, .POST, "/api/v1/measures", admin, input)
                XCTAssertEqual(response.status, .created, response.body.string)
                XCTAssertEqual(try JSONDecoder.api.decode(APIDTO.Measure.self, from: response.body).maxAmount, "20000.00")
            }
            let visitor = TestBrowser(app)
            let page = try await visitor.get("/measures/young_artisans").body.string
            XCTAssertTrue(page.contains("id=\"subscribe\""))
            let wrong = try await visitor.post("/measures/young_artisans/subscriptions", ["phone": "06 12"])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            for typed in ["06 12 34 56 78", "+212 612-345678"] {
                let done = try await visitor.post("/measures/young_artisans/subscriptions", ["phone": typed])
                XCTAssertEqual(done.status, .seeOther)
            }
            expectEqual(try await app.count("measure_subscriptions"), 1, "the same number typed two ways is one subscription")
            expectEqual(try await MeasureSubscriptions(database: app.db).sweep(baseURL: app.config.baseURL, reschedule: false), 0, "not open yet")

            var opened = input
            opened = .init(code: nil, kind: input.kind, name: text, summary: text, operator: input.operator, benefits: text, maxAmount: input.maxAmount,
                           ratePercent: nil, durationMonths: nil, deferralMonths: nil, documents: nil, howToApply: text, sourceUrl: input.sourceUrl,
                           status: "open", opensOn: nil, closesOn: nil, themes: input.themes, rule: nil)
            do { let response = try await send(app, .POST, "/api/v1/measures/young_artisans", admin, opened); XCTAssertEqual(response.status, .ok, response.body.string) }
            try await app.runJobs()
            try await app.runJobs()
            let told = await app.recorder.sent.filter { $0.template == "measure_opened" }
            XCTAssertEqual(told.map(\.to), ["+212612345678"])
            XCTAssertTrue(told[0].body.contains("Prime jeunes artisans"))
        }
    }

    func testTheQuestionnaireExplainsAWrongAnswerAndAContactIsNeverCreatedTwice() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let wrong = try await visitor.get("/eligibility?a_age=vingt")
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("Répondez par un nombre"))
            XCTAssertTrue(wrong.body.string.contains("id=\"q-age\""))
            let skipped = ProfileField.allCases.map(\.rawValue).joined(separator: ",")
            let results = try await visitor.get("/eligibility?skipped=\(skipped)").body.string
            XCTAssertTrue(results.contains("id=\"contact\""))
            let province = try unwrap(try await app.id(of: "provinces", where: "code = '06-01'"))
            let form = ["first_name": "Zineb", "last_name": "Alaoui", "phone": "0698 76 54 32", "province_id": String(province), "a_age": "29"]
            let refused = try await visitor.post("/eligibility/contact", form)
            XCTAssertEqual(refused.status, .unprocessableEntity, "no consent, nothing saved")
            expectEqual(try await app.count("beneficiaries", where: "phone = '+212698765432'"), 0)
            var consenting = form
            consenting["consent"] = "on"
            for _ in 0..<2 {
                let done = try await visitor.post("/eligibility/contact", consenting)
                XCTAssertEqual(done.status, .ok)
                XCTAssertTrue(done.body.string.contains("id=\"contact-done\""))
            }
            expectEqual(try await app.count("beneficiaries", where: "phone = '+212698765432'"), 1)
            var sister = consenting
            sister["first_name"] = "Karima"
            expectEqual(try await visitor.post("/eligibility/contact", sister).status, .ok)
            expectEqual(try await app.count("beneficiaries", where: "phone = '+212698765432'"), 2, "a shared phone under another name is another person")
            expectEqual(try await app.count("accompaniments", where: "beneficiary_id = (SELECT id FROM beneficiaries WHERE phone = '+212698765432' AND first_name = 'Zineb') AND stage = 'intake'"), 1)
            let birthYear = try await app.sql.raw("SELECT birth_year FROM beneficiaries WHERE phone = '+212698765432' AND first_name = 'Zineb'").first(decodingColumn: "birth_year", as: Int?.self)
            XCTAssertEqual(birthYear ?? nil, Day.today().year - 29)
        }
    }
}
