import Domain
import HTML
import Vapor

/// Advisors' pages: the caseload and a case with its stage, timeline, plan, referrals and outcomes.
struct AccompanimentWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", use: caseload)
        routes.get("cases.csv", use: caseloadExport("csv"))
        routes.get("cases.xlsx", use: caseloadExport("xlsx"))
        routes.get("cases", ":case", use: show)
        routes.post("cases", ":case", "stage", use: moveStage)
        routes.post("cases", ":case", "interactions", use: addInteraction)
        routes.post("cases", ":case", "actions", use: addAction)
        routes.post("cases", ":case", "actions", ":action", use: setAction)
        routes.post("cases", ":case", "referrals", use: refer)
        routes.post("cases", ":case", "outcomes", use: recordOutcome)
    }

    /// Days without contact after which a case is flagged.
    static let quietDays = 30

    /// Cases per caseload page: what an advisor reads in one go on a phone.
    static let pageSize = 50

    func caseload(req: Request) async throws -> HTML {
        let actor = try req.authorize(.manageCases)
        let everyone = req.query[String.self, at: "all"] == "1"
        let page = max(1, min(req.query[Int.self, at: "page"] ?? 1, 10_000))
        let advisor = everyone ? nil : actor.userID
        let scope = Policy.beneficiaryScope(for: actor)
        let today = CalendarDate(Date())
        // One more than a page says whether a next page exists.
        let caseload = try await CaseQueries.caseloadPage(advisorID: advisor, scope: scope, today: today,
                                                          quietSince: Date().addingTimeInterval(-Double(Self.quietDays) * 86_400),
                                                          limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize, on: req.sql)
        let rows = caseload.rows
        try await req.audit(.list, "case", "caseload: \(min(rows.count, Self.pageSize)) rows, page \(page)")
        return CaseViews.caseload(req.page, .init(rows: Array(rows.prefix(Self.pageSize)), summary: (caseload.open, caseload.attention),
                                                  everyone: everyone, page: page, hasNext: rows.count > Self.pageSize, quietDays: Self.quietDays))
    }

    /// The caseload as a spreadsheet (CSV or XLSX), for the advisor's own follow-up or a team meeting.
    func caseloadExport(_ format: String) -> @Sendable (Request) async throws -> Response {
        { req in
            let actor = try req.authorize(.manageCases)
            let everyone = req.query[String.self, at: "all"] == "1"
            let rows = try await CaseQueries.caseload(advisorID: everyone ? nil : actor.userID, scope: Policy.beneficiaryScope(for: actor),
                                                      today: CalendarDate(Date()), limit: 10_000, on: req.sql)
            try await req.audit(.export, "case", "caseload \(format): \(rows.count) rows")
            let t = req.localizer
            var sheet = XLSXExport(header: [t("beneficiaries.name"), t("beneficiaries.name_ar"), t("beneficiaries.phone"), t("case.stage"),
                                            t("caseload.last_contact"), t("caseload.overdue_column"), t("caseload.waiting_column"), "id"])
            for row in rows {
                sheet.append([.text([row.last_name, row.first_name].filter { !$0.isEmpty }.joined(separator: " ")), .text(row.full_name_ar),
                              .text(BeneficiaryViews.displayPhone(row.phone)), .text(t("stage.\(row.stage)")),
                              .text(row.last_contact_at.map { CalendarDate($0).string }), .number(row.overdue_actions),
                              .number(row.waiting_referrals), .number(row.id)])
            }
            if format == "xlsx" { return try sheet.response(filename: "caseload.xlsx", sheetName: t("caseload.title")) }
            var csv = CSVExport(header: sheet.header)
            for row in sheet.rows { csv.append(row.map(\.text)) }
            return csv.response(filename: "caseload.csv")
        }
    }

    func show(req: Request) async throws -> HTML {
        let actor = try req.authorize(.manageCases)
        return try await render(req, actor: actor, errors: [:], notice: notice(req))
    }

    private func notice(_ req: Request) -> String? {
        if req.query[String.self, at: "ice_warning"] == "1" { return req.localizer("registry.ice_check") }
        if req.query[String.self, at: "registered"] == "1" { return req.localizer("registry.created") }
        if req.query[String.self, at: "saved"] == "1" { return req.localizer("me.saved") }
        return nil
    }

    private func caseID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("case", as: Int.self) else { throw AppError.notFound }
        return id
    }

    private func render(_ req: Request, actor: Actor, errors: [String: FieldProblem], notice: String?, status: HTTPResponseStatus = .ok) async throws -> HTML {
        let id = try caseID(req)
        guard let item = try await AccompanimentService(sql: req.sql).find(id, scope: Policy.beneficiaryScope(for: actor)) else { throw AppError.notFound }
        try await req.audit(.read, "case", id: id)
        let timeline = try await CaseQueries.timeline(caseID: id, on: req.sql)
        let partners = try await TerritoryQueries.partners(on: req.sql)
        let diagnostics = DiagnosticViews.section(req.page, caseID: id, try await DiagnosticsService(sql: req.sql).diagnostics(ofCase: id),
                                                  instruments: try await InstrumentCatalogue(sql: req.sql).all())
        let tools = CoachingViews.caseSection(req.page, caseID: id, try await ToolResults(sql: req.sql).list(beneficiaryID: item.beneficiary_id, sharedOnly: true))
        return CaseViews.page(req.page, item, timeline: timeline, partners: partners, diagnostics: "\(diagnostics)\(CaseMeasureViews.link(caseID: id, req.localizer))\(tools)",
                              errors: errors, notice: notice)
    }

    /// Runs a case change; a form error re-renders the page with the messages (422), a stale version says so (409).
    private func change(_ req: Request, _ body: (Actor, Int, PersonalDataScope, AccompanimentService) async throws -> Void) async throws -> Response {
        let actor = try req.authorize(.manageCases)
        let id = try caseID(req)
        do {
            try await body(actor, id, Policy.beneficiaryScope(for: actor), AccompanimentService(sql: req.sql))
            return req.redirect(to: "/cases/\(id)?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            let message = error.status == .conflict ? req.localizer("case.conflict") : nil
            let page = try await render(req, actor: actor, errors: error.fields, notice: message)
            return try await HTMLPage(status: error.status, body: page).encodeResponse(for: req)
        }
    }

    func moveStage(req: Request) async throws -> Response {
        try await change(req) { actor, id, scope, service in
            let (stage, reason, version) = try CaseForms.stage(try req.content.decode(CaseForms.Stage.self))
            _ = try await service.move(id, to: stage, closedReason: reason, expectedVersion: version, scope: scope)
            try await req.audit(.update, "case", id: id, "stage \(stage.rawValue)")
        }
    }

    func addInteraction(req: Request) async throws -> Response {
        try await change(req) { actor, id, scope, service in
            let draft = try CaseForms.interaction(try req.content.decode(CaseForms.Interaction.self))
            try await service.addInteraction(draft, to: id, author: actor.userID, scope: scope)
            try await req.audit(.update, "case", id: id, "interaction \(draft.kind.rawValue)")
        }
    }

    func addAction(req: Request) async throws -> Response {
        try await change(req) { _, id, scope, service in
            try await service.addAction(try CaseForms.action(try req.content.decode(CaseForms.Action.self)), to: id, scope: scope)
            try await req.audit(.update, "case", id: id, "action added")
        }
    }

    struct ActionStatusInput: Content { var status: String? }

    func setAction(req: Request) async throws -> Response {
        try await change(req) { _, id, scope, service in
            guard let actionID = req.parameters.get("action", as: Int.self) else { throw AppError.notFound }
            guard let status = try req.content.decode(ActionStatusInput.self).status.flatMap(ActionStatus.init(rawValue:)) else {
                throw AppError.validation(["status": FieldProblem("validation.choice")])
            }
            try await service.setAction(actionID, of: id, status: status, scope: scope)
            try await req.audit(.update, "case", id: id, "action \(actionID) \(status.rawValue)")
        }
    }

    func refer(req: Request) async throws -> Response {
        try await change(req) { actor, id, scope, service in
            let draft = try CaseForms.referral(try req.content.decode(CaseForms.Referral.self))
            let referral = try await service.refer(draft, from: id, by: actor.userID, scope: scope)
            try await req.audit(.update, "case", id: id, "referral \(referral) to partner \(draft.partnerID)")
        }
    }

    func recordOutcome(req: Request) async throws -> Response {
        try await change(req) { actor, id, scope, service in
            let draft = try CaseForms.outcome(try req.content.decode(CaseForms.Outcome.self))
            try await service.recordOutcome(draft, for: id, by: actor.userID, scope: scope)
            try await req.audit(.update, "case", id: id, "outcome \(draft.kind.rawValue)")
        }
    }
}

