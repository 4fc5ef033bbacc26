import SQLKit
import XCTVapor
@testable import App

/// A case from intake to a measured outcome, as advisors and partner officers work it.
final class CaseTests: XCTestCase {
    /// The demo entrepreneur's case in Casablanca: at the plan stage, an overdue action, a referral to the bank.
    private func demoCase(_ app: Application) async throws -> Int {
        try unwrap(try await app.id(of: "accompaniments", where: "beneficiary_id = (SELECT id FROM beneficiaries WHERE user_id IS NOT NULL)"))
    }

    private func version(_ id: Int, _ app: Application) async throws -> Int {
        try await app.sql.raw("SELECT version FROM accompaniments WHERE id = \(bind: id)").first()!.decode(column: "version", as: Int.self)
    }

    func testAnAdvisorWorksACaseThroughToAClosedCaseWithAnOutcome() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.post("/cases/\(id)/interactions", ["kind": "call", "duration_minutes": "20", "topics": "credit", "notes": "Relance de la banque"]).status, .seeOther)
            expectEqual(try await advisor.post("/cases/\(id)/actions", ["title": "Ouvrir un compte professionnel", "owner": "beneficiary", "due_on": "2030-01-15"]).status, .seeOther)
            let actionID = try unwrap(try await app.id(of: "plan_actions", where: "title = 'Ouvrir un compte professionnel'"))
            expectEqual(try await advisor.post("/cases/\(id)/actions/\(actionID)", ["status": "done"]).status, .seeOther)
            expectEqual(try await advisor.post("/cases/\(id)/stage", ["stage": "follow_up", "version": String(try await version(id, app))]).status, .seeOther)
            expectEqual(try await advisor.post("/cases/\(id)/outcomes", ["kind": "formalised", "legal_status": "auto_entrepreneur", "occurred_on": "2026-06-01"]).status, .seeOther)
            expectEqual(try await advisor.post("/cases/\(id)/outcomes", ["kind": "financing", "amount": "40 000,00", "source": "Intelaka"]).status, .seeOther)

            let refused = try await advisor.post("/cases/\(id)/stage", ["stage": "closed", "closed_reason": "", "version": String(try await version(id, app))])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.string.contains("Choisissez une valeur de la liste"))
            expectEqual(try await advisor.post("/cases/\(id)/stage", ["stage": "closed", "closed_reason": "goal_reached", "version": String(try await version(id, app))]).status, .seeOther)

            let page = try await advisor.get("/cases/\(id)").body.string
            for text in ["Clôturé · Objectif atteint", "Appel", "20 min", "Crédit", "Relance de la banque", "Ouvrir un compte professionnel · L&#39;entrepreneur",
                         "Formalisation · Auto-entrepreneur", "Financement obtenu · 40.000,00 MAD · Intelaka"] {
                XCTAssertTrue(page.contains(text), "case page shows: \(text)")
            }
            expectEqual(try await app.count("outcomes", where: "accompaniment_id = \(bind: id) AND kind = 'financing' AND amount_centimes = 4000000"), 1)
            expectEqual(try await app.count("audit_entries", where: "entity = 'case' AND entity_id = \(bind: String(id)) AND action = 'update'"), 7)
        }
    }

    func testOutcomeFormsAskForTheirOwnFigure() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let cases: [([String: String], String)] = [
                (["kind": "formalised", "legal_status": "informal"], "Choisissez le statut formel obtenu"),
                (["kind": "financing", "amount": "beaucoup"], "Saisissez un montant en dirhams"),
                (["kind": "jobs"], "Indiquez des emplois créés ou maintenus"),
                (["kind": "training", "occurred_on": "2999-01-01"], "Saisissez une date passée"),
            ]
            for (form, message) in cases {
                let response = try await advisor.post("/cases/\(id)/outcomes", form)
                XCTAssertEqual(response.status, .unprocessableEntity)
                XCTAssertTrue(response.body.string.contains(message), message)
            }
            expectEqual(try await app.count("outcomes"), 0)
        }
    }

    func testTwoEditsFromTheSameVersionNeverLoseOne() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let seen = try await version(id, app)
            let first = TestBrowser(app)
            let second = TestBrowser(app)
            try await first.signIn("advisor.casa@demo.maillage.ma")
            try await second.signIn("manager.casa@demo.maillage.ma")
            expectEqual(try await first.post("/cases/\(id)/stage", ["stage": "follow_up", "version": String(seen)]).status, .seeOther)
            let stale = try await second.post("/cases/\(id)/stage", ["stage": "diagnostic", "version": String(seen)])
            XCTAssertEqual(stale.status, .conflict)
            XCTAssertTrue(stale.body.string.contains("Quelqu&#39;un a modifié cet accompagnement"))
            expectEqual(try await app.count("accompaniments", where: "id = \(bind: id) AND stage = 'follow_up'"), 1)

            // The same race without pages: concurrent moves from one version, exactly one wins.
            let now = try await version(id, app)
            let service = AccompanimentService(sql: app.sql)
            let results = await withTaskGroup(of: Bool.self) { group in
                for stage in [CaseStage.plan, .diagnostic, .intake, .followUp] {
                    group.addTask { (try? await service.move(id, to: stage, closedReason: nil, expectedVersion: now, scope: Policy.systemScope)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            XCTAssertEqual(results.filter { $0 }.count, 1)
            expectEqual(try await version(id, app), now + 1)
        }
    }

    func testAnotherRegionsAdvisorCannotReachTheCase() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            expectEqual(try await elsewhere.get("/cases/\(id)").status, .notFound)
            expectEqual(try await elsewhere.post("/cases/\(id)/interactions", ["kind": "call"]).status, .notFound)
            expectEqual(try await elsewhere.post("/cases/\(id)/stage", ["stage": "closed", "closed_reason": "other", "version": "2"]).status, .notFound)
            expectFalse(try await elsewhere.get("/cases?all=1").body.string.contains("El Idrissi"))
            expectEqual(try await app.count("interactions", where: "kind = 'call'"), 0)
            let committee = TestBrowser(app)
            try await committee.signIn("committee.casa@demo.maillage.ma")
            expectEqual(try await committee.get("/cases/\(id)").status, .forbidden, "the committee reads people, it does not work cases")
        }
    }

    func testTheCaseloadShowsWhatNeedsAttention() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let page = try await advisor.get("/cases").body.string
            XCTAssertTrue(page.contains("12 accompagnements ouverts, dont 2 demandent votre attention"), page)
            XCTAssertTrue(page.contains("sans contact depuis 45 jours"))
            XCTAssertTrue(page.contains("1 action en retard"))
            XCTAssertTrue(page.contains("1 orientation sans réponse"))
            let pastTheEnd = try await advisor.get("/cases?page=3").body.string
            XCTAssertTrue(pastTheEnd.contains("12 accompagnements ouverts, dont 2 demandent votre attention"), "the summary counts the whole caseload on any page")
        }
    }

    func testThePartnerOfficerAnswersTheirInstitutionsReferralsOnly() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let tamwilcom = try unwrap(try await app.id(of: "partner_institutions", where: "kind = 'guarantee'"))
            expectEqual(try await advisor.post("/cases/\(id)/referrals", ["partner_id": String(tamwilcom), "measure": "Damane Express", "requested_amount": "abc"]).status, .unprocessableEntity)
            expectEqual(try await advisor.post("/cases/\(id)/referrals", ["partner_id": String(tamwilcom), "measure": "Damane Express"]).status, .seeOther)
            expectEqual(try await advisor.get("/referrals").status, .forbidden)

            let bank = TestBrowser(app)
            try await bank.signIn("partner.bank@demo.maillage.ma")
            let inbox = try await bank.get("/referrals").body.string
            XCTAssertTrue(inbox.contains("Intelaka"))
            XCTAssertTrue(inbox.contains("El Idrissi Fatima Zahra"), "she consented to share her contact with partners")
            XCTAssertTrue(inbox.contains("06 12 34 56 78"))
            XCTAssertFalse(inbox.contains("Damane Express"), "another institution's referral")

            let own = try unwrap(try await app.id(of: "referrals", where: "measure = 'Intelaka'"))
            let other = try unwrap(try await app.id(of: "referrals", where: "measure = 'Damane Express'"))
            expectEqual(try await bank.post("/referrals/\(other)/answer", ["status": "accepted"]).status, .notFound)
            let noReason = try await bank.post("/referrals/\(own)/answer", ["status": "refused"])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            XCTAssertTrue(noReason.body.string.contains("Indiquez le motif du refus"))
            expectEqual(try await bank.post("/referrals/\(own)/answer", ["status": "granted", "granted_amount": "40 000"]).status, .seeOther)
            expectEqual(try await bank.post("/referrals/\(own)/answer", ["status": "refused", "answer_reason": "trop tard"]).status, .unprocessableEntity,
                        "a granted referral cannot be answered again")

            let casePage = try await advisor.get("/cases/\(id)").body.string
            XCTAssertTrue(casePage.contains("Accordé"))
            XCTAssertTrue(casePage.contains("40.000,00 MAD"), "amounts in the Moroccan French format")
            expectGreaterThan(try await app.count("audit_entries", where: "entity = 'beneficiary' AND action = 'read' AND summary LIKE 'referral%'"), 0)
        }
    }
}

