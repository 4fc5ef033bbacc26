import Domain
import Foundation

/// The tools' computations from their fields, as the pages and the API send them: each reads its fields, names the
/// field to blame for a mistake, and returns the result only when everything reads.
enum CoachingCalculations {
    static func loan(_ form: inout CoachingForms) -> LoanSchedule? {
        let principal = form.amount("principal"), rate = form.percent("rate"), months = form.months("months")
        let deferral = form.months("deferral", required: false), fees = form.amount("fees", required: false)
        let kind = LoanSchedule.Deferral(rawValue: form.values["deferral_kind"] ?? "") ?? .interestOnly
        var schedule: LoanSchedule?
        if form.problems.isEmpty, let principal, let rate, let months {
            do {
                schedule = try LoanSchedule(.init(principal: principal, annualRatePercent: rate, months: months, deferralMonths: deferral ?? 0,
                                                  deferral: kind, fees: fees ?? 0))
            } catch { form.add(error.field.name, error.field.key) }
        }
        return schedule
    }

    static func autoEntrepreneur(_ form: inout CoachingForms, rules: AutoEntrepreneurRules) -> AutoEntrepreneurEstimate? {
        let turnover = form.amount("turnover"), client = form.amount("largest_client", required: false)
        let activity = form.values["activity"] ?? ""
        if rules.activities[activity] == nil { form.add("activity", "validation.choice") }
        var estimate: AutoEntrepreneurEstimate?
        if form.problems.isEmpty, let turnover {
            do { estimate = try AutoEntrepreneurEstimate(turnover: turnover, activity: activity, largestClient: client ?? 0, rules: rules) }
            catch { form.add("largest_client", "coaching.client_above_turnover") }
        }
        return estimate
    }

    static func budget(_ form: inout CoachingForms) -> BudgetForecast? {
        let sales = (1...12).map { form.amount("sales_\($0)") }
        let variable = form.percent("variable_percent"), fixed = form.amount("fixed_costs"), investments = form.amount("investments")
        let own = form.amount("own_funds", required: false), grant = form.amount("grant", required: false)
        let loanAmount = form.amount("loan_principal", required: false), honourAmount = form.amount("honour_principal", required: false)
        var loan: LoanSchedule.Terms?
        if let loanAmount, loanAmount > 0 {
            loan = .init(principal: loanAmount, annualRatePercent: form.percent("loan_rate") ?? 0, months: form.months("loan_months") ?? 1,
                         deferralMonths: form.months("loan_deferral", required: false) ?? 0)
        }
        var honour: LoanSchedule.Terms?
        if let honourAmount, honourAmount > 0 {
            honour = .init(principal: honourAmount, annualRatePercent: 0, months: form.months("honour_months") ?? 1,
                           deferralMonths: form.months("honour_deferral", required: false) ?? 0)
        }
        var forecast: BudgetForecast?
        if form.problems.isEmpty, let variable, let fixed, let investments {
            do {
                forecast = try BudgetForecast(.init(monthlySales: sales.map { $0 ?? 0 }, variableCostPercent: variable, monthlyFixedCosts: fixed,
                                                    investments: investments, ownFunds: own ?? 0, grant: grant ?? 0, loan: loan, honourLoan: honour))
            } catch {
                switch error {
                case .loan(let problem): form.add("loan_\(problem.field.name)", problem.field.key)
                case .honourLoan(let problem): form.add("honour_\(problem.field.name)", problem.field.key)
                case .notTwelveMonths, .negativeAmount, .variableCostsOutOfRange: form.add("variable_percent", "measure.rate_invalid")
                }
            }
        }
        return forecast
    }

    /// The check and the loan's instalment it was made with.
    static func bankReadiness(_ form: inout CoachingForms, rules: BankReadinessRules) -> (readiness: BankReadiness, instalment: Decimal)? {
        let requested = form.amount("requested"), rate = form.percent("rate"), months = form.months("months")
        let cost = form.amount("project_cost"), own = form.amount("own_contribution"), income = form.amount("monthly_income")
        let existing = form.amount("existing_repayments", required: false), experience = form.months("experience_months")
        var check: (readiness: BankReadiness, instalment: Decimal)?
        if form.problems.isEmpty, let requested, let rate, let months, let cost, let own, let income, let experience {
            do {
                let instalment = try LoanSchedule(.init(principal: requested, annualRatePercent: rate, months: months)).instalment
                let held = Set(rules.documents.filter { form.values["doc_\($0)"] != nil })
                do {
                    check = (try BankReadiness(.init(requested: requested, instalment: instalment, projectCost: cost, ownContribution: own, monthlyIncome: income,
                                                     existingRepayments: existing ?? 0, pastUnpaid: form.values["past_unpaid"] != nil,
                                                     experienceMonths: experience, documentsHeld: held), rules: rules), instalment)
                } catch {
                    switch error {
                    case .contributionAboveCost: form.add("own_contribution", "coaching.bank.contribution_above_cost")
                    case .negativeAmount, .nothingRequested: form.add("requested", "coaching.principal_positive")
                    }
                }
            } catch {
                form.add(error.field.name == "principal" ? "requested" : error.field.name, error.field.key)
            }
        }
        return check
    }
}
