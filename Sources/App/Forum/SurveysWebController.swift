import Domain
import Foundation
import HTML
import Vapor

/// The satisfaction survey: the attendee's page (reached from the text message's link), and for organisers sending it
/// after the stop and reading the results, also as CSV or XLSX.
struct SurveysWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("forum", "survey", ":token", use: form)
        routes.post("forum", "survey", ":token", use: submit)
        routes.get("organise", "survey", use: editor)
        routes.post("organise", "survey", "questions", use: addQuestion)
        routes.post("organise", "survey", "questions", ":question", use: updateQuestion)
        routes.post("organise", "stops", ":stop", "survey", use: send)
        routes.get("organise", "stops", ":stop", "survey", use: results)
        for format in ["csv", "xlsx"] {
            routes.get("organise", "stops", ":stop", "survey.\(format)") { req in try await export(req, format: format) }
        }
    }

    private func invitation(_ req: Request) async throws -> ForumSurveys.Invitation {
        guard let token = req.parameters.get("token"), let invitation = try await ForumSurveys(database: req.db).invitation(token: token) else {
            throw AppError.notFound
        }
        return invitation
    }

    private func render(_ req: Request, _ invitation: ForumSurveys.Invitation, values: [String: String], errors: [String: FieldProblem]) async throws -> HTML {
        let surveys = ForumSurveys(database: req.db)
        return SurveyViews.form(req.page, questions: try await surveys.questions(),
                                subjects: try await surveys.subjects(of: invitation, language: req.localizer.language),
                                done: invitation.completed_at != nil, values: values, errors: errors)
    }

    func form(req: Request) async throws -> HTML { try await render(req, try await invitation(req), values: [:], errors: [:]) }

    func submit(req: Request) async throws -> Response {
        let invitation = try await invitation(req)
        let values = try req.content.decode([String: String].self)
        let surveys = ForumSurveys(database: req.db)
        do {
            try await surveys.submit(invitation, values: values, questions: try await surveys.questions(),
                                     subjects: try await surveys.subjects(of: invitation, language: req.localizer.language))
            return req.redirect(to: req.url.path)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            let fresh = try await surveys.invitation(token: req.parameters.get("token") ?? "") ?? invitation
            return try await HTMLPage(status: error.status, body: try await render(req, fresh, values: values, errors: error.fields)).encodeResponse(for: req)
        }
    }

    private func stop(_ req: Request) async throws -> ForumProgramme.Stop {
        let actor = try req.authorize(.organiseForum)
        let reach = Policy.forumReach(of: actor, through: .organiseForum)
        guard let id = req.parameters.get("stop", as: Int.self), let stop = try await ForumProgramme(sql: req.sql).stop(id),
              reach.covers(stop.editionID) else { throw AppError.notFound }
        return stop
    }

    func send(req: Request) async throws -> Response {
        let stop = try await stop(req)
        let sent = try await ForumSurveys(database: req.db).invite(stopID: stop.id, baseURL: req.application.config.baseURL)
        try await req.audit(.create, "forum_stop", id: stop.id, "satisfaction survey sent to \(sent) attendees")
        return req.redirect(to: "/organise/stops/\(stop.id)/survey?sent=\(sent)")
    }

    func results(req: Request) async throws -> HTML {
        let stop = try await stop(req)
        let results = try await ForumSurveys(database: req.db).results(stopID: stop.id, language: req.localizer.language)
        let sent = req.query[Int.self, at: "sent"].map { req.localizer("forum.survey_sent", ["count": req.localizer.number($0)]) }
        return SurveyViews.results(req.page, stop, results, notice: sent)
    }

    private func export(_ req: Request, format: String) async throws -> Response {
        let stop = try await stop(req)
        let t = req.localizer
        let results = try await ForumSurveys(database: req.db).results(stopID: stop.id, language: t.language)
        try await req.audit(.export, "forum_stop", id: stop.id, "survey results \(format)")
        var sheet = XLSXExport(header: [t("forum.survey.question"), t("forum.survey.subject"), t("forum.survey.answers"), t("forum.survey.average"), "NPS"])
        for result in results.results {
            for row in result.rows {
                sheet.append([.text(result.question.text[t.language]), .text(row.subject), .number(row.answers),
                              .text(row.average.map { "\($0)" }), .text(row.netPromoter.map(String.init))])
            }
            for comment in result.comments { sheet.append([.text(result.question.text[t.language]), .text(nil), .number(1), .text(comment), .text(nil)]) }
        }
        return try ForumExports.respond(sheet, format: format, name: "survey-\(stop.id)", title: t("forum.survey.title"))
    }

    /// The questions are the same for every stop: national organisers edit them.
    private func editing(_ req: Request) throws {
        guard Policy.forumReach(of: try req.authorize(.organiseForum), through: .organiseForum).all else { throw AppError.forbidden }
    }

    func editor(req: Request) async throws -> HTML {
        try editing(req)
        return SurveyViews.editor(req.page, try await ForumSurveys(database: req.db).editableQuestions(), failed: nil)
    }

    private func change(_ req: Request, form: String, _ body: (ForumSurveys.QuestionDraft) async throws -> Void) async throws -> Response {
        try editing(req)
        let values = try req.content.decode([String: String].self)
        do {
            try await body(try ForumOrganisationForms.surveyQuestion(values))
            return req.redirect(to: "/organise/survey")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = SurveyViews.editor(req.page, try await ForumSurveys(database: req.db).editableQuestions(),
                                          failed: .init(form: form, values: values, errors: error.fields))
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func addQuestion(req: Request) async throws -> Response {
        try await change(req, form: "new") { draft in
            let id = try await ForumSurveys(database: req.db).addQuestion(draft)
            try await req.audit(.create, "forum_survey_question", id: id, draft.text.fr)
        }
    }

    func updateQuestion(req: Request) async throws -> Response {
        guard let id = req.parameters.get("question", as: Int.self) else { throw AppError.notFound }
        return try await change(req, form: String(id)) { draft in
            try await ForumSurveys(database: req.db).updateQuestion(id, draft)
            try await req.audit(.update, "forum_survey_question", id: id, "\(draft.text.fr), \(draft.active ? "asked" : "not asked")")
        }
    }
}
