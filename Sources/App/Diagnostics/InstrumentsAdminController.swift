import HTML
import Vapor

/// Administrators edit the diagnostic instruments: names and questions in each language, options with their points,
/// the advice given below the best answer.
struct InstrumentsAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "instruments")
        admin.get(use: list)
        admin.post(use: create)
        admin.get(":id", use: show)
        admin.post(":id", use: update)
        admin.post(":id", "questions", use: addQuestion)
        admin.post(":id", "questions", ":question", use: updateQuestion)
        admin.post(":id", "questions", ":question", "delete", use: deleteQuestion)
    }

    func list(req: Request) async throws -> HTML {
        _ = try req.authorize(.editInstruments)
        return InstrumentAdminViews.list(req.page, try await InstrumentCatalogue(sql: req.sql).all(), failed: nil)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.authorize(.editInstruments)
        let values = try req.content.decode(InstrumentForms.Values.self)
        do {
            let form = try InstrumentForms.instrument(values, withCode: true)
            let id = try await InstrumentCatalogue(sql: req.sql).create(code: form.code, name: form.name, description: form.description)
            try await req.audit(.create, "instrument", id: id, form.code, actor: actor)
            return req.redirect(to: "/admin/instruments/\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = InstrumentAdminViews.list(req.page, try await InstrumentCatalogue(sql: req.sql).all(), failed: .init(values: values, errors: error.fields))
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    private func id(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        return id
    }

    func show(req: Request) async throws -> HTML {
        _ = try req.authorize(.editInstruments)
        guard let instrument = try await InstrumentCatalogue(sql: req.sql).find(try id(req)) else { throw AppError.notFound }
        return InstrumentAdminViews.edit(req.page, instrument, failed: nil, notice: req.query[String.self, at: "saved"] == "1" ? req.localizer("me.saved") : nil)
    }

    /// Runs an edit; a form error re-renders the page with the failing form as typed (422).
    private func edit(_ req: Request, form: String, _ body: (InstrumentForms.Values, InstrumentCatalogue) async throws -> String) async throws -> Response {
        let actor = try req.authorize(.editInstruments)
        let instrumentID = try id(req)
        let values = try req.content.decode(InstrumentForms.Values.self)
        let catalogue = InstrumentCatalogue(sql: req.sql)
        do {
            let summary = try await body(values, catalogue)
            try await req.audit(.update, "instrument", id: instrumentID, summary, actor: actor)
            return req.redirect(to: "/admin/instruments/\(instrumentID)?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity {
            guard let instrument = try await catalogue.find(instrumentID) else { throw AppError.notFound }
            let page = InstrumentAdminViews.edit(req.page, instrument, failed: .init(form: form, values: values, errors: error.fields), notice: nil)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func update(req: Request) async throws -> Response {
        try await edit(req, form: "instrument") { values, catalogue in
            let form = try InstrumentForms.instrument(values, withCode: false)
            try await catalogue.update(try id(req), name: form.name, description: form.description, active: form.active)
            return "instrument"
        }
    }

    func addQuestion(req: Request) async throws -> Response {
        try await edit(req, form: "new") { values, catalogue in
            let draft = try InstrumentForms.question(values)
            try await catalogue.addQuestion(draft, to: try id(req))
            return "question \(draft.code) added"
        }
    }

    func updateQuestion(req: Request) async throws -> Response {
        let question = req.parameters.get("question", as: Int.self) ?? 0
        return try await edit(req, form: String(question)) { values, catalogue in
            let draft = try InstrumentForms.question(values)
            try await catalogue.updateQuestion(question, of: try id(req), draft)
            return "question \(draft.code) changed"
        }
    }

    func deleteQuestion(req: Request) async throws -> Response {
        let question = req.parameters.get("question", as: Int.self) ?? 0
        return try await edit(req, form: String(question)) { _, catalogue in
            try await catalogue.deleteQuestion(question, of: try id(req))
            return "question \(question) deleted"
        }
    }
}
