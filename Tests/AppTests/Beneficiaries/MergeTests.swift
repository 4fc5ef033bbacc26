import SQLKit
import XCTVapor
@testable import App

/// Two records of one person: an advisor merges them, keeping every history, and can undo it exactly.
final class MergeTests: XCTestCase {
    /// Everything a merge touches, to compare before and after an undo.
    private struct Snapshot: Equatable {
        struct Person: Decodable, Equatable {
            let id: Int; let first_name: String; let last_name: String; let full_name_ar: String?; let sort_name: String; let gender: String
            let birth_year: Int?; let phone: String?; let cin: String?; let consent_at: Date?; let consent_purpose: String?; let province_id: Int?
            let user_id: Int?; let merged_into_id: Int?; let name_key: String?; let name_key_ar: String?
        }
        struct Owned: Decodable, Equatable { let id: Int; let beneficiary_id: Int }
        struct Term: Decodable, Equatable { let beneficiary_id: Int; let term: String }
        let people: [Person]
        let businesses: [Owned]
        let cases: [Owned]
        let terms: [Term]

        init(_ ids: [Int], _ app: Application) async throws {
            let list = SQLList(ids.map { SQLBind($0) })
            people = try await app.sql.raw("""
                SELECT id, first_name, last_name, full_name_ar, sort_name, gender, birth_year, phone, cin, consent_at, consent_purpose, province_id,
                       user_id, merged_into_id, name_key, name_key_ar FROM beneficiaries WHERE id IN (\(list)) ORDER BY id
                """).all(decoding: Person.self)
            businesses = try await app.sql.raw("SELECT id, beneficiary_id FROM businesses WHERE beneficiary_id IN (\(list)) ORDER BY id").all(decoding: Owned.self)
            cases = try await app.sql.raw("SELECT id, beneficiary_id FROM accompaniments WHERE beneficiary_id IN (\(list)) ORDER BY id").all(decoding: Owned.self)
            terms = try await app.sql.raw("SELECT beneficiary_id, term FROM beneficiary_terms WHERE beneficiary_id IN (\(list)) ORDER BY beneficiary_id, term")
                .all(decoding: Term.self)
        }
    }

    /// The demo entrepreneur (self-registered account, Arabic name, a case with a referral) met again in the field by an
    /// advisor who did not find her and registered her with another phone and her CIN.
    private func registerAgain(_ app: Application, by advisor: TestBrowser) async throws -> (field: Int, own: Int) {
        let own = try unwrap(try await app.id(of: "beneficiaries", where: "phone = \(bind: DemoData.entrepreneurPhone)"))
        let province = try unwrap(try await app.sql.raw("SELECT province_id FROM beneficiaries WHERE id = \(bind: own)").first()?
            .decode(column: "province_id", as: Int.self))
        let response = try await advisor.post("/beneficiaries", [
            "first_name": "Fatima Zahra", "last_name": "El Idrissi", "gender": "f", "phone": "0698 76 54 32", "cin": "BK998877",
            "preferred_language": "ar", "consent": "on", "province_id": String(province), "business_kind": "project",
            "business_name": "Atelier de couture", "confirm_duplicate": "on"])
        XCTAssertEqual(response.status, .seeOther, response.body.string)
        let field = try unwrap(try await app.id(of: "beneficiaries", where: "cin = 'BK998877'"))
        return (field, own)
    }

    func testAnAdvisorMergesTheDuplicateFromThePersonsPageThenUndoesItExactly() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let (field, own) = try await registerAgain(app, by: advisor)
            // She had withdrawn her consent from her own account: the merged record must not bring it back.
            try await PersonalDataRights(sql: app.sql).withdrawConsent(own)
            let before = try await Snapshot([field, own], app)

            let page = try await advisor.get("/beneficiaries/\(field)").body.string
            XCTAssertTrue(page.contains("id=\"look-alikes\""), "the demo record is suggested")
            XCTAssertTrue(page.contains("name=\"absorbed_id\" value=\"\(own)\""))

