import XCTVapor
@testable import App

/// The tools as an entrepreneur uses them alone: forms by GET, results under them, mistakes named per field.
final class CoachingPagesTests: XCTestCase {
    /// The page with thousands separators and decimal commas removed from amounts, so "8.884,88" reads ">888488".
    static func digits(_ page: String) -> String {
        page.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: ".", with: "")
            .replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
    }

    private func rows(_ page: String, table: String) -> Int {
        guard let start = page.range(of: "<table id=\"\(table)\"") else { return 0 }
        return page[start.upperBound...].components(separatedBy: "</tbody>")[0].components(separatedBy: "<tr").count - 2
    }

    func testTheLoanSimulatorShowsTheScheduleAndRefusesADeferralAsLongAsTheLoan() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let page = try await visitor.get("/tools/loan?go=1&principal=100%20000&rate=12&months=12&fees=500").body.string
            XCTAssertEqual(rows(page, table: "schedule"), 12)
            XCTAssertTrue(Self.digits(page).contains(">888488"), "the instalment, 8,884.88, whatever the thousands separator")
            let wrong = try await visitor.get("/tools/loan?go=1&principal=100000&rate=2&months=24&deferral=24")
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.string.contains("Le différé doit être plus court que la durée du prêt."))
            XCTAssertFalse(wrong.body.string.contains("id=\"schedule\""))
            let typo = try await visitor.get("/tools/loan?go=1&principal=cent&rate=2&months=24")
            XCTAssertEqual(typo.status, .unprocessableEntity)
            XCTAssertTrue(typo.body.string.contains("id=\"f-principal-error\""))
        }
    }

    func testTheAutoEntrepreneurSimulatorReadsItsFiguresFromData() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let fits = try await visitor.get("/tools/auto-entrepreneur?go=1&activity=services&turnover=150000&largest_client=100000").body.string
            XCTAssertTrue(fits.contains("id=\"ae-verdict\" class=\"ok\""))
            XCTAssertTrue(Self.digits(fits).contains(">730000"), "1% of 130,000 plus 30% of the 20,000 above the threshold")
            XCTAssertTrue(fits.contains("circulaire DGI 733"), "the source is shown")
            let above = try await visitor.get("/tools/auto-entrepreneur?go=1&activity=services&turnover=250000").body.string
            XCTAssertTrue(above.contains("id=\"ae-verdict\" class=\"warning\""))
            visitor.acceptLanguage = "ar"
            try await visitor.get("/lang/ar")
            let arabic = try await visitor.get("/tools/auto-entrepreneur?go=1&activity=commercial&turnover=500000").body.string
            XCTAssertTrue(arabic.contains("dir=\"rtl\""))
            XCTAssertTrue(arabic.contains("النظام يناسبك"), "the ceiling reached exactly still fits")
        }
    }

    func testABudgetFromATemplateWarnsWhenCashRunsOut() async throws {
        try await withApp { app in
            let visitor = TestBrowser(app)
            let form = try await visitor.get("/tools/budget?template=tailoring").body.string
            XCTAssertTrue(form.contains("name=\"sales_12\""))
            var query = CoachingViews.budgetValues(CoachingReference.shipped.templates.first { $0.code == "tailoring" })
            query["go"] = "1"
            let healthy = try await visitor.get("/tools/budget?" + query.map { "\($0.key)=\($0.value)" }.joined(separator: "&")).body.string
            XCTAssertEqual(rows(healthy, table: "forecast"), 12)
            query["own_funds"] = "0"
            query["fixed_costs"] = "9000"
            let weak = try await visitor.get("/tools/budget?" + query.map { "\($0.key)=\($0.value)" }.joined(separator: "&")).body.string
            XCTAssertTrue(weak.contains("Le financement ne couvre pas les investissements"), weak)
            XCTAssertTrue(weak.contains("La trésorerie devient négative au mois 1"))
        }
    }
}
