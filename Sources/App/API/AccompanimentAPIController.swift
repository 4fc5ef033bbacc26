import Domain
import Vapor

/// `/api/v1` for the registry and accompaniment: the same services and checks as the pages.
struct AccompanimentAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.post("beneficiaries", use: register)
        api.get("cases", use: caseload)
        api.get("cases", ":case", use: show)
        api.post("cases", ":case", "stage", use: moveStage)
        api.post("cases", ":case", "interactions", use: addInteraction)
        api.post("cases", ":case", "actions", use: addAction)
        api.post("cases", ":case", "actions", ":action", use: setAction)
        api.post("cases", ":case", "referrals", use: refer)
        api.post("cases", ":case", "outcomes", use: recordOutcome)
        api.get("referrals", use: inbox)
        api.post("referrals", ":id", "answer", use: answer)
    }

    func register(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        let input = try req.content.decode(APIDTO.NewBeneficiary.self)
        let (draft, warnings) = try BeneficiaryDraft.parse(input.fields)
        let registry = BeneficiaryRegistry(sql: req.sql)
        let registration = try await registry.register(draft, actor: actor, confirmedSomeoneElse: input.confirmDuplicate == true, database: req.db)
        let created: BeneficiaryRegistry.Created
        switch registration {
        case .created(let result): created = result
        case .lookAlikes(let duplicates):
            var fields: [String: FieldProblem] = [:]
            for reason in Set(duplicates.flatMap(\.reasons)) {
                let field = switch reason { case .phone: "phone"; case .cin: "cin"; case .ice: "business.ice"; case .name: "lastName" }
                fields[field] = FieldProblem("duplicate.\(reason.rawValue)")
            }
            throw AppError(status: .conflict, code: "possible_duplicate", messageKey: "duplicate.title", fields: fields)
        }
        try await req.audit(.create, "beneficiary", id: created.beneficiaryID, "api")
        let body = APIDTO.Registered(beneficiaryId: created.beneficiaryID, caseId: created.caseID,
                                     warnings: warnings.mapValues { req.localizer($0.key, $0.arguments) })
        return try await body.encodeResponse(status: .created, for: req)
    }

    func caseload(req: Request) async throws -> [APIDTO.CaseSummary] {
        let actor = try req.authorize(.manageCases)
        let everyone = req.query[Bool.self, at: "all"] ?? false
        let rows = try await CaseQueries.caseload(advisorID: everyone ? nil : actor.userID, scope: Policy.beneficiaryScope(for: actor),
                                                  today: CalendarDate(Date()), on: req.sql)
        try await req.audit(.list, "case", "api caseload: \(rows.count) rows")
        return rows.map {
            let name = [$0.last_name, $0.first_name].filter { !$0.isEmpty }.joined(separator: " ")
            return .init(id: $0.id, beneficiaryId: $0.beneficiary_id, name: name.isEmpty ? $0.full_name_ar ?? "" : name, stage: $0.stage,
                         lastContactAt: $0.last_contact_at, overdueActions: $0.overdue_actions, waitingReferrals: $0.waiting_referrals)
        }
    }

    func caseID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("case", as: Int.self) else { throw AppError.notFound }
        return id
    }

    func show(req: Request) async throws -> APIDTO.Case {
        let actor = try req.authorize(.manageCases)
        return try await caseDTO(req, id: try caseID(req), scope: Policy.beneficiaryScope(for: actor))
    }

    func caseDTO(_ req: Request, id: Int, scope: PersonalDataScope) async throws -> APIDTO.Case {
        guard let item = try await AccompanimentService(sql: req.sql).find(id, scope: scope) else { throw AppError.notFound }
        try await req.audit(.read, "case", id: id, "api")
        let timeline = try await CaseQueries.timeline(caseID: id, on: req.sql)
        return APIDTO.Case(item, timeline: timeline, diagnostics: try await DiagnosticsService(sql: req.sql).diagnostics(ofCase: id))
    }

    func moveStage(req: Request) async throws -> APIDTO.Case {
        let actor = try req.authorize(.manageCases)
        let id = try caseID(req)
        let input = try req.content.decode(APIDTO.StageChange.self)
        let (stage, reason, version) = try CaseForms.stage(.init(stage: input.stage, closed_reason: input.closedReason, version: String(input.version)))
        let scope = Policy.beneficiaryScope(for: actor)
        _ = try await AccompanimentService(sql: req.sql).move(id, to: stage, closedReason: reason, expectedVersion: version, scope: scope)
        try await req.audit(.update, "case", id: id, "api stage \(stage.rawValue)")
        return try await caseDTO(req, id: id, scope: scope)
    }

    func addInteraction(req: Request) async throws -> APIDTO.Case {
        let actor = try req.authorize(.manageCases)
        let id = try caseID(req)
        let input = try req.content.decode(APIDTO.NewInteraction.self)
        let draft = try CaseForms.interaction(.init(kind: input.kind, occurred_on: input.occurredOn, duration_minutes: input.durationMinutes.map(String.init),
                                                    topics: input.topics, notes: input.notes))
        let scope = Policy.beneficiaryScope(for: actor)
        try await AccompanimentService(sql: req.sql).addInteraction(draft, to: id, author: actor.userID, scope: scope)
        try await req.audit(.update, "case", id: id, "api interaction \(draft.kind.rawValue)")
        return try await caseDTO(req, id: id, scope: scope)
    }

    func inbox(req: Request) async throws -> [APIDTO.InboxItem] {
        let actor = try req.authorize(.answerReferrals)
        let rows = try await CaseQueries.inbox(Policy.partnerScope(for: actor), on: req.sql)
        for row in rows { try await req.audit(.read, "beneficiary", id: row.beneficiary_id, "referral \(row.id) api") }
        return rows.map {
            .init(id: $0.id, partnerId: $0.partner_id, measure: $0.measure, note: $0.note, status: $0.status,
                  requestedAmount: APIDTO.amount($0.requested_centimes), sentAt: $0.sent_at, structure: $0.structure_name,
                  contactName: $0.sharesContact ? [$0.last_name, $0.first_name].filter { !$0.isEmpty }.joined(separator: " ") : nil,
                  contactPhone: $0.sharesContact ? $0.phone : nil)
        }
    }

    func answer(req: Request) async throws -> [APIDTO.InboxItem] {
        let actor = try req.authorize(.answerReferrals)
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        let input = try req.content.decode(APIDTO.ReferralAnswer.self)
        let (status, amount, reason) = try CaseForms.answer(.init(status: input.status, granted_amount: input.grantedAmount, answer_reason: input.answerReason))
        try await CaseQueries.answer(id, scope: Policy.partnerScope(for: actor), status: status, granted: amount?.centimes, reason: reason,
                                     by: actor.userID, on: req.sql)
        try await req.audit(.update, "referral", id: id, "api answer \(status.rawValue)")
        return try await inbox(req: req)
    }
}
