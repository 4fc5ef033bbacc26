import XCTVapor
@testable import App

/// The tools through `/api/v1/tools`: the same figures as the pages, mistakes named with the API's field names.
final class ToolsAPITests: XCTestCase {
    private struct ErrorBody: Decodable {
        struct Detail: Decodable { let fields: [String: String] }
        let error: Detail
    }

    private func post(_ app: Application, _ path: String, _ json: String) async throws -> XCTHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return try await app.testable().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: json))
    }

    private func fields(_ response: XCTHTTPResponse) throws -> Set<String> {
        XCTAssertEqual(response.status, .unprocessableEntity, response.body.string)
        return Set(try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).error.fields.keys)
    }

    func testTheLoanScheduleIsExactAndAMistakeNamesTheAPIField() async throws {
        try await withApp { app in
            let ok = try await post(app, "/api/v1/tools/loan", #"{"principal": "100000", "annualRatePercent": "12", "months": 12, "fees": "500"}"#)
            let loan = try JSONDecoder().decode(APIDTO.LoanResult.self, from: Data(buffer: ok.body))
            XCTAssertEqual(loan.instalment, "8884.88")
            XCTAssertEqual(loan.rows.count, 12)
            XCTAssertEqual(loan.rows.last?.payment, "8884.85")
            XCTAssertEqual(loan.rows.last?.balance, "0.00")
            XCTAssertEqual(loan.totalCost, "7118.53", "interest 6,618.53 and fees 500")
            expectEqual(try fields(try await post(app, "/api/v1/tools/loan", #"{"principal": "100000", "annualRatePercent": "2", "months": 24, "deferralMonths": 24}"#)),
                           ["deferralMonths"])
            expectEqual(try fields(try await post(app, "/api/v1/tools/loan", #"{"principal": "cent", "annualRatePercent": "200", "months": 12}"#)),
                           ["principal", "annualRatePercent"])
            expectEqual(try fields(try await post(app, "/api/v1/tools/loan", #"{"principal": "1000", "annualRatePercent": "2", "months": 12, "deferral": "later"}"#)),
                           ["deferral"])
        }
    }

    func testABudgetFromAListedTemplateAndTwelveMonthsOrNothing() async throws {
        try await withApp { app in
            let listed = try await app.testable().sendRequest(.GET, "/api/v1/tools/budget-templates")
            let templates = try JSONDecoder().decode([APIDTO.BudgetTemplate].self, from: Data(buffer: listed.body))
            XCTAssertEqual(templates.count, CoachingReference.shipped.templates.count)
            let grocery = try unwrap(templates.first { $0.code == "grocery" })
            let sales = grocery.monthlySales.map { "\"\($0)\"" }.joined(separator: ",")
            let body = #"{"monthlySales": [\#(sales)], "variableCostPercent": "\#(grocery.variableCostPercent)", "fixedCosts": "\#(grocery.fixedCosts)", "investments": "\#(grocery.investments)", "ownFunds": "0"}"#
            let result = try JSONDecoder().decode(APIDTO.BudgetResult.self, from: Data(buffer: try await post(app, "/api/v1/tools/budget", body).body))
            XCTAssertEqual(result.months.count, 12)
            XCTAssertEqual(result.openingCash, "-\(grocery.investments)", "nothing financed the investments")
            XCTAssertEqual(result.warnings.first?.code, "financing_short")
            let eleven = #"{"monthlySales": ["1","2","3","4","5","6","7","8","9","10","11"], "variableCostPercent": "50", "fixedCosts": "100", "investments": "0"}"#
            expectEqual(try fields(try await post(app, "/api/v1/tools/budget", eleven)), ["monthlySales"])
        }
    }

    func testTheBankCheckAndTheDigitalCheckupAnswerWithCodes() async throws {
        try await withApp { app in
            let risky = #"{"requested": "49000", "annualRatePercent": "2", "months": 12, "projectCost": "50000", "ownContribution": "2000", "monthlyIncome": "3000", "existingRepayments": "500", "pastUnpaid": true, "experienceMonths": 2, "documents": ["cin"]}"#
            let bank = try JSONDecoder().decode(APIDTO.BankReadinessResult.self, from: Data(buffer: try await post(app, "/api/v1/tools/bank-readiness", risky).body))
            XCTAssertEqual(bank.level, "not_yet")
            XCTAssertEqual(bank.debtRatioPercent, "154.26")
            XCTAssertEqual(bank.findings.map(\.code), ["debt_too_high", "past_unpaid", "amount_above_plan", "low_own_contribution", "little_experience"])
            XCTAssertFalse(bank.missingDocuments.contains("cin"))
            expectEqual(try fields(try await post(app, "/api/v1/tools/bank-readiness", risky.replacingOccurrences(of: "[\"cin\"]", with: "[\"passport\"]"))),
                           ["documents"])
            expectEqual(try fields(try await post(app, "/api/v1/tools/bank-readiness", risky.replacingOccurrences(of: "\"2000\"", with: "\"60000\""))),
                           ["ownContribution"])

            let codes = ["social_page", "maps_listing", "online_orders", "e_payment", "customer_contacts", "reviews", "bookkeeping_app", "online_admin",
                         "phone_skills", "training"]
            let answers = codes.map { "\"\($0)\": \($0 == "social_page" ? 2 : 0)" }.joined(separator: ",")
            let checkup = try JSONDecoder().decode(APIDTO.DigitalCheckupResult.self,
                                                   from: Data(buffer: try await post(app, "/api/v1/tools/digital-checkup", "{\"answers\": {\(answers)}}").body))
            XCTAssertEqual(checkup.dimensions.map(\.theme), ["online_visibility", "online_selling", "customer_relations", "digital_tools", "digital_skills"])
            XCTAssertEqual(checkup.dimensions.first?.percent, 50)
            XCTAssertEqual(checkup.score, 10, "2 points of 20")
            XCTAssertEqual(checkup.recommendations.count, 9, "every answer below the best but one")
            let missing = codes.dropLast().map { "\"\($0)\": 1" }.joined(separator: ",")
            expectEqual(try fields(try await post(app, "/api/v1/tools/digital-checkup", "{\"answers\": {\(missing), \"fax\": 1}}")), ["answers.fax"])
            expectEqual(try fields(try await post(app, "/api/v1/tools/digital-checkup", "{\"answers\": {\(missing)}}")), ["answers.training"])
        }
    }

    func testStaffReadOnlyTheResultsAPersonSharedWithinTheirScope() async throws {
        try await withApp { app in
            let person = try unwrap(try await app.id(of: "beneficiaries", where: "phone = \(bind: DemoData.entrepreneurPhone)"))
            let results = ToolResults(sql: app.sql)
            _ = try await results.save(tool: .loan, query: "principal=1000&rate=2&months=12&go=1", summary: nil, beneficiaryID: person, shared: true, by: 1)
            _ = try await results.save(tool: .budget, query: "go=1", summary: nil, beneficiaryID: person, shared: false, by: 1)
            let advisor = try await app.apiHeaders(for: "advisor.casa@demo.maillage.ma")
            let listed = try await app.testable().sendRequest(.GET, "/api/v1/beneficiaries/\(person)/tool-results", headers: advisor)
            let saved = try JSONDecoder.api.decode([APIDTO.SavedToolResult].self, from: Data(buffer: listed.body))
            XCTAssertEqual(saved.map(\.tool), ["loan"], "what the person kept to themselves stays out")
            XCTAssertEqual(saved.first?.link, "/tools/loan?principal=1000&rate=2&months=12&go=1")
            let elsewhere = try await app.apiHeaders(for: "advisor.bm@demo.maillage.ma")
            expectEqual(try await app.testable().sendRequest(.GET, "/api/v1/beneficiaries/\(person)/tool-results", headers: elsewhere).status, .notFound)
            expectEqual(try await app.count("audit_entries", where: "entity = 'beneficiary' AND summary = 'api tool results'"), 1)
        }
    }
}