/// Partner officers' inbox of referrals addressed to their institution.
struct ReferralsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("referrals", use: inbox)
        routes.post("referrals", ":id", "answer", use: answer)
    }

    func inbox(req: Request) async throws -> HTML {
        let actor = try req.authorize(.answerReferrals)
        return try await render(req, actor: actor, errors: [:], failedID: nil, notice: req.query[String.self, at: "saved"] == "1" ? req.localizer("me.saved") : nil)
    }

    private func render(_ req: Request, actor: Actor, errors: [String: FieldProblem], failedID: Int?, notice: String?) async throws -> HTML {
        let rows = try await CaseQueries.inbox(Policy.partnerScope(for: actor), on: req.sql)
        for row in rows { try await req.audit(.read, "beneficiary", id: row.beneficiary_id, "referral \(row.id)") }
        return CaseViews.inbox(req.page, rows: rows, errors: errors, failedID: failedID, notice: notice)
    }

    func answer(req: Request) async throws -> Response {
        let actor = try req.authorize(.answerReferrals)
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        do {
            let (status, amount, reason) = try CaseForms.answer(try req.content.decode(CaseForms.Answer.self))
            try await CaseQueries.answer(id, scope: Policy.partnerScope(for: actor), status: status, granted: amount?.centimes, reason: reason,
                                         by: actor.userID, on: req.sql)
            try await req.audit(.update, "referral", id: id, "answer \(status.rawValue)")
            return req.redirect(to: "/referrals?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            let page = try await render(req, actor: actor, errors: error.fields, failedID: id,
                                        notice: error.status == .conflict ? req.localizer("case.conflict") : nil)
            return try await HTMLPage(status: error.status, body: page).encodeResponse(for: req)
        }
    }
}
