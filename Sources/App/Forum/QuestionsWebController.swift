import Crypto
import Domain
import Foundation
import HTML
import Vapor

/// Questions to the speakers: the session's public page (reached by its QR code) to ask and vote; the organisers'
/// moderation (paper questions, merges, themes, hiding, follow-up cases) and the speakers' answers; the stop's report.
struct QuestionsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("forum", "sessions", ":session", "questions", use: page)
        routes.post("forum", "sessions", ":session", "questions", use: ask)
        routes.post("forum", "questions", ":question", "vote", use: vote)
        routes.get("organise", "sessions", ":session", "questions", use: moderation)
        routes.post("organise", "sessions", ":session", "questions", use: paper)
        routes.post("organise", "questions", ":question", use: moderate)
        routes.post("organise", "questions", ":question", "answer", use: answer)
        routes.post("organise", "questions", ":question", "follow-up", use: followUp)
        routes.get("organise", "stops", ":stop", "questions", use: report)
    }

    private func session(_ req: Request, _ id: Int?) async throws -> (ForumProgramme.Stop, ForumProgramme.Session) {
        guard let id, let stopID = try await req.sql.raw("SELECT stop_id FROM forum_sessions WHERE id = \(bind: id)").first(decodingColumn: "stop_id", as: Int.self),
              let stop = try await ForumProgramme(sql: req.sql).stop(stopID), let session = stop.sessions.first(where: { $0.id == id }) else { throw AppError.notFound }
        return (stop, session)
    }

    private func questions(_ req: Request) -> ForumQuestions { ForumQuestions(database: req.db) }

    /// A browser's vote key: a digest of its form token, so one browser votes once and nothing reusable is stored.
    private func voter(_ req: Request) -> String {
        RandomToken.hex(SHA256.hash(data: Data("voter:\(req.csrfToken)".utf8)))
    }

    func page(req: Request) async throws -> HTML {
        let (stop, session) = try await session(req, req.parameters.get("session", as: Int.self))
        return QuestionViews.page(req.page, stop, session, try await questions(req).list(sessionID: session.id), values: [:], errors: [:])
    }

    func ask(req: Request) async throws -> Response {
        let (stop, session) = try await session(req, req.parameters.get("session", as: Int.self))
        let values = try req.content.decode([String: String].self)
        do {
            let question = try ForumForms.question(values)
            if let phone = question.phone {
                try await RateLimiter(database: req.sql).hit([("question:phone:\(phone.e164)", .forumRegistrationPerPhone)])
            }
            try await RateLimiter(database: req.sql).hit([("question:address:\(req.clientAddress ?? "unknown")", .forumRegistrationPerAddress)])
            let id = try await questions(req).ask(sessionID: session.id, text: question.text, language: req.localizer.language, name: question.name,
                                                  phone: question.phone, source: "web")
            try await req.audit(.create, "forum_question", id: id, "session \(session.id)\(question.phone == nil ? "" : ", with a phone for follow-up")")
            return req.redirect(to: "/forum/sessions/\(session.id)/questions#question-\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = QuestionViews.page(req.page, stop, session, try await questions(req).list(sessionID: session.id), values: values, errors: error.fields)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func vote(req: Request) async throws -> Response {
        guard let id = req.parameters.get("question", as: Int.self) else { throw AppError.notFound }
        try await questions(req).vote(id, voter: voter(req))
        guard let question = try await questions(req).find(id) else { throw AppError.notFound }
        return req.redirect(to: "/forum/sessions/\(question.session_id)/questions#question-\(id)")
    }

    /// The session, if the actor organises or speaks at its edition.
    private func staffSession(_ req: Request, _ permission: Permission, _ id: Int?) async throws -> (Actor, ForumProgramme.Stop, ForumProgramme.Session) {
        let actor = try req.authorize(permission)
        let (stop, session) = try await session(req, id)
        let reach = Policy.forumReach(of: actor, through: permission)
        guard reach.covers(stop.editionID) else { throw AppError.notFound }
        return (actor, stop, session)
    }

    private func question(_ req: Request, _ permission: Permission) async throws -> (Actor, ForumProgramme.Stop, ForumQuestions.Question) {
        guard let id = req.parameters.get("question", as: Int.self), let question = try await questions(req).find(id) else { throw AppError.notFound }
        let (actor, stop, _) = try await staffSession(req, permission, question.session_id)
        return (actor, stop, question)
    }

    func moderation(req: Request) async throws -> HTML {
        try await moderationPage(req, sessionID: req.parameters.get("session", as: Int.self), failed: nil)
    }

    private func moderationPage(_ req: Request, sessionID: Int?, failed: (questionID: Int, errors: [String: FieldProblem])?) async throws -> HTML {
        let (actor, stop, session) = try await staffSession(req, .answerQuestions, sessionID)
        let list = try await questions(req).list(sessionID: session.id, includeHidden: true)
        let moderator = Policy.allows(actor, .organiseForum)
        if moderator, list.contains(where: { $0.asked_by_phone != nil }) {
            try await req.audit(.read, "forum_session", id: session.id, "questions with contact details")
        }
        return QuestionViews.moderation(req.page, stop, session, list, moderator: moderator,
                                        link: req.application.config.baseURL.appendingPathComponent("forum/sessions/\(session.id)/questions").absoluteString,
                                        failed: failed)
    }

    /// A question from a paper slip, typed in by staff.
    func paper(req: Request) async throws -> Response {
        let (_, _, session) = try await staffSession(req, .organiseForum, req.parameters.get("session", as: Int.self))
        let question = try ForumForms.question(try req.content.decode([String: String].self))
        let id = try await questions(req).ask(sessionID: session.id, text: question.text, language: req.localizer.language, name: question.name,
                                              phone: question.phone, source: "paper")
        try await req.audit(.create, "forum_question", id: id, "from paper, session \(session.id)")
        return req.redirect(to: "/organise/sessions/\(session.id)/questions")
    }

    func moderate(req: Request) async throws -> Response {
        let (_, _, question) = try await question(req, .organiseForum)
        let values = try req.content.decode([String: String].self)
        if let into = values["into"].flatMap({ Int($0) }) {
            try await questions(req).merge(question.id, into: into)
            try await req.audit(.update, "forum_question", id: question.id, "merged into \(into)")
        } else {
            let themes = values.keys.filter { $0.hasPrefix("theme_") }.map { String($0.dropFirst(6)) }.filter(ThemeTaxonomy.shipped.contains).sorted()
            try await questions(req).moderate(question.id, themes: themes, hidden: values["hidden"] != nil)
            try await req.audit(.update, "forum_question", id: question.id, "themes \(themes.joined(separator: ",")), hidden \(values["hidden"] != nil)")
        }
        return req.redirect(to: "/organise/sessions/\(question.session_id)/questions#q-\(question.id)")
    }

    func answer(req: Request) async throws -> Response {
        let (actor, _, question) = try await question(req, .answerQuestions)
        let text = (try? req.content.get(String.self, at: "answer"))?.trimmed ?? ""
        guard (1...2_000).contains(text.count) else {
            let problem = text.isEmpty ? FieldProblem("forum.answer_required") : FieldProblem("validation.too_long", ["max": "2000"])
            let page = try await moderationPage(req, sessionID: question.session_id, failed: (question.id, ["answer": problem]))
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
        try await questions(req).answer(question.id, text: text, by: actor.userID)
        try await req.audit(.update, "forum_question", id: question.id, "answered")
        return req.redirect(to: "/organise/sessions/\(question.session_id)/questions#q-\(question.id)")
    }

    /// The question becomes a case for the stop's regional structure, with the question in its first note.
    func followUp(req: Request) async throws -> Response {
        let (actor, stop, question) = try await question(req, .organiseForum)
        let caseID = try await questions(req).followUp(question.id, regionID: stop.regionID, by: actor.userID)
        try await req.audit(.create, "case", id: caseID, "follow-up of forum question \(question.id)")
        return req.redirect(to: "/organise/sessions/\(question.session_id)/questions#q-\(question.id)")
    }

    func report(req: Request) async throws -> HTML {
        let actor = try req.authorize(.organiseForum)
        let reach = Policy.forumReach(of: actor, through: .organiseForum)
        guard let id = req.parameters.get("stop", as: Int.self), let stop = try await ForumProgramme(sql: req.sql).stop(id),
              reach.covers(stop.editionID) else { throw AppError.notFound }
        return QuestionViews.report(req.page, stop, try await questions(req).report(stopID: stop.id))
    }
}