extension CaseTests {
    func testTheCaseloadDownloadsAsASpreadsheetExcelReads() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let response = try await advisor.get("/cases.csv")
            XCTAssertEqual(response.headers.contentType?.description, "text/csv; charset=utf-8")
            let text = response.body.string
            XCTAssertTrue(text.hasPrefix("\u{FEFF}Nom;Nom en arabe;Téléphone;Étape"))
            XCTAssertTrue(text.contains("El Idrissi Fatima Zahra;فاطمة الزهراء الإدريسي;06 12 34 56 78;Plan d'action"))
            expectEqual(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 13, "a header and the 12 open cases")
            expectEqual(try await app.count("audit_entries", where: "action = 'export' AND entity = 'case'"), 1)

            let workbook = try await advisor.get("/cases.xlsx")
            XCTAssertEqual(workbook.headers.contentType?.description, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let rows = try XLSXReader.rows(Data(buffer: workbook.body))
            XCTAssertEqual(Array(rows[0].prefix(4)), ["Nom", "Nom en arabe", "Téléphone", "Étape"])
            let row = try unwrap(rows.first { $0.first == "El Idrissi Fatima Zahra" })
            XCTAssertEqual(Array(row.prefix(4)), ["El Idrissi Fatima Zahra", "فاطمة الزهراء الإدريسي", "06 12 34 56 78", "Plan d'action"])
            XCTAssertEqual(row[5], "1", "overdue actions are a number")
            expectEqual(rows.count, 13)
        }
    }
}
