import Domain
import Foundation
import HTML
import Vapor

/// The coaching tools, open to anyone on a phone: forms sent by GET, results computed by `Domain`.
struct CoachingWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tools", use: index)
        routes.get("tools", "loan", use: loan)
        routes.get("tools", "auto-entrepreneur", use: autoEntrepreneur)
        routes.get("tools", "budget", use: budget)
        routes.get("tools", "bank", use: bankReadiness)
        routes.get("tools", "digital", use: digitalCheckup)
    }

    private func values(_ req: Request) -> [String: String] { (try? req.query.decode([String: String].self)) ?? [:] }

    func index(req: Request) async throws -> HTML { CoachingViews.index(req.page) }

    func loan(req: Request) async throws -> Response {
        var form = CoachingForms(values(req))
        guard form.submitted else { return try await HTMLPage(status: .ok, body: CoachingViews.loan(req.page, form, nil)).encodeResponse(for: req) }
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
        let page = CoachingViews.loan(req.page, form, schedule)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func autoEntrepreneur(req: Request) async throws -> Response {
        var form = CoachingForms(values(req))
        guard let reference = CoachingReference.shipped.autoEntrepreneurRules(on: .today()) else { throw AppError.notFound }
        guard form.submitted else {
            return try await HTMLPage(status: .ok, body: CoachingViews.autoEntrepreneur(req.page, form, reference, nil)).encodeResponse(for: req)
        }
        let turnover = form.amount("turnover"), client = form.amount("largest_client", required: false)
        let activity = form.values["activity"] ?? ""
        if reference.rules.activities[activity] == nil { form.add("activity", "validation.choice") }
        var estimate: AutoEntrepreneurEstimate?
        if form.problems.isEmpty, let turnover {
            do { estimate = try AutoEntrepreneurEstimate(turnover: turnover, activity: activity, largestClient: client ?? 0, rules: reference.rules) }
            catch { form.add("largest_client", "coaching.client_above_turnover") }
        }
        let page = CoachingViews.autoEntrepreneur(req.page, form, reference, estimate)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func budget(req: Request) async throws -> Response {
        var form = CoachingForms(values(req))
        let templates = CoachingReference.shipped.templates
        guard form.submitted else {
            let template = templates.first { $0.code == form.values["template"] } ?? templates.first
            var values = CoachingViews.budgetValues(template)
            values["for"] = form.values["for"]
            return try await HTMLPage(status: .ok, body: CoachingViews.budget(req.page, values, templates, errors: [:], nil)).encodeResponse(for: req)
        }
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
        let page = CoachingViews.budget(req.page, form.values, templates, errors: form.problems, forecast)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func bankReadiness(req: Request) async throws -> Response {
        var form = CoachingForms(values(req))
        guard let reference = CoachingReference.shipped.bankReadinessRules(on: .today()) else { throw AppError.notFound }
        guard form.submitted else {
            return try await HTMLPage(status: .ok, body: CoachingViews.bankReadiness(req.page, form, reference, nil)).encodeResponse(for: req)
        }
        let requested = form.amount("requested"), rate = form.percent("rate"), months = form.months("months")
        let cost = form.amount("project_cost"), own = form.amount("own_contribution"), income = form.amount("monthly_income")
        let existing = form.amount("existing_repayments", required: false), experience = form.months("experience_months")
        var check: (readiness: BankReadiness, instalment: Decimal)?
        if form.problems.isEmpty, let requested, let rate, let months, let cost, let own, let income, let experience {
            do {
                let instalment = try LoanSchedule(.init(principal: requested, annualRatePercent: rate, months: months)).instalment
                let held = Set(reference.rules.documents.filter { form.values["doc_\($0)"] != nil })
                do {
                    check = (try BankReadiness(.init(requested: requested, instalment: instalment, projectCost: cost, ownContribution: own, monthlyIncome: income,
                                                     existingRepayments: existing ?? 0, pastUnpaid: form.values["past_unpaid"] != nil,
                                                     experienceMonths: experience, documentsHeld: held), rules: reference.rules), instalment)
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
        let page = CoachingViews.bankReadiness(req.page, form, reference, check)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func digitalCheckup(req: Request) async throws -> Response {
        var form = CoachingForms(values(req))
        guard let instrument = try await InstrumentCatalogue(sql: req.sql).find(code: DigitalCheckup.instrumentCode), instrument.active,
              !instrument.questions.isEmpty else { throw AppError.notFound }
        var checkup: DigitalCheckup?
        var previous: (date: Date, dimensions: [DigitalCheckup.Dimension])?
        var measures: [Measure] = []
        if form.submitted {
            do { checkup = try DigitalCheckup(instrument, values: form.values) } catch { form.add(error.fields) }
            if checkup != nil {
                measures = try await MeasureCatalogue(sql: req.sql).live(on: .today())
                previous = try await lastCheckup(req, form)
            }
        }
        let page = CoachingViews.digitalCheckup(req.page, form, instrument, checkup, previous: previous, measures: measures)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    /// The person's last saved check-up: their own when signed in, or the person of the case an advisor fills it in for.
    private func lastCheckup(_ req: Request, _ form: CoachingForms) async throws -> (date: Date, dimensions: [DigitalCheckup.Dimension])? {
        guard let actor = req.actor else { return nil }
        let results = ToolResults(sql: req.sql)
        var beneficiaryID: Int?
        if let caseID = CoachingViews.filledFor(req.page, form) {
            beneficiaryID = try await AccompanimentService(sql: req.sql).find(caseID, scope: Policy.beneficiaryScope(for: actor))?.beneficiary_id
            if let beneficiaryID { try await req.audit(.read, "beneficiary", id: beneficiaryID, "digital check-up progress") }
        } else if actor.has(.entrepreneur) {
            beneficiaryID = try await results.ownRecord(userID: actor.userID)
        }
        guard let beneficiaryID else { return nil }
        return try await results.lastSummary(of: beneficiaryID, tool: .digitalCheckup).map { ($0.date, DigitalCheckup.dimensions(fromSummary: $0.summary)) }
    }
}
