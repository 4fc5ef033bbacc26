import Domain
import Foundation
import Vapor

/// The coaching tools over JSON. Amounts are text with a point (`"12500.50"`), as everywhere in the API; each input
/// names the same fields as the page's form, in camel case, and a mistake is answered with that field's name.
extension APIDTO {
    /// An input's fields in the form's names, and the API's name for each, to name a mistake the way the client sent it.
    struct ToolFields {
        private(set) var values: [String: String] = ["go": "1"]
        private var names: [String: String] = [:]

        mutating func set(_ field: String, as name: String, _ value: String?) {
            names[field] = name
            if let value { values[field] = value }
        }

        func rename(_ problems: [String: FieldProblem]) -> [String: FieldProblem] {
            Dictionary(problems.map { (names[$0.key] ?? $0.key, $0.value) }) { first, _ in first }
        }
    }

    struct LoanInput: Content {
        let principal: String
        let annualRatePercent: String
        let months: Int
        let deferralMonths: Int?
        let deferral: String?
        let fees: String?

        var fields: ToolFields {
            var fields = ToolFields()
            fields.set("principal", as: "principal", principal)
            fields.set("rate", as: "annualRatePercent", annualRatePercent)
            fields.set("months", as: "months", String(months))
            fields.set("deferral", as: "deferralMonths", deferralMonths.map(String.init))
            fields.set("deferral_kind", as: "deferral", deferral)
            fields.set("fees", as: "fees", fees)
            return fields
        }
    }

    struct LoanRow: Content {
        let month: Int
        let payment, interest, principal, balance: String
    }

    struct LoanResult: Content {
        let instalment, totalInterest, totalCost, totalPaid: String
        let rows: [LoanRow]

        init(_ schedule: LoanSchedule) {
            instalment = Dirhams.text(schedule.instalment); totalInterest = Dirhams.text(schedule.totalInterest)
            totalCost = Dirhams.text(schedule.totalCost); totalPaid = Dirhams.text(schedule.totalPaid)
            rows = schedule.rows.map {
                LoanRow(month: $0.month, payment: Dirhams.text($0.payment), interest: Dirhams.text($0.interest), principal: Dirhams.text($0.principal),
                        balance: Dirhams.text($0.balance))
            }
        }
    }

    struct AutoEntrepreneurInput: Content {
        let activity: String
        let turnover: String
        let largestClient: String?

        var fields: ToolFields {
            var fields = ToolFields()
            fields.set("activity", as: "activity", activity)
            fields.set("turnover", as: "turnover", turnover)
            fields.set("largest_client", as: "largestClient", largestClient)
            return fields
        }
    }

    struct AutoEntrepreneurResult: Content {
        let fits: Bool
        let ceiling, headroom, turnoverWithheld, withholding, tax, totalTax: String
        /// The rules the figures come from.
        let source: String
        let validFrom: String

        init(_ estimate: AutoEntrepreneurEstimate, rules: AutoEntrepreneurRules) {
            fits = estimate.fits; ceiling = Dirhams.text(estimate.ceiling); headroom = Dirhams.text(estimate.headroom)
            turnoverWithheld = Dirhams.text(estimate.turnoverWithheld); withholding = Dirhams.text(estimate.withholding)
            tax = Dirhams.text(estimate.tax); totalTax = Dirhams.text(estimate.totalTax)
            source = rules.source; validFrom = rules.validity.from.description
        }
    }

    struct BudgetInput: Content {
        let monthlySales: [String]
        let variableCostPercent: String
        let fixedCosts: String
        let investments: String
        let ownFunds: String?
        let grant: String?
        let loanPrincipal: String?
        let loanRatePercent: String?
        let loanMonths: Int?
        let loanDeferralMonths: Int?
        let honourPrincipal: String?
        let honourMonths: Int?
        let honourDeferralMonths: Int?