            let merged = try await advisor.post("/beneficiaries/\(field)/merge", ["absorbed_id": String(own)])
            XCTAssertEqual(merged.status, .seeOther, merged.body.string)
            let after = try await advisor.get(try unwrap(merged.headers.first(name: .location))).body.string
            XCTAssertTrue(after.contains("n&#39;en font plus qu&#39;une"))
            XCTAssertTrue(after.contains("Atelier de couture"), "its own project stays")
            expectEqual(try await app.count("accompaniments", where: "beneficiary_id = \(bind: field)"), before.cases.count, "both records' cases are here")
            expectEqual(try await app.count("businesses", where: "beneficiary_id = \(bind: field)"), before.businesses.count)
            let survivor = try unwrap(try await Snapshot([field], app).people.first)
            XCTAssertEqual(survivor.phone, "+212698765432", "a value the survivor has is never overwritten")
            XCTAssertEqual(survivor.full_name_ar, before.people.first { $0.id == own }?.full_name_ar, "a blank is filled")
            XCTAssertNotNil(survivor.user_id, "the entrepreneur's account now leads to the merged record")
            XCTAssertNil(survivor.consent_at, "a withdrawal on either record wins")

            let entrepreneur = TestBrowser(app)
            try await entrepreneur.signInByPhone("0612345678", e164: DemoData.entrepreneurPhone)
            let mine = try await entrepreneur.get("/me/data").body.string
            XCTAssertTrue(mine.contains("BK998877"))
            XCTAssertTrue(mine.contains("id=\"merged-records\"") && mine.contains("06 12 34 56 78"), "her other record is shown, as it is still held")
            let copy = try JSONDecoder.api.decode(PersonalDataRights.Copy.self, from: Data(buffer: try await entrepreneur.get("/me/data.json").body))
            XCTAssertEqual(copy.mergedRecords.map(\.phone), [DemoData.entrepreneurPhone], "the merged record is still held, so it is in her copy")

            let old = try await advisor.get("/beneficiaries/\(own)")
            XCTAssertEqual(old.status, .seeOther)
            XCTAssertEqual(old.headers.first(name: .location), "/beneficiaries/\(field)?from=\(own)")
            expectFalse(try await advisor.get("/beneficiaries").body.string.contains("href=\"/beneficiaries/\(own)\""), "hidden from the list")
            let search = try await advisor.get("/beneficiaries?q=\(TestBrowser.encode("الإدريسي"))").body.string
            XCTAssertTrue(search.contains("href=\"/beneficiaries/\(field)\""))
            XCTAssertFalse(search.contains("href=\"/beneficiaries/\(own)\""))
            expectEqual(try await app.count("audit_entries", where: "action = 'merge' AND entity_id = \(bind: String(field))"), 1)

