import Vapor

/// `/api/v1` for the rest of a case's work: the action plan, referrals and outcomes, through the forms' checks.
extension AccompanimentAPIController {
    /// Runs a change on a case within the token's scope and answers the case as it is after it (201 when something was added).
    private func change(_ req: Request, status: HTTPResponseStatus = .created, _ body: (Actor, Int, PersonalDataScope, AccompanimentService) async throws -> String) async throws -> Response {
        let actor = try req.authorize(.manageCases)
        let id = try caseID(req)
        let scope = Policy.beneficiaryScope(for: actor)
        let summary = try await body(actor, id, scope, AccompanimentService(sql: req.sql))
        try await req.audit(.update, "case", id: id, "api \(summary)")
        return try await caseDTO(req, id: id, scope: scope).encodeResponse(status: status, for: req)
    }

    func addAction(req: Request) async throws -> Response {
        try await change(req) { _, id, scope, service in
            let input = try req.content.decode(APIDTO.NewAction.self)
            try await service.addAction(try CaseForms.action(.init(title: input.title, owner: input.owner, due_on: input.dueOn)), to: id, scope: scope)
            return "action added"
        }
    }

    func setAction(req: Request) async throws -> Response {
        try await change(req, status: .ok) { _, id, scope, service in
            guard let actionID = req.parameters.get("action", as: Int.self) else { throw AppError.notFound }
            guard let status = ActionStatus(rawValue: try req.content.decode(APIDTO.ActionChange.self).status) else {
                throw AppError.validation(["status": FieldProblem("validation.choice")])
            }
            try await service.setAction(actionID, of: id, status: status, scope: scope)
            return "action \(actionID) \(status.rawValue)"
        }
    }

    func refer(req: Request) async throws -> Response {
        try await change(req) { actor, id, scope, service in
            let input = try req.content.decode(APIDTO.NewReferral.self)
            let draft = try CaseForms.referral(.init(partner_id: String(input.partnerId), measure: input.measure, measure_id: input.measureId.map(String.init), note: input.note,
                                                     requested_amount: input.requestedAmount))
            let referral = try await service.refer(draft, from: id, by: actor.userID, scope: scope)
            return "referral \(referral) to partner \(draft.partnerID)"
        }
    }

    func recordOutcome(req: Request) async throws -> Response {
        try await change(req) { actor, id, scope, service in
            let input = try req.content.decode(APIDTO.NewOutcome.self)
            let draft = try CaseForms.outcome(.init(kind: input.kind, occurred_on: input.occurredOn, legal_status: input.legalStatus, amount: input.amount,
                                                    source: input.source, jobs_created: input.jobsCreated.map(String.init),
                                                    jobs_kept: input.jobsKept.map(String.init), detail: input.detail))
            try await service.recordOutcome(draft, for: id, by: actor.userID, scope: scope)
            return "outcome \(draft.kind.rawValue)"
        }
    }
}

extension APIDTO {
    struct NewAction: Content {
        var title: String
        var owner: String
        var dueOn: String?
    }

    struct ActionChange: Content {
        var status: String
    }

    struct NewReferral: Content {
        var partnerId: Int
        var measure: String?
        /// A measure of the catalogue (`GET /api/v1/measures`).
        var measureId: Int?
        var note: String?
        /// Dirhams as text, "40000.00" or as typed in French ("40 000,00").
        var requestedAmount: String?
    }

    struct NewOutcome: Content {
        var kind: String
        var occurredOn: String?
        var legalStatus: String?
        var amount: String?
        var source: String?
        var jobsCreated: Int?
        var jobsKept: Int?
        var detail: String?
    }
}