        var fields: ToolFields {
            var fields = ToolFields()
            for month in 1...12 {
                fields.set("sales_\(month)", as: "monthlySales", monthlySales.count == 12 ? monthlySales[month - 1] : nil)
            }
            fields.set("variable_percent", as: "variableCostPercent", variableCostPercent)
            fields.set("fixed_costs", as: "fixedCosts", fixedCosts)
            fields.set("investments", as: "investments", investments)
            fields.set("own_funds", as: "ownFunds", ownFunds)
            fields.set("grant", as: "grant", grant)
            fields.set("loan_principal", as: "loanPrincipal", loanPrincipal)
            fields.set("loan_rate", as: "loanRatePercent", loanRatePercent)
            fields.set("loan_months", as: "loanMonths", loanMonths.map(String.init))
            fields.set("loan_deferral", as: "loanDeferralMonths", loanDeferralMonths.map(String.init))
            fields.set("honour_principal", as: "honourPrincipal", honourPrincipal)
            fields.set("honour_months", as: "honourMonths", honourMonths.map(String.init))
            fields.set("honour_deferral", as: "honourDeferralMonths", honourDeferralMonths.map(String.init))
            return fields
        }
    }

    struct BudgetMonth: Content {
        let month: Int
        let sales, variableCosts, margin, fixedCosts, repayments, net, cash: String
    }

    struct BudgetWarning: Content {
        let code: String
        let month: Int?
        let amount: String?
    }

    struct BudgetResult: Content {
        let openingCash, yearSales, yearMargin, yearNet: String
        /// Monthly sales that cover the fixed costs; none when variable costs take everything.
        let breakEvenSales: String?
        let months: [BudgetMonth]
        let warnings: [BudgetWarning]

        init(_ forecast: BudgetForecast) {
            openingCash = Dirhams.text(forecast.openingCash); yearSales = Dirhams.text(forecast.yearSales)
            yearMargin = Dirhams.text(forecast.yearMargin); yearNet = Dirhams.text(forecast.yearNet)
            breakEvenSales = forecast.breakEvenSales.map(Dirhams.text)
            months = forecast.months.map {
                BudgetMonth(month: $0.month, sales: Dirhams.text($0.sales), variableCosts: Dirhams.text($0.variableCosts), margin: Dirhams.text($0.margin),
                            fixedCosts: Dirhams.text($0.fixedCosts), repayments: Dirhams.text($0.repayments), net: Dirhams.text($0.net), cash: Dirhams.text($0.cash))
            }
            warnings = forecast.warnings.map { warning in
                switch warning {
                case .financingShort(let missing): BudgetWarning(code: "financing_short", month: nil, amount: Dirhams.text(missing))
                case .cashNegative(let month, let cash): BudgetWarning(code: "cash_negative", month: month, amount: Dirhams.text(cash))
                case .repaymentsAboveEarnings(let month): BudgetWarning(code: "repayments_above_earnings", month: month, amount: nil)
                case .belowBreakEven(_, let breakEven): BudgetWarning(code: "below_break_even", month: nil, amount: Dirhams.text(breakEven))
                }
            }
        }
    }

    struct BudgetTemplate: Content {
        let code: String
        let name: LocalizedText
        let monthlySales: [String]
        let variableCostPercent: String
        let fixedCosts: String
        let investments: String

        init(_ template: CoachingReference.Template) {
            code = template.code; name = template.name
            monthlySales = BudgetForecast.Plan.seasonal(averageMonth: template.averageMonth, coefficients: template.coefficients).map(Dirhams.text)
            variableCostPercent = "\(template.variableCostPercent)"; fixedCosts = Dirhams.text(template.monthlyFixedCosts)
            investments = Dirhams.text(template.investments)
        }
    }

    struct BankReadinessInput: Content {
        let requested: String
        let annualRatePercent: String
        let months: Int
        let projectCost: String
        let ownContribution: String
        let monthlyIncome: String
        let existingRepayments: String?
        let pastUnpaid: Bool?
        let experienceMonths: Int
        /// Codes of the documents already at hand.
        let documents: [String]?

