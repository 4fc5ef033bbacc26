import Domain
import SQLKit
import XCTVapor
@testable import App

/// The staff pages of the catalogue: an administrator changes a rule in the browser; a structure manager runs a
/// campaign from the page, reviews and excludes before sending.
final class MeasurePagesTests: XCTestCase {
    func testAnAdministratorChangesARuleAndAMistakeIsShownWithItsLineInFrench() async throws {
        try await withApp { app in
            let forsa = try unwrap(try await app.id(of: "measures", where: "code = 'forsa'"))
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let page = try await admin.get("/admin/measures/\(forsa)").body.string
            XCTAssertTrue(page.contains("age at_least 18"), "the rule in force, as text")

            let wrong = try await admin.post("/admin/measures/\(forsa)/rules", ["criteria": "age at_least 18\nany:\nresidence in morocco",
                                                                                "valid_from": "2027-01-01", "rule_source": "Note"])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("Ligne 2 : ce groupe n&#39;a aucune condition en dessous."), wrong.body.string)
            XCTAssertTrue(wrong.body.string.contains("residence in morocco"), "the text typed is kept")
            expectEqual(try await app.count("measure_rules", where: "measure_id = \(bind: forsa)"), 1, "nothing half-saved")

            let saved = try await admin.post("/admin/measures/\(forsa)/rules", ["criteria": "age at_least 18\nany:\n  residence in morocco\n  graduate is yes",
                                                                                "valid_from": "2027-01-01", "rule_source": "Note 2027"])
            XCTAssertEqual(saved.status, .seeOther, saved.body.string)
            let after = try await admin.get("/admin/measures/\(forsa)").body.string
            XCTAssertTrue(after.contains("2022-03-01 → 2026-12-31"), "the shipped version now ends the day before")
            XCTAssertTrue(after.contains("2027-01-01 → …"))
            XCTAssertTrue(after.contains("rule from 2027-01-01"), "the history names the change")

            let edit = try await admin.post("/admin/measures/\(forsa)", try unwrap(try await MeasureCatalogue(sql: app.sql).find(id: forsa, on: .today())).draft.values
                                                .merging(["rate_percent": "deux"]) { _, new in new })
            XCTAssertEqual(edit.status, .unprocessableEntity)
            XCTAssertTrue(edit.body.string.contains("Un pourcentage de 0 à 100"))

            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/admin/measures").status, .forbidden)
        }
    }

    func testAStructureManagerRunsACampaignFromThePagesAndExcludesSomeoneBeforeSending() async throws {
        try await withApp { app in
            let youth = try unwrap(try await app.id(of: "measures", where: "code = 'indh_youth'"))
            let casablanca = try unwrap(try await app.id(of: "regions", where: "code = '06'"))
            let structure = try unwrap(try await app.id(of: "structures", where: "region_id = \(bind: casablanca) AND parent_id IS NULL"))
            var draft = BeneficiaryDraft()
            draft.firstName = "Imane"; draft.lastName = "Campagne"; draft.phone = "+212677000001"; draft.consent = true
            draft.birthYear = Day.today().year - 22
            draft.provinceID = try await app.id(of: "provinces", where: "code = '06-01'")
            let imane = try await BeneficiaryRegistry(sql: app.sql).requestContact(draft, database: app.db).beneficiaryID

            let manager = TestBrowser(app)
            try await manager.signIn("manager.casa@demo.maillage.ma")
            let form = try await manager.get("/campaigns").body.string
            XCTAssertTrue(form.contains("value=\"structure:\(structure)\""))
            XCTAssertFalse(form.contains("value=\"all\""), "only national users campaign over the whole country")
            let refused = try await manager.post("/campaigns", ["measure_id": String(youth), "scope": "all"])
            XCTAssertEqual(refused.status, .unprocessableEntity)

            let created = try await manager.post("/campaigns", ["measure_id": String(youth), "scope": "structure:\(structure)"])
            XCTAssertEqual(created.status, .seeOther, created.body.string)
            let location = try unwrap(created.headers.first(name: .location))
            try await app.runJobs()
            let review = try await manager.get(location).body.string
            XCTAssertTrue(review.contains("Campagne Imane"), "the person found is listed")
            let campaign = try unwrap(Int(location.split(separator: "/").last!))
            let excluded = try await manager.post("/campaigns/\(campaign)/recipients/\(imane)", ["excluded": "1", "after": "0"])
            XCTAssertEqual(excluded.status, .seeOther)
            expectEqual(try await manager.post("/campaigns/\(campaign)/send", [:]).status, .seeOther)
            try await app.runJobs()
            let texted = await app.recorder.sent.filter { $0.template == "measure_campaign" }.map(\.to)
            XCTAssertFalse(texted.contains("+212677000001"), "an excluded person is not texted")

            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("advisor.marrakech@demo.maillage.ma")
            expectEqual(try await elsewhere.get(location).status, .forbidden, "advisors do not run campaigns")
            expectEqual(try await app.count("audit_entries", where: "entity = 'campaign' AND entity_id = \(bind: String(campaign))"), 4, "created, listed, exclusion, sent")
        }
    }
}
