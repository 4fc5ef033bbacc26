import SQLKit
import XCTVapor
@testable import App

/// Diagnostics by instrument: taken from a case, scored, advised, repeated to show progress; instruments edited by
/// an administrator in each language without changing past results.
final class DiagnosticTests: XCTestCase {
    private func demoCase(_ app: Application) async throws -> Int {
        try unwrap(try await app.id(of: "accompaniments", where: "beneficiary_id = (SELECT id FROM beneficiaries WHERE user_id IS NOT NULL)"))
    }

    private func instrument(_ code: String, _ app: Application) async throws -> Instrument {
        try unwrap(try await InstrumentCatalogue(sql: app.sql).find(code: code))
    }

    /// The form's answers: every question at the given option index, except those overridden.
    private func answers(_ instrument: Instrument, all index: Int, _ overrides: [String: Int] = [:]) -> [String: String] {
        var form = ["instrument": String(instrument.id)]
        for question in instrument.questions { form["q_\(question.code)"] = String(overrides[question.code] ?? index) }
        return form
    }

    func testAnAdvisorTakesTheFinancialHealthDiagnosticTwiceAndSeesTheProgress() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let health = try await instrument("financial_health", app)
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let casePage = try await advisor.get("/cases/\(id)").body.string
            XCTAssertTrue(casePage.contains("/cases/\(id)/diagnostics/new?instrument=\(health.id)"))
            let form = try await advisor.get("/cases/\(id)/diagnostics/new?instrument=\(health.id)").body.string
            XCTAssertTrue(form.contains("Les recettes et dépenses sont-elles notées ?"))

            var first = answers(health, all: 0, ["bank_account": 1])
            first["taken_on"] = "2026-01-10"
            let missing = try await advisor.post("/cases/\(id)/diagnostics", first.filter { $0.key != "q_debts" })
            XCTAssertEqual(missing.status, .unprocessableEntity)
            XCTAssertTrue(missing.body.string.contains("Choisissez une réponse à cette question."))
            XCTAssertTrue(missing.body.string.contains("id=\"f-q_bank_account-1\" name=\"q_bank_account\" value=\"1\" checked"), "answers given are kept")
            expectEqual(try await app.count("diagnostics"), 0, "nothing half-saved")

            let saved = try await advisor.post("/cases/\(id)/diagnostics", first)
            XCTAssertEqual(saved.status, .seeOther, saved.body.string)
            let result = try await advisor.get(try unwrap(saved.headers.first(name: .location))).body.string
            XCTAssertTrue(result.contains("10 %"), "1 point of 10")
            XCTAssertTrue(result.contains("Mettre en place un cahier de caisse simple"), "advice for a weak answer")

            var second = answers(health, all: 2, ["cash_months": 1])
            second["taken_on"] = "2026-06-10"
            let again = try await advisor.post("/cases/\(id)/diagnostics", second)
            let progress = try await advisor.get(try unwrap(again.headers.first(name: .location))).body.string
            XCTAssertTrue(progress.contains("Depuis le 2026-01-10 : 10 % → 90 %"))
            XCTAssertTrue(progress.contains("+80 points"))
            XCTAssertTrue(progress.contains("Construire un budget prévisionnel"), "the one answer below the best keeps its advice")
            XCTAssertFalse(progress.contains("Mettre en place un cahier de caisse simple"))
            expectTrue(try await advisor.get("/cases/\(id)").body.string.contains("+80 points"), "the case shows the progress")

