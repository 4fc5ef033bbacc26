import Domain
import Foundation
import HTML
import Vapor

/// The public side of the catalogue: measures, "am I eligible?", "tell me when it opens", "contact me".
struct MeasuresWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("measures", use: catalogue)
        routes.get("measures", ":code", use: detail)
        routes.post("measures", ":code", "subscriptions", use: subscribe)
        routes.get("eligibility", use: questionnaire)
        routes.post("eligibility", "contact", use: contact)
    }

    func catalogue(req: Request) async throws -> HTML {
        let today = Day.today()
        let filters = MeasureViews.Filters(q: req.query[String.self, at: "q"] ?? "", kind: req.query[String.self, at: "kind"].flatMap(MeasureKind.init(rawValue:)),
                                           status: req.query[String.self, at: "status"].flatMap(MeasureStatus.init(rawValue:)),
                                           theme: req.query[String.self, at: "theme"].flatMap { $0.isEmpty ? nil : $0 })
        let measures = try await MeasureCatalogue(sql: req.sql).all(on: today).filter { Self.matches($0, filters, today) }
        return MeasureViews.catalogue(req.page, measures, filters: filters, today: today)
    }

    /// Words are matched in every language with accents and case folded, so "credit" finds "crédit".
    static func matches(_ measure: Measure, _ filters: MeasureViews.Filters, _ today: Day) -> Bool {
        if let kind = filters.kind, measure.kind != kind { return false }
        if let status = filters.status, measure.status(on: today) != status { return false }
        if let theme = filters.theme, !measure.themes.contains(theme) { return false }
        let words = fold(filters.q).split(separator: " ")
        guard !words.isEmpty else { return true }
        let haystack = fold([measure.code, measure.name.fr, measure.name.ar, measure.name.en, measure.summary.fr, measure.summary.ar,
                                         measure.summary.en, measure.operatorName].joined(separator: " "))
        return words.allSatisfy { haystack.contains($0) }
    }

    private static func fold(_ text: String) -> String { NameFolding.arabic(NameFolding.latin(text)) }

    private func measure(_ req: Request) async throws -> Measure {
        guard let code = req.parameters.get("code"), let measure = try await MeasureCatalogue(sql: req.sql).find(code: code, on: .today()) else {
            throw AppError.notFound
        }
        return measure
    }

    func detail(req: Request) async throws -> HTML {
        MeasureViews.detail(req.page, try await measure(req), today: .today(), subscribed: req.query[String.self, at: "subscribed"] == "1", errors: [:], phone: nil)
    }

    func subscribe(req: Request) async throws -> Response {
        let measure = try await measure(req)
        guard measure.status(on: .today()) == .upcoming else { return req.redirect(to: "/measures/\(measure.code)") }
        let typed = (try? req.content.get(String.self, at: "phone")) ?? ""
        do {
            let phone = try MoroccanPhone.parse(typed)
            try await RateLimiter(database: req.sql).hit([("subscribe:address:\(req.clientAddress ?? "unknown")", .codeRequestPerAddress)])
            try await MeasureSubscriptions(database: req.db).subscribe(measureID: measure.id, phone: phone, language: req.localizer.language)
            return req.redirect(to: "/measures/\(measure.code)?subscribed=1")
        } catch let error as MoroccanPhone.ParseError {
            let page = MeasureViews.detail(req.page, measure, today: .today(), subscribed: false, errors: ["phone": FieldProblem(error.localeKey)], phone: typed)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    // MARK: questionnaire

    func questionnaire(req: Request) async throws -> Response {
        let today = Day.today()
        let answers = QuestionnaireAnswers(query: (try? req.query.decode([String: String].self)) ?? [:])
        let measures = try await MeasureCatalogue(sql: req.sql).live(on: today)
        return try await render(req, measures, answers, contact: .init(), status: .ok)
    }

    /// The next question, or the results (always the results once the person asked to be contacted).
    private func render(_ req: Request, _ measures: [Measure], _ answers: QuestionnaireAnswers, contact: QuestionnaireViews.Contact,
                        status: HTTPResponseStatus, resultsOnly: Bool = false) async throws -> Response {
        let rules = measures.compactMap { $0.rule?.criteria }
        // An answer that could not be read is asked again before anything else.
        if !resultsOnly, let field = answers.problem?.field ?? Questionnaire.nextQuestion(rules, answers.profile, skipped: answers.skipped) {
            let undecided = rules.filter { Eligibility.assess($0, answers.profile).verdict == .cannotTell }.count
            let page = QuestionnaireViews.question(req.page, field: field, answers: answers, remaining: undecided)
            return try await HTMLPage(status: answers.problem == nil ? status : .unprocessableEntity, body: page).encodeResponse(for: req)
        }
        let matches = EligibilityService.rank(measures.map { measure in
            EligibilityService.Match(measure: measure, assessment: Eligibility.assess(measure.rule!.criteria, answers.profile), business: nil)
        })
        // Only provinces a regional structure serves: a contact elsewhere would reach nobody.
        let served = Set(try await TerritoryQueries.structures(on: req.sql).filter { $0.parent_id == nil }.map(\.region_id))
        let provinces = try await TerritoryQueries.provinces(regionCode: nil, on: req.sql).filter { served.contains($0.region_id) }
            .map { (String($0.id), $0.name_fr) }.sorted { $0.1 < $1.1 }
        let page = QuestionnaireViews.results(req.page, matches, answers: answers, provinces: provinces, contact: contact)
        return try await HTMLPage(status: status, body: page).encodeResponse(for: req)
    }

    struct ContactForm: Content {
        var first_name: String?
        var last_name: String?
        var phone: String?
        var province_id: String?
        var consent: String?
    }

    /// Creates (or finds) the person and an intake case; the answers given go with them as their preferred language.
    func contact(req: Request) async throws -> Response {
        let today = Day.today()
        let all = (try? req.content.decode([String: String].self)) ?? [:]
        let form = try req.content.decode(ContactForm.self)
        let answers = QuestionnaireAnswers(query: all)
        var validator = Validator()
        var draft = BeneficiaryDraft()
        draft.firstName = validator.required("first_name", form.first_name, maxLength: 100)
        draft.lastName = validator.required("last_name", form.last_name, maxLength: 100)
        do { draft.phone = try MoroccanPhone.parse(form.phone ?? "").e164 } catch { validator.add("phone", error.localeKey) }
        draft.provinceID = form.province_id.flatMap(Int.init)
        if draft.provinceID == nil { validator.add("province_id", "validation.choice") }
        if form.consent == nil { validator.add("consent", "registry.consent_required") }
        draft.consent = form.consent != nil
        draft.preferredLanguage = req.localizer.language
        if case .code(let gender)? = answers.profile[.gender], let value = Gender(rawValue: gender) { draft.gender = value } else { draft.gender = .u }
        if case .range(let age, _)? = answers.profile[.age] { draft.birthYear = today.year - NSDecimalNumber(decimal: age).intValue }
        let values = all
        do {
            try validator.check()
            try await RateLimiter(database: req.sql).hit([("contact:address:\(req.clientAddress ?? "unknown")", .codeRequestPerAddress)])
            let created = try await BeneficiaryRegistry(sql: req.sql).requestContact(draft, database: req.db)
            try await req.audit(.create, "beneficiary", id: created.beneficiaryID, "contact requested from the eligibility questionnaire, case \(created.caseID)")
            return try await render(req, try await MeasureCatalogue(sql: req.sql).live(on: today), answers, contact: .init(done: true), status: .ok, resultsOnly: true)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await render(req, try await MeasureCatalogue(sql: req.sql).live(on: today), answers, contact: .init(values: values, errors: error.fields), status: .unprocessableEntity, resultsOnly: true)
        }
    }
}