            let mergeID = try unwrap(try await app.id(of: "beneficiary_merges", where: "survivor_id = \(bind: field)"))
            let undone = try await advisor.post("/merges/\(mergeID)/undo", [:])
            XCTAssertEqual(undone.status, .seeOther, undone.body.string)
            expectTrue(try await advisor.get(try unwrap(undone.headers.first(name: .location))).body.string.contains("de nouveau séparées"))
            let restored = try await Snapshot([field, own], app)
            XCTAssertEqual(restored, before, "both records are exactly as they were")
            expectFalse(try await entrepreneur.get("/me/data").body.string.contains("BK998877"))
            expectEqual(try await app.count("audit_entries", where: "action = 'unmerge' AND entity_id = \(bind: String(field))"), 1)
            expectEqual(try await advisor.post("/merges/\(mergeID)/undo", [:]).status, .conflict, "undone once")
        }
    }

    func testTheAPIMergesWithinReachRefusesWhatCannotBeMergedAndUndoesInOrder() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let (field, own) = try await registerAgain(app, by: advisor)
            let api = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            let tester = try app.testable()
            func post(_ path: String, _ json: String? = nil) async throws -> XCTHTTPResponse {
                try await tester.sendRequest(.POST, path, headers: api, body: json.map { ByteBuffer(string: $0) })
            }

            let lookAlikes = try JSONDecoder().decode([APIDTO.LookAlike].self, from: Data(buffer: try await tester.sendRequest(.GET, "/api/v1/beneficiaries/\(field)/duplicates", headers: api).body))
            XCTAssertTrue(lookAlikes.contains { $0.id == own && $0.reasons.contains("name") })

            let elsewhere = try unwrap(try await app.id(of: "beneficiaries", where: "region_id = (SELECT id FROM regions WHERE code = '05')"))
            let outside = try await post("/api/v1/beneficiaries/\(field)/merges", #"{"absorbedId": \#(elsewhere)}"#)
            XCTAssertEqual(outside.status, .unprocessableEntity)
            XCTAssertTrue(outside.body.string.contains("absorbedId"))
            expectEqual(try await post("/api/v1/beneficiaries/\(field)/merges", #"{"absorbedId": \#(field)}"#).status, .unprocessableEntity)
            expectEqual(try await post("/api/v1/beneficiaries/\(elsewhere)/merges", #"{"absorbedId": \#(field)}"#).status, .notFound)
            expectEqual(try await app.count("beneficiary_merges"), 0, "nothing half-saved")

            let first = try await post("/api/v1/beneficiaries/\(field)/merges", #"{"absorbedId": \#(own)}"#)
            XCTAssertEqual(first.status, .created, first.body.string)
            let merge = try JSONDecoder.api.decode(APIDTO.Merge.self, from: Data(buffer: first.body))
            XCTAssertTrue(merge.filled.contains("full_name_ar"))
            XCTAssertFalse(merge.movedCaseIds.isEmpty)
            expectEqual(try await post("/api/v1/beneficiaries/\(field)/merges", #"{"absorbedId": \#(own)}"#).status, .conflict, "already merged")

            // The merged record is merged again into a third one: the first merge can only be undone after the second.
            let third = try unwrap(try await app.id(of: "beneficiaries", where: "structure_id = (SELECT structure_id FROM beneficiaries WHERE id = \(bind: field)) AND id NOT IN (\(bind: field), \(bind: own)) AND user_id IS NULL"))
            let second = try JSONDecoder.api.decode(APIDTO.Merge.self, from: Data(buffer: try await post("/api/v1/beneficiaries/\(third)/merges", #"{"absorbedId": \#(field)}"#).body))
            let early = try await post("/api/v1/merges/\(merge.id)/undo")
            XCTAssertEqual(early.status, .conflict)
            XCTAssertTrue(early.body.string.contains("merged_again"))
            expectEqual(try await post("/api/v1/merges/\(second.id)/undo").status, .ok)
            let undone = try await post("/api/v1/merges/\(merge.id)/undo")
            XCTAssertEqual(undone.status, .ok, undone.body.string)
            XCTAssertNotNil(try JSONDecoder.api.decode(APIDTO.Merge.self, from: Data(buffer: undone.body)).undoneAt)
            expectEqual(try await app.count("beneficiaries", where: "merged_into_id IS NOT NULL"), 0)

            // A national administrator merges across regions; an advisor who reaches only one side cannot undo it.
            let admin = try await app.apiHeaders(for: "admin@demo.maillage.ma")
            let national = try await tester.sendRequest(.POST, "/api/v1/beneficiaries/\(field)/merges", headers: admin,
                                                        body: ByteBuffer(string: #"{"absorbedId": \#(elsewhere)}"#))
            XCTAssertEqual(national.status, .created, national.body.string)
            let across = try JSONDecoder.api.decode(APIDTO.Merge.self, from: Data(buffer: national.body))
            expectEqual(try await post("/api/v1/merges/\(across.id)/undo").status, .notFound)
            expectEqual(try await tester.sendRequest(.POST, "/api/v1/merges/\(across.id)/undo", headers: admin).status, .ok)
        }
    }

    func testErasingAPersonAlsoErasesTheRecordsMergedIntoTheirs() async throws {
        try await withApp { app in
            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            let (field, own) = try await registerAgain(app, by: advisor)
            expectEqual(try await advisor.post("/beneficiaries/\(field)/merge", ["absorbed_id": String(own)]).status, .seeOther)
            try await PersonalDataRights(sql: app.sql).anonymise(field, database: app.db)
            expectEqual(try await app.count("beneficiaries", where: "id = \(bind: own) AND anonymised_at IS NOT NULL AND phone IS NULL AND full_name_ar IS NULL"), 1)
            let mergeID = try unwrap(try await app.id(of: "beneficiary_merges", where: "survivor_id = \(bind: field)"))
            expectEqual(try await advisor.post("/merges/\(mergeID)/undo", [:]).status, .conflict, "an erased person is not brought back")
        }
    }
}
