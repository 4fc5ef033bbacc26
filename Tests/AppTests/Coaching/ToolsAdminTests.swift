import XCTVapor
@testable import App

/// Administrators edit the budget templates entrepreneurs start from.
final class ToolsAdminTests: XCTestCase {
    func testAnAdministratorEditsATemplateAndTheBudgetBuilderStartsFromIt() async throws {
        try await withApp { app in
            let admin = TestBrowser(app)
            try await admin.signIn("admin@demo.maillage.ma")
            let page = try await admin.get("/admin/tools").body.string
            expectEqual(page.components(separatedBy: "<details class=\"card\" id=\"template-").count - 1, CoachingReference.shipped.templates.count)
            XCTAssertTrue(page.contains("Loi 114-13"), "the auto-entrepreneur rules' source is shown")

            var values = ToolsAdminViews.values(try unwrap(try await BudgetTemplates(sql: app.sql).find(code: "grocery")))
            values["fixed_costs"] = "4 200,50"
            values["coefficients"] = "1 1 1 1 1 1 1 1 1 1 1,2 1,5"
            expectEqual(try await admin.post("/admin/tools/templates/grocery", values).status, .seeOther)
            let budget = try await TestBrowser(app).get("/tools/budget?template=grocery").body.string
            XCTAssertTrue(budget.contains("name=\"fixed_costs\" type=\"text\" value=\"4200.5\""), "the builder starts from the edited figures")
            XCTAssertTrue(budget.contains("name=\"sales_12\" type=\"text\" value=\"45000\""), "December at 1.5 times an average month of 30,000")
            expectEqual(try await app.count("audit_entries", where: "entity = 'budget_template' AND entity_id = 'grocery'"), 1)

            values["coefficients"] = "1 1 1"
            values["name_ar"] = ""
            let wrong = try await admin.post("/admin/tools/templates/grocery", values)
            expectEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("id=\"f-grocery-coefficients-error\""))
            XCTAssertTrue(wrong.body.string.contains("id=\"f-grocery-name_ar-error\""))
            expectEqual(try await BudgetTemplates(sql: app.sql).find(code: "grocery")?.coefficients.count, 12, "nothing half-saved")

            var new = values
            new["code"] = "bakery"; new["name_ar"] = "مخبزة"; new["coefficients"] = "1 1 1 1 1 1 1 1 1 1 1 1"
            expectEqual(try await admin.post("/admin/tools/templates", new).status, .seeOther)
            expectEqual(try await admin.post("/admin/tools/templates", new).status, .unprocessableEntity, "a code is used once")
            expectTrue(try await TestBrowser(app).get("/tools/budget").body.string.contains("<option value=\"bakery\""))

            let advisor = TestBrowser(app)
            try await advisor.signIn("advisor.casa@demo.maillage.ma")
            expectEqual(try await advisor.get("/admin/tools").status, .forbidden)
            expectEqual(try await advisor.post("/admin/tools/templates/grocery", values).status, .forbidden)
        }
    }
}
