import Domain
import HTML
import Vapor

/// Taking a diagnostic from a case, and reading its result next to the previous one.
struct DiagnosticsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", ":case", "diagnostics", "new", use: form)
        routes.post("cases", ":case", "diagnostics", use: take)
        routes.get("cases", ":case", "diagnostics", ":diagnostic", use: show)
    }

    /// The case, found within the actor's scope, or a 404.
    private func accompaniment(_ req: Request, actor: Actor) async throws -> AccompanimentService.CaseRow {
        guard let id = req.parameters.get("case", as: Int.self),
              let item = try await AccompanimentService(sql: req.sql).find(id, scope: Policy.beneficiaryScope(for: actor)) else { throw AppError.notFound }
        return item
    }

    private func instrument(_ req: Request, _ value: String?) async throws -> Instrument {
        guard let id = value.flatMap({ Int($0) }), let instrument = try await InstrumentCatalogue(sql: req.sql).find(id), instrument.active else {
            throw AppError.notFound
        }
        return instrument
    }

    func form(req: Request) async throws -> HTML {
        let actor = try req.authorize(.manageCases)
        let item = try await accompaniment(req, actor: actor)
        let instrument = try await instrument(req, req.query[String.self, at: "instrument"])
        try await req.audit(.read, "case", id: item.id, "diagnostic form \(instrument.code)")
        return DiagnosticViews.form(req.page, item, instrument, values: [:], errors: [:])
    }

    func take(req: Request) async throws -> Response {
        let actor = try req.authorize(.manageCases)
        let item = try await accompaniment(req, actor: actor)
        let values = try req.content.decode([String: String].self)
        let instrument = try await instrument(req, values["instrument"])
        do {
            let (answers, takenOn) = try DiagnosticForm.parse(values, instrument: instrument)
            let id = try await DiagnosticsService(sql: req.sql).take(instrument, answers: answers, takenOn: takenOn, caseID: item.id, authorID: actor.userID)
            try await req.audit(.create, "case", id: item.id, "diagnostic \(instrument.code)")
            return req.redirect(to: "/cases/\(item.id)/diagnostics/\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = DiagnosticViews.form(req.page, item, instrument, values: values, errors: error.fields)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func show(req: Request) async throws -> HTML {
        let actor = try req.authorize(.manageCases)
        let item = try await accompaniment(req, actor: actor)
        guard let id = req.parameters.get("diagnostic", as: Int.self) else { throw AppError.notFound }
        let all = try await DiagnosticsService(sql: req.sql).diagnostics(ofCase: item.id)
        guard let index = all.firstIndex(where: { $0.id == id }) else { throw AppError.notFound }
        try await req.audit(.read, "case", id: item.id, "diagnostic \(id)")
        let diagnostic = all[index]
        let previous = all[..<index].last { $0.instrumentID == diagnostic.instrumentID }
        return DiagnosticViews.result(req.page, item, diagnostic, previous: previous)
    }
}

/// Reads the diagnostic form: `q_<question code>` holds the chosen option's index, `taken_on` the day.
enum DiagnosticForm {
    static func parse(_ values: [String: String], instrument: Instrument) throws(AppError) -> (answers: [String: Int], takenOn: CalendarDate) {
        var validator = Validator()
        var answers: [String: Int] = [:]
        for question in instrument.questions {
            if let value = values["q_\(question.code)"], let index = Int(value) { answers[question.code] = index }
        }
        var takenOn = CalendarDate(Date())
        if let typed = values["taken_on"], !typed.isEmpty {
            if let day = CalendarDate(typed), day <= CalendarDate(Date()) { takenOn = day } else { validator.add("taken_on", "validation.past_date") }
        }
        do { _ = try DiagnosticsService.assess(instrument, answers: answers) } catch { for (field, problem) in error.fields { validator.add(field, problem.key) } }
        try validator.check()
        return (answers, takenOn)
    }
}
