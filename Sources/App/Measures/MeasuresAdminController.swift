import Domain
import HTML
import SQLKit
import Vapor

/// Administrators keep the catalogue: the measure's texts and figures, and its rule as new dated versions.
struct MeasuresAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "measures")
        admin.get(use: list)
        admin.post(use: create)
        admin.get(":id", use: show)
        admin.post(":id", use: update)
        admin.post(":id", "rules", use: addRule)
    }

    func list(req: Request) async throws -> HTML {
        _ = try req.authorize(.editMeasures)
        return MeasureAdminViews.list(req.page, try await MeasureCatalogue(sql: req.sql).all(on: .today()), today: .today(), failed: nil)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.authorize(.editMeasures)
        let values = try req.content.decode([String: String].self)
        do {
            let (id, code) = try await MeasureCatalogue.create(from: values, by: actor.userID, on: req.db)
            try await req.audit(.create, "measure", id: id, code, actor: actor)
            try await MeasureSubscriptions.sweepSoon(on: req.sql)
            return req.redirect(to: "/admin/measures/\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = MeasureAdminViews.list(req.page, try await MeasureCatalogue(sql: req.sql).all(on: .today()), today: .today(),
                                              failed: .init(form: "new", values: values, errors: error.fields))
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    private func measure(_ req: Request) async throws -> Measure {
        guard let id = req.parameters.get("id", as: Int.self), let measure = try await MeasureCatalogue(sql: req.sql).find(id: id, on: .today()) else {
            throw AppError.notFound
        }
        return measure
    }

    func show(req: Request) async throws -> HTML {
        _ = try req.authorize(.editMeasures)
        return try await page(req, try await measure(req), failed: nil, notice: req.query[String.self, at: "saved"] == "1" ? req.localizer("me.saved") : nil)
    }

    private func page(_ req: Request, _ measure: Measure, failed: MeasureAdminViews.Failed?, notice: String?) async throws -> HTML {
        let catalogue = MeasureCatalogue(sql: req.sql)
        return MeasureAdminViews.edit(req.page, measure, rules: try await catalogue.rules(of: measure.id), revisions: try await catalogue.revisions(of: measure.id),
                                      today: .today(), failed: failed, notice: notice)
    }

    /// Runs one edit in a transaction; a form error shows the page again with the form as typed (422).
    private func edit(_ req: Request, form: String, _ body: @escaping @Sendable ([String: String], Measure, MeasureCatalogue, Int) async throws -> String) async throws -> Response {
        let actor = try req.authorize(.editMeasures)
        let measure = try await measure(req)
        let values = try req.content.decode([String: String].self)
        do {
            let summary = try await req.db.transaction { database in
                try await body(values, measure, MeasureCatalogue(sql: database as! any SQLDatabase), actor.userID)
            }
            try await req.audit(.update, "measure", id: measure.id, summary, actor: actor)
            try await MeasureSubscriptions.sweepSoon(on: req.sql)
            return req.redirect(to: "/admin/measures/\(measure.id)?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = try await page(req, measure, failed: .init(form: form, values: values, errors: error.fields), notice: nil)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func update(req: Request) async throws -> Response {
        try await edit(req, form: "measure") { values, measure, catalogue, userID in
            try await catalogue.update(measure.id, try MeasureForms.measure(values, code: measure.code), by: userID)
            return "measure"
        }
    }

    func addRule(req: Request) async throws -> Response {
        try await edit(req, form: "rule") { values, measure, catalogue, userID in
            let rule = try MeasureForms.rule(values)
            try await catalogue.addRule(rule.draft, to: measure.id, by: userID)
            return "rule from \(rule.draft.validFrom)"
        }
    }
}
