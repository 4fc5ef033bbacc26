import Domain
import XCTVapor
@testable import App

/// Registering people as advisors do in the field: every written form accepted, look-alikes caught, nothing half-saved.
final class RegistryTests: XCTestCase {
    private func walkIn(_ extra: [String: String] = [:]) -> [String: String] {
        ["first_name": "Khadija", "last_name": "Bennani", "gender": "f", "birth_year": "1991", "phone": "+212 661-234567",
         "preferred_language": "ar", "consent": "on", "business_kind": "business", "business_name": "Couture Khadija",
         "legal_status": "informal", "sector": "textile", "turnover_band": "lt_100k"].merging(extra) { _, new in new }
    }

    func testAnAdvisorRegistersAnInformalWalkInAndLandsOnTheNewIntakeCase() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectTrue(try await advisor.get("/beneficiaries/new").body.string.contains("name=\"business_name\""))

            let response = try await advisor.post("/beneficiaries", walkIn())
            XCTAssertEqual(response.status, .seeOther, response.body.string)
            let location = try XCTUnwrap(response.headers.first(name: .location))
            XCTAssertTrue(location.hasPrefix("/cases/"))
            let page = try await advisor.get(location)
            XCTAssertTrue(page.body.string.contains("Bennani Khadija"))
            XCTAssertTrue(page.body.string.contains("La personne est enregistrée"))
            XCTAssertTrue(page.body.string.contains("Accueil"), "the case starts at intake")

