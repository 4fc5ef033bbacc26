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
        routes.post("tools", "save", use: save)
        routes.get("me", "tools", use: mine)
    }

    /// An entrepreneur keeps a result in their file, shared with their advisor if they tick the box.
    func save(req: Request) async throws -> Response {
        let actor = try req.authorize(.viewOwnProfile)
        let values = try req.content.decode([String: String].self)
        guard let tool = CoachingTool(rawValue: values["tool"] ?? "") else { throw AppError.validation(["tool": FieldProblem("validation.choice")]) }
        let results = ToolResults(sql: req.sql)
        // An account without a record yet has no file to keep it in: their page asks them to complete their profile.
        guard let own = try await results.ownRecord(userID: actor.userID) else { return req.redirect(to: "/me") }
        let shared = values["share"] != nil
        _ = try await results.save(tool: tool, query: ToolResults.cleanQuery(values, tool: tool), beneficiaryID: own, shared: shared, by: actor.userID)
        try await req.audit(.create, "beneficiary", id: own, "tool result \(tool.rawValue)\(shared ? ", shared with the advisor" : "")")
        return req.redirect(to: "/me/tools")
    }

    func mine(req: Request) async throws -> HTML {
        let actor = try req.authorize(.viewOwnProfile)
        let results = ToolResults(sql: req.sql)
        var saved: [ToolResults.Saved] = []
        if let own = try await results.ownRecord(userID: actor.userID) { saved = try await results.list(beneficiaryID: own, sharedOnly: false) }
        return CoachingViews.mine(req.page, saved)
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
            return try await HTMLPage(status: .ok, body: CoachingViews.budget(req.page, CoachingViews.budgetValues(template), templates, errors: [:], nil))
                .encodeResponse(for: req)
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
}