            advisor.acceptLanguage = "ar"
            try await advisor.get("/lang/ar")
            expectTrue(try await advisor.get(try unwrap(again.headers.first(name: .location))).body.string.contains("إعداد ميزانية تقديرية"))

            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            expectEqual(try await elsewhere.get(try unwrap(again.headers.first(name: .location))).status, .notFound)
        }
    }

    func testAnAdministratorEditsAnInstrumentInEachLanguageAndPastResultsStayAsTaken() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let digital = try await instrument("digital_maturity", app)
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.post("/cases/\(id)/diagnostics", answers(digital, all: 1)).status, .seeOther)
            expectEqual(try await advisor.get("/admin/instruments").status, .forbidden)

            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            expectTrue(try await admin.get("/admin/instruments").body.string.contains("Maturité numérique"))
            let question = try unwrap(digital.questions.first { $0.code == "social_page" })
            let path = "/admin/instruments/\(digital.id)/questions/\(question.id)"
            var edit = ["code": "social_page", "position": "2", "text_fr": "L'activité est-elle visible sur Instagram ou Facebook ?",
                        "text_ar": "هل النشاط ظاهر على إنستغرام أو فيسبوك؟", "text_en": "Is the business visible on Instagram or Facebook?",
                        "options": "0 | Non | لا | No\n3 | Oui | نعم\n", "recommendation_fr": "Ouvrir une page."]
            let refused = try await admin.post(path, edit)
            XCTAssertEqual(refused.status, .unprocessableEntity)
            for message in ["Ligne 2 : écrivez les points (0 à 100) puis les trois libellés", "Ce champ est obligatoire."] {
                XCTAssertTrue(refused.body.string.contains(message), "missing: \(message)")
            }
            XCTAssertTrue(refused.body.string.contains("Instagram ou Facebook"), "what was typed is kept")

            edit["options"] = "0 | Non | لا | No\n3 | Oui | نعم | Yes"
            edit["recommendation_ar"] = "افتح صفحة."
            edit["recommendation_en"] = "Open a page."
            expectEqual(try await admin.post(path, edit).status, .seeOther)
            let changed = try await instrument("digital_maturity", app)
            XCTAssertEqual(changed.questions.first { $0.id == question.id }?.text.ar, "هل النشاط ظاهر على إنستغرام أو فيسبوك؟")
            XCTAssertEqual(changed.questions.first { $0.id == question.id }?.maxPoints, 3)

            let past = try unwrap(try await app.id(of: "diagnostics", where: "accompaniment_id = \(bind: id)"))
            let page = try await advisor.get("/cases/\(id)/diagnostics/\(past)").body.string
            XCTAssertTrue(page.contains("L&#39;activité a-t-elle une page sur un réseau social ?"), "the question as it was asked")
            XCTAssertTrue(page.contains("50 %"))

            expectEqual(try await admin.post("/admin/instruments", ["code": "export readiness", "name_fr": "Export"]).status, .unprocessableEntity)
            let created = try await admin.post("/admin/instruments", ["code": "export_readiness", "name_fr": "Prêt à exporter", "name_ar": "الجاهزية للتصدير",
                                                                     "name_en": "Export readiness"])
            XCTAssertEqual(created.status, .seeOther)
            expectFalse(try await advisor.get("/cases/\(id)").body.string.contains("Prêt à exporter"), "a new instrument waits until switched on")
            expectEqual(try await app.count("audit_entries", where: "entity = 'instrument'"), 2)
        }
    }

    func testTheAPIListsInstrumentsAndTakesADiagnostic() async throws {
        try await withApp { app in
            let id = try await demoCase(app)
            let api = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            let tester = try app.testable()
            let listed = try JSONDecoder.api.decode([APIDTO.Instrument].self, from: Data(buffer: try await tester.sendRequest(.GET, "/api/v1/instruments", headers: api).body))
            XCTAssertEqual(Set(listed.map(\.code)), ["needs", "financial_health", "digital_maturity", "digital_checkup"])
            let needs = try unwrap(listed.first { $0.code == "needs" })
            XCTAssertEqual(needs.questions.first?.text.ar, "هل تمويل النشاط مضمون؟")

            var answers = Dictionary(uniqueKeysWithValues: needs.questions.map { ($0.code, 2) })
            answers["financing"] = 0
            let body = try JSONEncoder().encode(APIDTO.NewDiagnostic(instrument: "needs", takenOn: nil, answers: answers))
            let taken = try await tester.sendRequest(.POST, "/api/v1/cases/\(id)/diagnostics", headers: api, body: ByteBuffer(data: body))
            XCTAssertEqual(taken.status, .created, taken.body.string)
            let diagnostic = try JSONDecoder.api.decode(APIDTO.Diagnostic.self, from: Data(buffer: taken.body))
            XCTAssertEqual(diagnostic.score, 80)
            XCTAssertEqual(diagnostic.recommendations.map(\.question), ["financing"])

            answers.removeValue(forKey: "skills")
            let incomplete = try await tester.sendRequest(.POST, "/api/v1/cases/\(id)/diagnostics", headers: api,
                                                          body: ByteBuffer(data: try JSONEncoder().encode(APIDTO.NewDiagnostic(instrument: "needs", takenOn: nil, answers: answers))))
            XCTAssertEqual(incomplete.status, .unprocessableEntity)
            XCTAssertTrue(incomplete.body.string.contains("q_skills"))

            let elsewhere = try await app.apiHeaders(for: "advisor.bm@demo.maillage.ma")
            expectEqual(try await tester.sendRequest(.GET, "/api/v1/cases/\(id)/diagnostics", headers: elsewhere).status, .notFound)
            let onCase = try JSONDecoder.api.decode(APIDTO.Case.self, from: Data(buffer: try await tester.sendRequest(.GET, "/api/v1/cases/\(id)", headers: api).body))
            XCTAssertEqual(onCase.diagnostics.map(\.score), [80])
        }
    }
}
