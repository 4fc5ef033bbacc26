import Domain
import Foundation

/// The coaching tools part of the OpenAPI document.
extension OpenAPIDocument {
    private static func tool(_ id: String, _ summary: String, body: String, result: String) -> [String: Any] {
        writing(id, summary, body: body, ok: json(ref(result), "The result"), extra: ["429": ["$ref": "#/components/responses/Error"]])
            .merging(["security": []]) { _, second in second }
    }

    static var toolsPaths: [String: Any] {
        [
            "/api/v1/tools/loan": ["post": tool("simulateLoan", "A constant-instalment loan's schedule, exact to the centime, with an optional deferral "
                                                + "(interest only, or capitalised) and fees", body: "LoanInput", result: "LoanResult")],
            "/api/v1/tools/auto-entrepreneur": ["post": tool("simulateAutoEntrepreneur", "Whether the auto-entrepreneur status fits a turnover, and the "
                                                            + "tax due, from the rules in force today (their source is returned)",
                                                            body: "AutoEntrepreneurInput", result: "AutoEntrepreneurResult")],
            "/api/v1/tools/budget": ["post": tool("forecastBudget", "A 12-month forecast: cash month by month, break-even, margin and plain warnings",
                                                  body: "BudgetInput", result: "BudgetResult")],
            "/api/v1/tools/budget-templates": ["get": operation("listBudgetTemplates", "Starting figures by activity (grocery, tailoring, ...)",
                                                                secured: false, ok: json(["type": "array", "items": ref("BudgetTemplate")], "Templates"))],
            "/api/v1/tools/bank-readiness": ["post": tool("checkBankReadiness", "The reasons banks give for refusing (debt level, past unpaid loans, "
                                                          + "a plan that does not match the amount, experience) and the documents still missing",
                                                          body: "BankReadinessInput", result: "BankReadinessResult")],
            "/api/v1/tools/digital-checkup": ["post": tool("takeDigitalCheckup", "Scores per dimension and advice, with the live measures on each "
                                                           + "dimension's theme; answers are option indexes by question code (see `/api/v1/instruments`)",
                                                           body: "DigitalCheckupInput", result: "DigitalCheckupResult")],
            "/api/v1/beneficiaries/{id}/tool-results": ["get": operation(
                "listBeneficiaryToolResults", "Tool results the person shared with their advisor; each link reopens the result",
                parameters: [["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]],
                ok: json(["type": "array", "items": ref("SavedToolResult")], "Results, newest first"), extra: notFound)],
        ]
    }

    static var toolsSchemas: [String: Any] {
        let amountPattern = "^[0-9]{1,13}([.][0-9]{1,2})?$"
        let amount: [String: Any] = ["type": "string", "pattern": amountPattern, "description": "Dirhams, a point before the centimes"]
        let optionalAmount: [String: Any] = ["type": "string", "pattern": amountPattern, "nullable": true]
        let percent: [String: Any] = ["type": "string", "pattern": "^(100|[0-9]{1,2}([.][0-9]{1,2})?)$", "description": "0 to 100"]
        let months: [String: Any] = ["type": "integer", "minimum": 0, "maximum": 600]
        let optionalMonths: [String: Any] = ["type": "integer", "minimum": 0, "maximum": 600, "nullable": true]
        let amounts: [String] = ["payment", "interest", "principal", "balance"]
        let budgetMonth = ["sales", "variableCosts", "margin", "fixedCosts", "repayments", "net", "cash"]
        return [
            "LoanInput": object(["principal": amount, "annualRatePercent": percent, "months": ["type": "integer", "minimum": 1, "maximum": 600], "deferralMonths": optionalMonths,
                                 "deferral": ["type": "string", "enum": ["interest_only", "capitalised"], "nullable": true], "fees": optionalAmount]),
            "LoanRow": object(Dictionary(uniqueKeysWithValues: amounts.map { ($0, string) }).merging(["month": integer]) { first, _ in first }),
            "LoanResult": object(["instalment": string, "totalInterest": string, "totalCost": string, "totalPaid": string,
                                  "rows": ["type": "array", "items": ref("LoanRow")]]),
            "AutoEntrepreneurInput": object(["activity": enumeration(CoachingReference.shipped.autoEntrepreneurRules(on: .today())?.activities.map(\.code) ?? []), "turnover": amount, "largestClient": optionalAmount]),
            "AutoEntrepreneurResult": object(["fits": ["type": "boolean"], "ceiling": string, "headroom": string, "turnoverWithheld": string,
                                              "withholding": string, "tax": string, "totalTax": string, "source": string, "validFrom": string]),
            "BudgetInput": object([
                "monthlySales": ["type": "array", "items": amount, "minItems": 12, "maxItems": 12], "variableCostPercent": percent,
                "fixedCosts": amount, "investments": amount, "ownFunds": optionalAmount, "grant": optionalAmount, "loanPrincipal": optionalAmount,
                "loanRatePercent": percent.merging(["nullable": true]) { _, second in second }, "loanMonths": optionalMonths, "loanDeferralMonths": optionalMonths,
                "honourPrincipal": optionalAmount, "honourMonths": optionalMonths, "honourDeferralMonths": optionalMonths,
            ]),
            "BudgetMonth": object(Dictionary(uniqueKeysWithValues: budgetMonth.map { ($0, string) }).merging(["month": integer]) { first, _ in first }),
            "BudgetWarning": object(["code": enumeration(["financing_short", "cash_negative", "repayments_above_earnings", "below_break_even"]),
                                     "month": nullable("integer"), "amount": nullable("string")]),
            "BudgetResult": object(["openingCash": string, "yearSales": string, "yearMargin": string, "yearNet": string,
                                    "breakEvenSales": nullable("string"), "months": ["type": "array", "items": ref("BudgetMonth")],
                                    "warnings": ["type": "array", "items": ref("BudgetWarning")]]),
            "BudgetTemplate": object(["code": string, "name": ref("LocalizedText"), "monthlySales": ["type": "array", "items": string],
                                      "variableCostPercent": string, "fixedCosts": string, "investments": string]),
            "BankReadinessInput": object([
                "requested": amount, "annualRatePercent": percent, "months": ["type": "integer", "minimum": 1, "maximum": 600], "projectCost": amount, "ownContribution": amount,
                "monthlyIncome": amount, "existingRepayments": optionalAmount, "pastUnpaid": ["type": "boolean", "nullable": true],
                "experienceMonths": months,
                "documents": ["type": "array", "items": enumeration(CoachingReference.shipped.bankReadinessRules(on: .today())?.rules.documents ?? []), "nullable": true],
            ]),
            "BankFinding": object(["code": enumeration(["debt_too_high", "past_unpaid", "amount_above_plan", "plan_not_financed", "low_own_contribution",
                                                        "little_experience"]),
                                   "blocking": ["type": "boolean"], "percent": nullable("string"), "limit": nullable("string"),
                                   "amount": nullable("string"), "months": nullable("integer")]),
            "BankReadinessResult": object(["level": enumeration(["ready", "almost", "not_yet"]), "instalment": string, "debtRatioPercent": nullable("string"),
                                           "findings": ["type": "array", "items": ref("BankFinding")], "missingDocuments": ["type": "array", "items": string],
                                           "source": string]),
            "DigitalCheckupInput": object(["answers": ["type": "object", "additionalProperties": ["type": "integer", "minimum": 0, "maximum": 9]]]),
            "CheckupDimension": object(["theme": string, "percent": integer, "measures": ["type": "array", "items": string],
                                        "workshops": ["type": "array", "items": integer]]),
            "CheckupAdvice": object(["question": string, "theme": nullable("string"), "text": ref("LocalizedText")]),
            "DigitalCheckupResult": object(["score": integer, "dimensions": ["type": "array", "items": ref("CheckupDimension")],
                                            "recommendations": ["type": "array", "items": ref("CheckupAdvice")]]),
            "SavedToolResult": object(["id": integer, "tool": enumeration(CoachingTool.allCases.map(\.rawValue)), "link": string,
                                       "sharedWithPartner": nullable("string"), "createdAt": ["type": "string", "format": "date-time"]]),
        ]
    }
}
