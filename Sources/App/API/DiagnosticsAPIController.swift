import Domain
import Vapor

/// `/api/v1` for diagnostics: the instruments as administrators wrote them, and diagnostics taken on a case.
struct DiagnosticsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("instruments", use: instruments)
        api.get("cases", ":case", "diagnostics", use: diagnostics)
        api.post("cases", ":case", "diagnostics", use: take)
    }

    func instruments(req: Request) async throws -> [APIDTO.Instrument] {
        _ = try req.authorize(.manageCases)
        return try await InstrumentCatalogue(sql: req.sql).all(activeOnly: true).map(APIDTO.Instrument.init)
    }

    private func accompaniment(_ req: Request, actor: Actor) async throws -> Int {
        guard let id = req.parameters.get("case", as: Int.self),
              try await AccompanimentService(sql: req.sql).find(id, scope: Policy.beneficiaryScope(for: actor)) != nil else { throw AppError.notFound }
        return id
    }

    func diagnostics(req: Request) async throws -> [APIDTO.Diagnostic] {
        let actor = try req.authorize(.manageCases)
        let id = try await accompaniment(req, actor: actor)
        try await req.audit(.read, "case", id: id, "api diagnostics")
        return try await DiagnosticsService(sql: req.sql).diagnostics(ofCase: id).map(APIDTO.Diagnostic.init)
    }

    func take(req: Request) async throws -> Response {
        let actor = try req.authorize(.manageCases)
        let id = try await accompaniment(req, actor: actor)
        let input = try req.content.decode(APIDTO.NewDiagnostic.self)
        guard let instrument = try await InstrumentCatalogue(sql: req.sql).find(code: input.instrument), instrument.active else {
            throw AppError.validation(["instrument": FieldProblem("validation.choice")])
        }
        var takenOn = CalendarDate(Date())
        if let typed = input.takenOn {
            guard let day = CalendarDate(typed), day <= takenOn else { throw AppError.validation(["takenOn": FieldProblem("validation.past_date")]) }
            takenOn = day
        }
        let service = DiagnosticsService(sql: req.sql)
        let created = try await service.take(instrument, answers: input.answers, takenOn: takenOn, caseID: id, authorID: actor.userID)
        try await req.audit(.create, "case", id: id, "api diagnostic \(instrument.code)")
        return try await APIDTO.Diagnostic(try await service.find(created, caseID: id)!).encodeResponse(status: .created, for: req)
    }
}

extension APIDTO {
    struct Instrument: Content {
        struct Option: Content {
            let index: Int
            let points: Int
            let label: LocalizedText
        }

        struct Question: Content {
            let code: String
            let text: LocalizedText
            let options: [Option]
            let recommendation: LocalizedText?
            let theme: String?
        }

        let id: Int
        let code: String
        let name: LocalizedText
        let description: LocalizedText
        let questions: [Question]

        init(_ instrument: App.Instrument) {
            id = instrument.id
            code = instrument.code
            name = instrument.name
            description = instrument.description
            questions = instrument.questions.map { question in
                Question(code: question.code, text: question.text,
                         options: question.options.enumerated().map { Option(index: $0.offset, points: $0.element.points, label: $0.element.label) },
                         recommendation: question.recommendation, theme: question.theme)
            }
        }
    }

    struct NewDiagnostic: Content {
        var instrument: String
        var takenOn: String?
        /// Question code → index of the chosen option.
        var answers: [String: Int]
    }

    struct Diagnostic: Content {
        let id: Int
        let instrument: String
        let takenOn: String
        let score: Int
        let points: Int
        let maxPoints: Int
        let answers: [DiagnosticsService.Answer]
        let recommendations: [DiagnosticsService.Recommendation]

        init(_ diagnostic: DiagnosticsService.Diagnostic) {
            id = diagnostic.id
            instrument = diagnostic.instrumentCode
            takenOn = diagnostic.takenOn
            score = diagnostic.score
            points = diagnostic.points
            maxPoints = diagnostic.maxPoints
            answers = diagnostic.answers
            recommendations = diagnostic.recommendations
        }
    }
}