            let id = try unwrap(try await app.id(of: "beneficiaries", where: "last_name = 'Bennani' AND first_name = 'Khadija'"))
            expectEqual(try await app.count("beneficiaries", where: "id = \(bind: id) AND phone = '+212661234567' AND cin IS NULL"), 1)
            expectEqual(try await app.count("businesses", where: "beneficiary_id = \(bind: id) AND legal_status = 'informal' AND ice IS NULL"), 1)
            expectEqual(try await app.count("accompaniments", where: "beneficiary_id = \(bind: id) AND stage = 'intake' AND advisor_id IS NOT NULL"), 1)
            expectEqual(try await app.count("audit_entries", where: "action = 'create' AND entity = 'beneficiary' AND entity_id = \(bind: String(id))"), 1)
        }
    }

    func testBadInputNamesEveryFieldInTheReadersLanguageAndSavesNothing() async throws {
        try await withApp { app in
            let before = try await app.count("beneficiaries")
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let bad = walkIn(["phone": "12345", "cin": "123456", "ice": "12345", "consent": "", "legal_status": "", "birth_year": "1850"])
            let response = try await advisor.post("/beneficiaries", bad)
            XCTAssertEqual(response.status, .unprocessableEntity)
            let body = response.body.string
            for message in ["Un numéro marocain compte 10 chiffres", "Une CIN s&#39;écrit avec une ou deux lettres", "L&#39;ICE compte 15 chiffres ; vous en avez saisi 5",
                            "Sans consentement", "Choisissez une valeur de la liste", "Un nombre entier de"] {
                XCTAssertTrue(body.contains(message), "missing: \(message)")
            }
            XCTAssertTrue(body.contains("value=\"Couture Khadija\""), "what was typed is kept")

            advisor.acceptLanguage = "ar"
            try await advisor.get("/lang/ar")
            let arabic = try await advisor.post("/beneficiaries", bad)
            XCTAssertTrue(arabic.body.string.contains("يتكون ICE من 15 رقما"))
            expectEqual(try await app.count("beneficiaries"), before)
            expectEqual(try await app.count("accompaniments"), before)
        }
    }

    func testAnICEWhoseKeyFailsIsKeptWithAWarning() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let response = try await advisor.post("/beneficiaries", walkIn(["legal_status": "company", "ice": "001 561 191 000 067"]))
            XCTAssertEqual(response.status, .seeOther, response.body.string)
            let page = try await advisor.get(try XCTUnwrap(response.headers.first(name: .location)))
            XCTAssertTrue(page.body.string.contains("la clé de contrôle de cet ICE ne correspond pas"))
            expectEqual(try await app.count("businesses", where: "ice = '001561191000067'"), 1)
        }
    }

    func testLookAlikesAreCaughtAcrossScriptsAndScopesThenConfirmed() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let province = try unwrap(try await app.id(of: "provinces", where: "code = '06-01'"))
            expectEqual(try await advisor.post("/beneficiaries", walkIn(["first_name": "Youssef", "last_name": "El Amrani", "gender": "m",
                                                                         "phone": "", "province_id": String(province)])).status, .seeOther)
            // The same man, written in Arabic only, met again in the same province.
            let arabic = ["full_name_ar": "يوسف العمراني", "first_name": "", "last_name": "", "gender": "m", "phone": "", "province_id": String(province)]
            let caught = try await advisor.post("/beneficiaries", walkIn(arabic))
            XCTAssertEqual(caught.status, .conflict)
            XCTAssertTrue(caught.body.string.contains("El Amrani Youssef"))
            XCTAssertTrue(caught.body.string.contains("nom semblable dans la même province"))

            // A phone already held by Béni Mellal's structure: flagged, but no name from outside the advisor's scope.
            let other = try unwrap(try await app.sql.raw("SELECT phone FROM beneficiaries WHERE phone IS NOT NULL AND region_id = (SELECT id FROM regions WHERE code = '05')").first()?.decode(column: "phone", as: String.self))
            let outside = try await advisor.post("/beneficiaries", walkIn(["phone": other]))
            XCTAssertEqual(outside.status, .conflict)
            XCTAssertTrue(outside.body.string.contains("Une personne suivie par Structure régionale d&#39;appui aux TPE Béni Mellal-Khénifra"))
            XCTAssertTrue(outside.body.string.contains("même téléphone"))

            let before = try await app.count("beneficiaries")
            expectEqual(try await advisor.post("/beneficiaries", walkIn(arabic.merging(["confirm_duplicate": "on"]) { _, new in new })).status, .seeOther)
            expectEqual(try await app.count("beneficiaries"), before + 1)
        }
    }

    func testSearchByNameFragmentInEitherScriptPhoneCINAndICEStaysInScope() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.post("/beneficiaries", walkIn(["cin": "bk 123456", "legal_status": "company", "ice": "001561191000066"])).status, .seeOther)

            func found(_ query: String, by browser: TestBrowser) async throws -> String {
                let response = try await browser.get("/beneficiaries?q=\(TestBrowser.encode(query))")
                XCTAssertEqual(response.status, .ok)
                return response.body.string
            }
            expectTrue(try await found("benn", by: advisor).contains("Bennani Khadija"), "Latin prefix")
            expectTrue(try await found("خديجة", by: advisor).contains("Bennani Khadija"), "Arabic spelling of a Latin-only name")
            expectTrue(try await found("khadija benn", by: advisor).contains("Bennani Khadija"), "two words")
            expectFalse(try await found("khadija idrissi", by: advisor).contains("Bennani Khadija"), "every word must match")
            expectTrue(try await found("الادر", by: advisor).contains("El Idrissi Fatima Zahra"), "Arabic prefix")
            expectTrue(try await found("06 61 23 45 67", by: advisor).contains("Bennani Khadija"), "phone as typed")
            expectTrue(try await found("BK123456", by: advisor).contains("Bennani Khadija"), "CIN")
            expectTrue(try await found("001561191000066", by: advisor).contains("Bennani Khadija"), "ICE")
            expectTrue(try await found("zzzz", by: advisor).contains("Personne ne correspond"))

            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            for query in ["benn", "06 61 23 45 67", "BK123456", "001561191000066"] {
                expectFalse(try await found(query, by: elsewhere).contains("Bennani"), "another region's advisor finds nothing: \(query)")
            }
            expectEqual(try await advisor.get("/beneficiaries?stage=nonsense").status, .unprocessableEntity)
            expectEqual(try await app.count("audit_entries", where: "action = 'search'"), 13)
        }
    }

    func testAnAdvisorCorrectsARecordAndSearchFollows() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.post("/beneficiaries", walkIn()).status, .seeOther)
            let id = try unwrap(try await app.id(of: "beneficiaries", where: "last_name = 'Bennani' AND first_name = 'Khadija'"))
            let form = try await advisor.get("/beneficiaries/\(id)/edit").body.string
            XCTAssertTrue(form.contains("value=\"06 61 23 45 67\""), "the phone as people write it")

            let fields = ["first_name": "Khadija", "last_name": "Bennani Alaoui", "full_name_ar": "خديجة بناني", "gender": "f", "birth_year": "1991",
                          "phone": "0661234567", "cin": "", "preferred_language": "ar"]
            let refused = try await advisor.post("/beneficiaries/\(id)/edit", fields.merging(["cin": "12", "phone": "1234"]) { _, new in new })
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.string.contains("Une CIN s&#39;écrit avec une ou deux lettres"))
            expectEqual(try await app.count("beneficiaries", where: "id = \(bind: id) AND last_name = 'Bennani'"), 1, "nothing half-saved")

            let saved = try await advisor.post("/beneficiaries/\(id)/edit", fields)
            XCTAssertEqual(saved.status, .seeOther, saved.body.string)
            expectTrue(try await advisor.get("/beneficiaries?q=alaoui").body.string.contains("Bennani Alaoui Khadija"), "search follows the correction")
            expectTrue(try await advisor.get("/beneficiaries?q=\(TestBrowser.encode("بنا"))").body.string.contains("Bennani Alaoui Khadija"))
            expectEqual(try await app.count("audit_entries", where: "action = 'update' AND entity_id = \(bind: String(id)) AND summary = 'fields: last_name,full_name_ar'"), 1)

            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.bm@demo.maillage.ma")
            expectEqual(try await elsewhere.post("/beneficiaries/\(id)/edit", fields).status, .notFound)
        }
    }

    func testASearchOfSeveralWordsFindsTheSamePeopleWhetherItIntersectsOrWalks() async throws {
        try await withApp { app in
            let scope = Policy.systemScope
            for query in ["fatima idrissi", "el idrissi", "فاطمة الإدريسي", "mohamed alaoui", "zahra f"] {
                let intersected = try await BeneficiarySearch.nameMatches(query, scope: scope, limit: 1_000, on: app.sql)
                let walked = try await BeneficiarySearch.nameMatches(query, scope: scope, limit: 1_000, cap: 0, on: app.sql)
                XCTAssertEqual(Set(intersected), Set(walked), query)
            }
            expectFalse(try await BeneficiarySearch.nameMatches("fatima idrissi", scope: scope, limit: 50, on: app.sql).isEmpty, "the demo entrepreneur")
        }
    }

    /// People with these first and last names in the first regional structure, in this order; their ids.
    private func register(_ names: [(String, String)], in app: Application) async throws -> [Int] {
        let structure = try unwrap(try await app.id(of: "structures", where: "kind = 'regional'"))
        let region = try unwrap(try await app.sql.raw("SELECT region_id FROM structures WHERE id = \(bind: structure)").first()?.decode(column: "region_id", as: Int.self))
        return try await BeneficiaryGenerator.insert(names.map { name in
            BeneficiaryGenerator.Row(firstName: name.0, lastName: name.1, fullNameArabic: "", gender: "f", birthYear: nil, phone: nil, cin: nil,
                                     language: "fr", consentAt: Date(), regionID: region, provinceID: nil, structureID: structure, userID: nil, business: nil)
        }, on: app.sql)
    }

    func testAOneWordSearchShowsNamesBeginningWithItBeforeSoundAlikes() async throws {
        try await withApp { app in
            // Sound-alikes first in id order, so only an explicit order keeps the names that begin with the word.
            let ids = try await register([("Salma", "Qarmouzy"), ("Nadia", "Qarmouzy"), ("Imane", "Qarmouzine")], in: app)
            let shown = try await BeneficiarySearch.nameMatches("qarmouzi", scope: Policy.systemScope, limit: 1, on: app.sql)
            XCTAssertEqual(shown, [ids[2]])
            let all = try await BeneficiarySearch.nameMatches("qarmouzi", scope: Policy.systemScope, limit: 1_000, on: app.sql)
            XCTAssertTrue(Set(ids).isSubset(of: Set(all)), "the sound-alikes are found too")
        }
    }

    func testTwoCommonWordsShowPeopleSpelledAsTypedBeforeSoundAlikes() async throws {
        try await withApp { app in
            // Sound-alikes of either word come first in id order, so a walk from either word's range would show them.
            let soundAlikes = [("Samira", "Qarmouzy"), ("Samira", "Qarmouzy"), ("Samyra", "Qarmouzi"), ("Samyra", "Qarmouzi")]
            let ids = try await register(soundAlikes + Array(repeating: ("Samira", "Qarmouzi"), count: 3), in: app)
            // A cap of 0 makes both words common, as "mohamed alaoui" is among 2,000,000 people.
            let shown = try await BeneficiarySearch.nameMatches("samira qarmouzi", scope: Policy.systemScope, limit: 3, cap: 0, on: app.sql)
            XCTAssertEqual(Set(shown), Set(ids.suffix(3)))
            let reversed = try await BeneficiarySearch.nameMatches("qarmouzi sam", scope: Policy.systemScope, limit: 3, cap: 0, on: app.sql)
            XCTAssertEqual(Set(reversed), Set(ids.suffix(3)), "in either order, the second word as a beginning")
            let all = try await BeneficiarySearch.nameMatches("samira qarmouzi", scope: Policy.systemScope, limit: 1_000, cap: 0, on: app.sql)
            XCTAssertEqual(Set(all), Set(ids), "when the page has room, sound-alikes are found too")
        }
    }

    func testPeopleRegisteredBeforePairRowsGetThemFromTheirWords() async throws {
        try await withApp { app in
            func pairRows() async throws -> Set<String> {
                Set(try await app.sql.raw("SELECT beneficiary_id, term FROM beneficiary_terms WHERE term >= 'p:' AND term < 'p;'").all().map {
                    "\(try $0.decode(column: "beneficiary_id", as: Int.self)) \(try $0.decode(column: "term", as: String.self))"
                })
            }
            let written = try await pairRows()
            let arabicPair = "p:" + NameFolding.words("فاطمة الإدريسي").joined(separator: " ")
            XCTAssertTrue(written.contains { $0.hasSuffix(" \(arabicPair)") }, "the demo entrepreneur's Arabic name as a pair")
            try await AddSearchTermPairs().revert(on: app.db)
            expectEqual(try await app.count("beneficiary_terms", where: "term >= 'p:' AND term < 'p;'"), 0)
            try await AddSearchTermPairs().prepare(on: app.db)
            expectEqual(try await pairRows(), written)
        }
    }

    func testUpgradingTheSearchRowsKeepsEveryRowAndTheSearch() async throws {
        try await withApp { app in
            func rows() async throws -> [String] {
                try await app.sql.raw("SELECT beneficiary_id, term, structure_id, region_id FROM beneficiary_terms ORDER BY beneficiary_id, term").all().map {
                    "\(try $0.decode(column: "beneficiary_id", as: Int.self)) \(try $0.decode(column: "term", as: String.self)) "
                        + "\(try $0.decode(column: "structure_id", as: Int?.self) ?? 0) \(try $0.decode(column: "region_id", as: Int.self))"
                }
            }
            let before = try await rows()
            try await ClusterSearchRowsByPerson().revert(on: app.db)
            try await ClusterSearchRowsByPerson().prepare(on: app.db)
            expectEqual(try await rows(), before)
            expectFalse(try await BeneficiarySearch.nameMatches("fatima idrissi", scope: Policy.systemScope, limit: 50, on: app.sql).isEmpty)
        }
    }

    func testTheListFiltersByProvinceAndAdvisorWithinScope() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let page = try await advisor.get("/beneficiaries").body.string
            XCTAssertTrue(page.contains("name=\"province\""))
            XCTAssertFalse(page.contains(">Béni Mellal<"), "provinces of other regions are not offered")
            let province = try unwrap(try await app.sql.raw("""
                SELECT province_id FROM beneficiaries WHERE structure_id = (SELECT scope_id FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE u.email = 'advisor.casa@demo.maillage.ma') AND province_id IS NOT NULL ORDER BY id LIMIT 1
                """).first()?.decode(column: "province_id", as: Int.self))
            let expected = try await app.count("beneficiaries", where: "province_id = \(bind: province)")
            let filtered = try await advisor.get("/beneficiaries?province=\(province)").body.string
            expectEqual(filtered.components(separatedBy: "<tr><td><a href=\"/beneficiaries/").count - 1, expected)

            let me = try unwrap(try await app.id(of: "users", where: "email = 'advisor.casa@demo.maillage.ma'"))
            let mine = try await advisor.get("/beneficiaries?advisor=\(me)").body.string
            let cases = try await app.count("beneficiaries", where: "id IN (SELECT beneficiary_id FROM accompaniments WHERE advisor_id = \(bind: me))")
            expectEqual(mine.components(separatedBy: "<tr><td><a href=\"/beneficiaries/").count - 1, min(cases, 50))
            expectEqual(try await advisor.get("/beneficiaries?province=abc").status, .unprocessableEntity)
        }
    }
}
