import Domain
import SQLKit
import Vapor

/// `/api/v1` for support measures: the public catalogue and eligibility check, a beneficiary's measures, the
/// administrator's edits (texts, dated rule versions) and campaigns.
struct MeasuresAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("measures", use: list)
        api.post("measures", use: create)
        api.get("measures", ":code", use: show)
        api.post("measures", ":code", use: update)
        api.post("measures", ":code", "rules", use: addRule)
        api.post("measures", ":code", "subscriptions", use: subscribe)
        api.post("eligibility", use: check)
        api.get("beneficiaries", ":id", "eligibility", use: beneficiary)
        api.post("campaigns", use: createCampaign)
        api.get("campaigns", ":id", use: campaign)
        api.get("campaigns", ":id", "recipients", use: recipients)
        api.post("campaigns", ":id", "send", use: send)
    }

    func list(req: Request) async throws -> [APIDTO.Measure] {
        let today = Day.today()
        return try await MeasureCatalogue(sql: req.sql).all(on: today).map { APIDTO.Measure($0, today: today) }
    }

    private func measure(_ req: Request) async throws -> Measure {
        guard let code = req.parameters.get("code"), let measure = try await MeasureCatalogue(sql: req.sql).find(code: code, on: .today()) else {
            throw AppError.notFound
        }
        return measure
    }

    func show(req: Request) async throws -> APIDTO.Measure { APIDTO.Measure(try await measure(req), today: .today()) }

    /// The form's field names, in the API's camel case.
    private static func values(_ input: APIDTO.MeasureInput) -> [String: String] {
        var values: [String: String] = ["code": input.code ?? "", "kind": input.kind, "status": input.status, "operator_name": input.operator,
                                        "source_url": input.sourceUrl, "opens_on": input.opensOn ?? "", "closes_on": input.closesOn ?? "",
                                        "max_amount": input.maxAmount ?? "", "rate_percent": input.ratePercent ?? "",
                                        "duration_months": input.durationMonths.map(String.init) ?? "", "deferral_months": input.deferralMonths.map(String.init) ?? "",
                                        "themes": (input.themes ?? []).joined(separator: ",")]
        for (prefix, text) in [("name", input.name), ("summary", input.summary), ("benefits", input.benefits), ("documents", input.documents ?? .init(fr: "", ar: "", en: "")),
                               ("apply", input.howToApply)] {
            values["\(prefix)_fr"] = text.fr; values["\(prefix)_ar"] = text.ar; values["\(prefix)_en"] = text.en
        }
        return values
    }

    /// The API names its fields in camel case; form problems come back under those names.
    private static func renamed(_ error: AppError) -> AppError {
        let names = ["operator_name": "operator", "source_url": "sourceUrl", "opens_on": "opensOn", "closes_on": "closesOn", "max_amount": "maxAmount",
                     "rate_percent": "ratePercent", "duration_months": "durationMonths", "deferral_months": "deferralMonths", "valid_from": "validFrom",
                     "rule_source": "source", "apply_fr": "howToApply.fr", "apply_ar": "howToApply.ar", "apply_en": "howToApply.en"]
        var fields: [String: FieldProblem] = [:]
        for (key, problem) in error.fields {
            let name = names[key] ?? key.replacingOccurrences(of: "_fr", with: ".fr").replacingOccurrences(of: "_ar", with: ".ar").replacingOccurrences(of: "_en", with: ".en")
            fields[name] = problem
        }
        return .validation(fields)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.authorize(.editMeasures)
        let input = try req.content.decode(APIDTO.MeasureInput.self)
        do {
            var values = Self.values(input)
            values["criteria"] = input.rule?.criteria ?? ""
            values["valid_from"] = input.rule?.validFrom ?? ""
            values["rule_source"] = input.rule?.source ?? ""
            let (id, code) = try await MeasureCatalogue.create(from: values, by: actor.userID, on: req.db)
            try await req.audit(.create, "measure", id: id, code, actor: actor)
            try await MeasureSubscriptions.sweepSoon(on: req.sql)
            let created = try await MeasureCatalogue(sql: req.sql).find(id: id, on: .today())!
            return try await APIDTO.Measure(created, today: .today()).encodeResponse(status: .created, for: req)
        } catch let error as AppError where error.status == .unprocessableEntity {
            throw Self.renamed(error)
        }
    }

    func update(req: Request) async throws -> APIDTO.Measure {
        let actor = try req.authorize(.editMeasures)
        let measure = try await measure(req)
        let input = try req.content.decode(APIDTO.MeasureInput.self)
        do {
            let draft = try MeasureForms.measure(Self.values(input), code: measure.code)
            try await req.db.transaction { database in
                try await MeasureCatalogue(sql: database as! any SQLDatabase).update(measure.id, draft, by: actor.userID)
            }
        } catch let error as AppError where error.status == .unprocessableEntity {
            throw Self.renamed(error)
        }
        try await req.audit(.update, "measure", id: measure.id, "measure", actor: actor)
        try await MeasureSubscriptions.sweepSoon(on: req.sql)
        return APIDTO.Measure(try await MeasureCatalogue(sql: req.sql).find(id: measure.id, on: .today())!, today: .today())
    }

    func addRule(req: Request) async throws -> Response {
        let actor = try req.authorize(.editMeasures)
        let measure = try await measure(req)
        let input = try req.content.decode(APIDTO.RuleInput.self)
        do {
            let rule = try MeasureForms.rule(["criteria": input.criteria, "valid_from": input.validFrom, "rule_source": input.source])
            try await req.db.transaction { database in
                try await MeasureCatalogue(sql: database as! any SQLDatabase).addRule(rule.draft, to: measure.id, by: actor.userID)
            }
            try await req.audit(.update, "measure", id: measure.id, "rule from \(rule.draft.validFrom)", actor: actor)
        } catch let error as AppError where error.status == .unprocessableEntity {
            throw Self.renamed(error)
        }
        let rules = try await MeasureCatalogue(sql: req.sql).rules(of: measure.id).map(APIDTO.Rule.init)
        return try await rules.encodeResponse(status: .created, for: req)
    }

    func subscribe(req: Request) async throws -> HTTPStatus {
        let measure = try await measure(req)
        let input = try req.content.decode(APIDTO.SubscriptionInput.self)
        guard measure.status(on: .today()) == .upcoming else { throw AppError.validation(["code": FieldProblem("measure.not_upcoming")]) }
        let phone: MoroccanPhone
        do { phone = try MoroccanPhone.parse(input.phone) } catch { throw AppError.validation(["phone": FieldProblem(error.localeKey)]) }
        try await RateLimiter(database: req.sql).hit([("subscribe:address:\(req.clientAddress ?? "unknown")", .codeRequestPerAddress)])
        try await MeasureSubscriptions(database: req.db).subscribe(measureID: measure.id, phone: phone, language: req.localizer.language)
        return .noContent
    }

    /// An anonymous check: the answers given, every live measure's verdict and reasons, and the next question worth asking.
    func check(req: Request) async throws -> APIDTO.EligibilityResult {
        let input = try req.content.decode(APIDTO.EligibilityInput.self)
        let answers = QuestionnaireAnswers(query: Dictionary(uniqueKeysWithValues: input.answers.map { ("a_\($0.key)", $0.value) }))
        var problems: [String: FieldProblem] = [:]
        for key in input.answers.keys where ProfileField(rawValue: key) == nil { problems["answers.\(key)"] = FieldProblem("validation.choice") }
        if let problem = answers.problem { problems["answers.\(problem.field.rawValue)"] = problem.problem }
        if !problems.isEmpty { throw AppError.validation(problems) }
        let today = Day.today()
        let measures = try await MeasureCatalogue(sql: req.sql).live(on: today)
        let matches = EligibilityService.rank(measures.map { .init(measure: $0, assessment: Eligibility.assess($0.rule!.criteria, answers.profile), business: nil) })
        let next = Questionnaire.nextQuestion(measures.map { $0.rule!.criteria }, answers.profile, skipped: Set((input.skipped ?? []).compactMap(ProfileField.init(rawValue:))))
        return .init(matches: matches.map(APIDTO.Match.init), nextQuestion: next?.rawValue)
    }

    func beneficiary(req: Request) async throws -> [APIDTO.Match] {
        let actor = try req.authorize(.readBeneficiaries)
        guard let id = req.parameters.get("id", as: Int.self),
              let matches = try await EligibilityService(sql: req.sql).matches(beneficiaryID: id, scope: Policy.beneficiaryScope(for: actor), on: .today()) else {
            throw AppError.notFound
        }
        try await req.audit(.read, "beneficiary", id: id, "api eligibility")
        return matches.map(APIDTO.Match.init)
    }

    // MARK: campaigns

    func createCampaign(req: Request) async throws -> Response {
        let actor = try req.authorize(.runCampaigns)
        let input = try req.content.decode(APIDTO.CampaignInput.self)
        let scope = Policy.campaignScope(for: actor)
        var problems: [String: FieldProblem] = [:]
        if input.regionId != nil && input.structureId != nil { problems["structureId"] = FieldProblem("campaign.one_scope") }
        let allowed: Bool = if let region = input.regionId { scope.everything || scope.regionIDs.contains(region) }
            else if let structure = input.structureId { scope.everything || scope.structureIDs.contains(structure) }
            else { scope.everything }
        if !allowed { problems[input.structureId != nil ? "structureId" : "regionId"] = FieldProblem("validation.choice") }
        // A national actor may name any region or structure, but it must exist.
        if let region = input.regionId, try await req.sql.raw("SELECT id FROM regions WHERE id = \(bind: region)").first() == nil {
            problems["regionId"] = FieldProblem("validation.choice")
        }
        if let structure = input.structureId, try await req.sql.raw("SELECT id FROM structures WHERE id = \(bind: structure)").first() == nil {
            problems["structureId"] = FieldProblem("validation.choice")
        }
        if !problems.isEmpty { throw AppError.validation(problems) }
        let campaigns = Campaigns(database: req.db)
        let id: Int
        do {
            id = try await campaigns.create(.init(measureID: input.measureId, regionID: input.regionId, structureID: input.structureId,
                                                  includeProbable: input.includeProbable ?? false), by: actor.userID)
        } catch let error as AppError where error.status == .unprocessableEntity {
            throw AppError.validation(["measureId": error.fields["measure_id"] ?? FieldProblem("validation.choice")])
        }
        try await req.audit(.create, "campaign", id: id, "api measure \(input.measureId)", actor: actor)
        return try await APIDTO.Campaign(try await campaigns.find(id)!).encodeResponse(status: .created, for: req)
    }

    private func visibleCampaign(_ req: Request, _ actor: Actor) async throws -> Campaigns.Summary {
        guard let id = req.parameters.get("id", as: Int.self), let campaign = try await Campaigns(database: req.db).find(id),
              Campaigns.visible(campaign, within: Policy.campaignScope(for: actor)) else { throw AppError.notFound }
        return campaign
    }

    func campaign(req: Request) async throws -> APIDTO.Campaign {
        APIDTO.Campaign(try await visibleCampaign(req, try req.authorize(.runCampaigns)))
    }

    func recipients(req: Request) async throws -> [APIDTO.Recipient] {
        let actor = try req.authorize(.runCampaigns)
        let campaign = try await visibleCampaign(req, actor)
        let after = req.query[Int.self, at: "after"] ?? 0
        try await req.audit(.list, "campaign", id: campaign.id, "api recipients after \(after)")
        return try await Campaigns(database: req.db).recipients(campaign.id, after: max(0, after)).map(APIDTO.Recipient.init)
    }

    func send(req: Request) async throws -> APIDTO.Campaign {
        let actor = try req.authorize(.runCampaigns)
        let campaign = try await visibleCampaign(req, actor)
        let campaigns = Campaigns(database: req.db)
        guard try await campaigns.send(campaign.id) else { throw AppError(status: .conflict, code: "not_ready", messageKey: "campaign.not_ready", fields: [:]) }
        try await req.audit(.update, "campaign", id: campaign.id, "api sent", actor: actor)
        return APIDTO.Campaign(try await campaigns.find(campaign.id)!)
    }
}
