import Domain
import Vapor

/// `/api/v1/forum`: the programme and registration, open like the public pages (a partner's app may register people);
/// the door and attendance for door staff and organisers.
struct ForumAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let forum = routes.grouped("api", "v1", "forum")
        forum.get("stops", use: stops)
        forum.get("stops", ":stop", use: stop)
        forum.post("stops", ":stop", "registrations", use: register)
        forum.post("stops", ":stop", "check-ins", use: checkIn)
        forum.get("stops", ":stop", "attendance", use: attendance)
        forum.get("speakers", ":speaker", use: speaker)
        forum.get("partners", ":partner", use: partner)
        forum.get("tickets", ":code", use: ticket)
        forum.post("tickets", ":code", "seats", ":seat", "cancel", use: cancel)
        forum.post("tickets", ":code", "seats", ":seat", "confirm", use: confirm)
        forum.get("sessions", ":session", "questions", use: questions)
        forum.post("sessions", ":session", "questions", use: ask)
        forum.post("questions", ":question", "votes", use: vote)
        forum.get("stops", ":stop", "survey-results", use: surveyResults)
    }

    private func sessionID(_ req: Request) async throws -> Int {
        guard let id = req.parameters.get("session", as: Int.self),
              try await req.sql.raw("SELECT id FROM forum_sessions WHERE id = \(bind: id)").first() != nil else { throw AppError.notFound }
        return id
    }

    func questions(req: Request) async throws -> [APIDTO.ForumQuestion] {
        try await ForumQuestions(database: req.db).list(sessionID: try await sessionID(req)).map(APIDTO.ForumQuestion.init)
    }

    func ask(req: Request) async throws -> Response {
        let session = try await sessionID(req)
        let input = try req.content.decode(APIDTO.ForumQuestionInput.self)
        var values = ["text": input.text, "name": input.name ?? "", "phone": input.phone ?? ""]
        if input.consent == true { values["consent"] = "on" }
        let question = try ForumForms.question(values)
        try await RateLimiter(database: req.sql).hit([("question:address:\(req.clientAddress ?? "unknown")", .forumRegistrationPerAddress)])
        let questions = ForumQuestions(database: req.db)
        let id = try await questions.ask(sessionID: session, text: question.text, language: req.localizer.language, name: question.name,
                                         phone: question.phone, source: "api")
        try await req.audit(.create, "forum_question", id: id, "session \(session), api")
        guard let created = try await questions.find(id) else { throw AppError.notFound }
        return try await APIDTO.ForumQuestion(created).encodeResponse(status: .created, for: req)
    }

    func vote(req: Request) async throws -> APIDTO.ForumQuestion {
        guard let id = req.parameters.get("question", as: Int.self) else { throw AppError.notFound }
        let input = try req.content.decode(APIDTO.ForumVoteInput.self)
        guard (1...80).contains(input.voter.count) else { throw AppError.validation(["voter": FieldProblem("validation.required")]) }
        let questions = ForumQuestions(database: req.db)
        try await questions.vote(id, voter: "api:\(input.voter)")
        guard let question = try await questions.find(id) else { throw AppError.notFound }
        return APIDTO.ForumQuestion(try await questions.find(question.merged_into_id ?? question.id) ?? question)
    }

    func surveyResults(req: Request) async throws -> APIDTO.SurveyResults {
        let actor = try req.authorize(.organiseForum)
        let stop = try await stop(req)
        let reach = Policy.forumReach(of: actor, through: .organiseForum)
        guard reach.covers(stop.editionID) else { throw AppError.notFound }
        let results = try await ForumSurveys(database: req.db).results(stopID: stop.id, language: req.localizer.language)
        return APIDTO.SurveyResults(invited: results.invited, answered: results.answered, questions: results.results.map { result in
            APIDTO.SurveyResult(code: result.question.code, kind: result.question.kind.rawValue, about: result.question.about.rawValue, question: result.question.text,
                                rows: result.rows.map { .init(subject: $0.subject, answers: $0.answers, average: $0.average.map { "\($0)" }, netPromoterScore: $0.netPromoter) },
                                comments: result.comments)
        })
    }

    func stops(req: Request) async throws -> [APIDTO.ForumStop] {
        try await ForumProgramme(sql: req.sql).stops().map { APIDTO.ForumStop($0, detailed: false) }
    }

    private func stop(_ req: Request) async throws -> ForumProgramme.Stop {
        guard let id = req.parameters.get("stop", as: Int.self), let stop = try await ForumProgramme(sql: req.sql).stop(id) else { throw AppError.notFound }
        return stop
    }

    func stop(req: Request) async throws -> APIDTO.ForumStop { APIDTO.ForumStop(try await stop(req), detailed: true) }

    func speaker(req: Request) async throws -> APIDTO.ForumSpeakerProfile {
        guard let id = req.parameters.get("speaker", as: Int.self), let profile = try await ForumProgramme(sql: req.sql).speakerProfile(id) else {
            throw AppError.notFound
        }
        return APIDTO.ForumSpeakerProfile(profile)
    }

    func partner(req: Request) async throws -> APIDTO.ForumPartner {
        guard let id = req.parameters.get("partner", as: Int.self), let profile = try await ForumProgramme(sql: req.sql).partnerProfile(id) else {
            throw AppError.notFound
        }
        return APIDTO.ForumPartner(id: profile.partner.id, name: profile.partner.name, stops: profile.stops.map { APIDTO.ForumStop($0, detailed: false) })
    }

    func register(req: Request) async throws -> Response {
        guard let stopID = req.parameters.get("stop", as: Int.self) else { throw AppError.notFound }
        let input = try req.content.decode(APIDTO.ForumRegistrationInput.self)
        var values = ["first_name": input.firstName, "last_name": input.lastName, "phone": input.phone, "gender": input.gender ?? ""]
        if input.consent { values["consent"] = "on" }
        for session in input.sessions { values["session_\(session)"] = "on" }
        let language = input.language.flatMap(Language.init(rawValue:)) ?? req.localizer.language
        let (registrant, sessions) = try ForumForms.registrant(values, language: language)
        let registration = try await req.forumRegistrations.register(stopID: stopID, registrant, sessionIDs: sessions, channel: "api",
                                                                     limits: ForumForms.limits(registrant, on: req), audit: req.auditEntry(.create, "forum_registration"))
        return try await APIDTO.ForumTicket(registration.issued).encodeResponse(status: .created, for: req)
    }

    private func ticket(_ req: Request) async throws -> ForumTickets.Ticket {
        guard let code = req.parameters.get("code").flatMap(TicketCode.init(reading:)), let ticket = try await ForumTickets(sql: req.sql).find(code) else {
            throw AppError.notFound
        }
        return ticket
    }

    func ticket(req: Request) async throws -> APIDTO.ForumTicket { APIDTO.ForumTicket(try await ticket(req)) }

    func cancel(req: Request) async throws -> APIDTO.ForumTicket {
        try await change(req) { try await $0.cancel(seatID: $2, registrationID: $1.registrationID) }
    }

    func confirm(req: Request) async throws -> APIDTO.ForumTicket {
        try await change(req) { try await $0.confirmOffer(seatID: $2, registrationID: $1.registrationID) }
    }

    private func change(_ req: Request, _ body: (ForumRegistrations, ForumTickets.Ticket, Int) async throws -> Void) async throws -> APIDTO.ForumTicket {
        let ticket = try await ticket(req)
        guard let seat = req.parameters.get("seat", as: Int.self) else { throw AppError.notFound }
        try await body(req.forumRegistrations, ticket, seat)
        return APIDTO.ForumTicket(try await ForumTickets(sql: req.sql).find(ticket.code) ?? ticket)
    }

    func checkIn(req: Request) async throws -> APIDTO.CheckInResult {
        let (actor, stopID) = try await req.doorStop()
        let input = try req.content.decode(APIDTO.CheckInInput.self)
        let verdict = try await req.forumCheckIns.scan(input.code, stopID: stopID, device: input.device.map { String($0.prefix(40)) } ?? "api", userID: actor.userID)
        return APIDTO.CheckInResult(verdict: verdict.code, admitted: verdict.admitted, message: DoorViews.message(verdict, req.localizer))
    }

    func attendance(req: Request) async throws -> APIDTO.ForumAttendance {
        let (_, stopID) = try await req.doorStop()
        return APIDTO.ForumAttendance(try await req.forumCheckIns.attendance(stopID: stopID))
    }
}
