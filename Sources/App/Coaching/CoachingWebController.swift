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

    /// The form's fields; `for` (the case an advisor fills the tool in for) only when that case is within their reach.
    private func values(_ req: Request) async throws -> [String: String] {
        var values = (try? req.query.decode([String: String].self)) ?? [:]
        guard let raw = values["for"] else { return values }
        values["for"] = nil
        if let actor = req.actor, Policy.allows(actor, .manageCases), let id = Int(raw),
           try await AccompanimentService(sql: req.sql).find(id, scope: Policy.writeScope(for: actor)) != nil {
            values["for"] = raw
        }
        return values
    }

    func index(req: Request) async throws -> HTML { CoachingViews.index(req.page) }

    func loan(req: Request) async throws -> Response {
        var form = CoachingForms(try await values(req))
        guard form.submitted else { return try await HTMLPage(status: .ok, body: CoachingViews.loan(req.page, form, nil)).encodeResponse(for: req) }
        let schedule = CoachingCalculations.loan(&form)
        let page = CoachingViews.loan(req.page, form, schedule)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func autoEntrepreneur(req: Request) async throws -> Response {
        var form = CoachingForms(try await values(req))
        guard let reference = CoachingReference.shipped.autoEntrepreneurRules(on: .today()) else { throw AppError.notFound }
        guard form.submitted else {
            return try await HTMLPage(status: .ok, body: CoachingViews.autoEntrepreneur(req.page, form, reference, nil)).encodeResponse(for: req)
        }
        let estimate = CoachingCalculations.autoEntrepreneur(&form, rules: reference.rules)
        let page = CoachingViews.autoEntrepreneur(req.page, form, reference, estimate)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func budget(req: Request) async throws -> Response {
        var form = CoachingForms(try await values(req))
        let templates = try await BudgetTemplates(sql: req.sql).all()
        guard form.submitted else {
            let template = templates.first { $0.code == form.values["template"] } ?? templates.first
            var values = CoachingViews.budgetValues(template)
            values["for"] = form.values["for"]
            return try await HTMLPage(status: .ok, body: CoachingViews.budget(req.page, values, templates, errors: [:], nil)).encodeResponse(for: req)
        }
        let forecast = CoachingCalculations.budget(&form)
        let page = CoachingViews.budget(req.page, form.values, templates, errors: form.problems, forecast)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func bankReadiness(req: Request) async throws -> Response {
        var form = CoachingForms(try await values(req))
        guard let reference = CoachingReference.shipped.bankReadinessRules(on: .today()) else { throw AppError.notFound }
        guard form.submitted else {
            return try await HTMLPage(status: .ok, body: CoachingViews.bankReadiness(req.page, form, reference, nil)).encodeResponse(for: req)
        }
        let check = CoachingCalculations.bankReadiness(&form, rules: reference.rules)
        let page = CoachingViews.bankReadiness(req.page, form, reference, check)
        return try await HTMLPage(status: form.problems.isEmpty ? .ok : .unprocessableEntity, body: page).encodeResponse(for: req)
    }

    func digitalCheckup(req: Request) async throws -> Response {
        var form = CoachingForms(try await values(req))
        guard let instrument = try await InstrumentCatalogue(sql: req.sql).find(code: DigitalCheckup.instrumentCode), instrument.active,
              !instrument.questions.isEmpty else { throw AppError.notFound }
        var checkup: DigitalCheckup?
        var previous: (date: Date, dimensions: [DigitalCheckup.Dimension])?
        var measures: [Measure] = []
        var workshops: [ForumProgramme.SessionAtStop] = []
        if form.submitted {
            do { checkup = try DigitalCheckup(instrument, values: form.values) } catch { form.add(error.fields) }
            if checkup != nil {
                measures = try await MeasureCatalogue(sql: req.sql).live(on: .today())
                workshops = try await ForumProgramme(sql: req.sql).upcomingWorkshops()
                previous = try await lastCheckup(req, form)
            }
        }
        let page = CoachingViews.digitalCheckup(req.page, form, instrument, checkup, previous: previous, measures: measures, workshops: workshops)
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