        var fields: ToolFields {
            var fields = ToolFields()
            fields.set("requested", as: "requested", requested)
            fields.set("rate", as: "annualRatePercent", annualRatePercent)
            fields.set("months", as: "months", String(months))
            fields.set("project_cost", as: "projectCost", projectCost)
            fields.set("own_contribution", as: "ownContribution", ownContribution)
            fields.set("monthly_income", as: "monthlyIncome", monthlyIncome)
            fields.set("existing_repayments", as: "existingRepayments", existingRepayments)
            fields.set("past_unpaid", as: "pastUnpaid", pastUnpaid == true ? "on" : nil)
            fields.set("experience_months", as: "experienceMonths", String(experienceMonths))
            for code in documents ?? [] { fields.set("doc_\(code)", as: "documents", "on") }
            return fields
        }
    }

    struct BankFinding: Content {
        let code: String
        /// Whether banks rarely lend until it is fixed.
        let blocking: Bool
        let percent: String?
        let limit: String?
        let amount: String?
        let months: Int?

        init(_ finding: BankReadiness.Finding) {
            blocking = finding.blocking
            var percent: Decimal?, limit: Decimal?, amount: Decimal?, months: Int?
            switch finding {
            case .debtTooHigh(let ratio, let max): code = "debt_too_high"; percent = ratio; limit = max
            case .pastUnpaid: code = "past_unpaid"
            case .amountAbovePlan(let excess): code = "amount_above_plan"; amount = excess
            case .planNotFinanced(let shortfall): code = "plan_not_financed"; amount = shortfall
            case .lowOwnContribution(let share, let min): code = "low_own_contribution"; percent = share; limit = min
            case .littleExperience(let have, let min): code = "little_experience"; months = have; limit = Decimal(min)
            }
            self.percent = percent.map { "\($0)" }; self.limit = limit.map { "\($0)" }; self.amount = amount.map(Dirhams.text); self.months = months
        }
    }

    struct BankReadinessResult: Content {
        let level: String
        let instalment: String
        let debtRatioPercent: String?
        let findings: [BankFinding]
        let missingDocuments: [String]
        let source: String

        init(_ readiness: BankReadiness, instalment: Decimal, rules: BankReadinessRules) {
            level = readiness.level.rawValue; self.instalment = Dirhams.text(instalment)
            debtRatioPercent = readiness.debtRatioPercent.map { "\($0)" }; findings = readiness.findings.map(BankFinding.init)
            missingDocuments = readiness.missingDocuments; source = rules.source
        }
    }

    struct DigitalCheckupInput: Content {
        /// Question code → the chosen option's index.
        let answers: [String: Int]
    }

    struct CheckupDimension: Content {
        let theme: String
        let percent: Int
        /// Live measures on the dimension's theme, when it has room to grow.
        let measures: [String]
        /// The forum's sessions to come on the same theme (ids, see `/api/v1/forum/stops/{stop}`).
        let workshops: [Int]
    }

    struct CheckupAdvice: Content {
        let question: String
        let theme: String?
        let text: LocalizedText
    }

    struct DigitalCheckupResult: Content {
        let score: Int
        let dimensions: [CheckupDimension]
        let recommendations: [CheckupAdvice]

        init(_ checkup: DigitalCheckup, measures: [App.Measure], workshops: [ForumProgramme.SessionAtStop]) {
            score = checkup.score
            dimensions = checkup.dimensions.map { dimension in
                let growing = dimension.percent < 100
                return CheckupDimension(theme: dimension.theme, percent: dimension.percent,
                                        measures: growing ? DigitalCheckup.measures(for: dimension.theme, among: measures).map(\.code) : [],
                                        workshops: growing ? DigitalCheckup.workshops(for: dimension.theme, among: workshops).map(\.id) : [])
            }
            recommendations = checkup.recommendations.map { CheckupAdvice(question: $0.question, theme: $0.theme, text: $0.text) }
        }
    }

    struct SavedToolResult: Content {
        let id: Int
        let tool: String
        /// The page that shows the result again, recomputed with the rules of the day.
        let link: String
        let sharedWithPartner: String?
        let createdAt: Date

        init(_ saved: ToolResults.Saved) {
            id = saved.id; tool = saved.tool; link = saved.link; sharedWithPartner = saved.partner_name; createdAt = saved.created_at
        }
    }
}
