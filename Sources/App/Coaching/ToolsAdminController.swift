import Domain
import HTML
import Vapor

/// Administrators keep the budget builder's templates by activity.
struct ToolsAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "tools")
        admin.get(use: show)
        admin.post("templates", use: create)
        admin.post("templates", ":code", use: update)
    }

    func show(req: Request) async throws -> HTML {
        _ = try req.authorize(.editTools)
        return ToolsAdminViews.page(req.page, try await BudgetTemplates(sql: req.sql).all(), failed: nil,
                                    notice: req.query[String.self, at: "saved"] == "1" ? req.localizer("me.saved") : nil)
    }

    func create(req: Request) async throws -> Response {
        try await save(req, code: nil) { templates, template, actor in try await templates.insert(template, by: actor.userID) }
    }

    func update(req: Request) async throws -> Response {
        guard let code = req.parameters.get("code") else { throw AppError.notFound }
        return try await save(req, code: code) { templates, template, actor in try await templates.update(template, by: actor.userID) }
    }

    /// A form error shows the page again with the form as typed (422), the other templates untouched.
    private func save(_ req: Request, code: String?, _ write: (BudgetTemplates, CoachingReference.Template, Actor) async throws -> Void) async throws -> Response {
        let actor = try req.authorize(.editTools)
        let values = try req.content.decode([String: String].self)
        let templates = BudgetTemplates(sql: req.sql)
        do {
            let template = try BudgetTemplates.template(from: values, code: code)
            try await write(templates, template, actor)
            try await req.audit(code == nil ? .create : .update, "budget_template", id: template.code,
                                "\(template.name.fr): average month \(template.averageMonth), variable \(template.variableCostPercent) %, fixed \(template.monthlyFixedCosts)")
            return req.redirect(to: "/admin/tools?saved=1#template-\(template.code)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = ToolsAdminViews.page(req.page, try await templates.all(), failed: .init(code: code, values: values, errors: error.fields), notice: nil)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }
}
