import Vapor

/// Folding a duplicate record into the one on screen, and undoing it, from the person's page.
struct MergeWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("beneficiaries", ":id", "merge", use: merge)
        routes.post("merges", ":merge", "undo", use: undo)
    }

    func merge(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        guard let survivor = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        struct Form: Content { var absorbed_id: String? }
        let typed = try req.content.decode(Form.self).absorbed_id?.trimmingCharacters(in: .whitespaces) ?? ""
        do {
            guard let absorbed = Int(typed.filter { !$0.isWhitespace }), absorbed > 0 else {
                throw AppError.validation(["absorbed_id": FieldProblem(typed.isEmpty ? "validation.required" : "merge.not_found")])
            }
            let merge = try await BeneficiaryMerges(sql: req.sql).merge(absorbed, into: survivor, scope: Policy.writeScope(for: actor),
                                                                         actorID: actor.userID, database: req.db)
            try await req.audit(.merge, "beneficiary", id: survivor, "absorbed \(absorbed), merge \(merge.id)")
            try await req.audit(.merge, "beneficiary", id: absorbed, "merged into \(survivor), merge \(merge.id)")
            return req.redirect(to: "/beneficiaries/\(survivor)?merged=1")
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            let errors = error.status == .conflict ? ["absorbed_id": FieldProblem(error.messageKey)] : error.fields
            let page = try await BeneficiariesWebController.detailPage(req, actor: actor, id: survivor,
                                                                       merging: .init(typedID: typed, errors: errors))
            return try await HTMLPage(status: error.status, body: page).encodeResponse(for: req)
        }
    }

    func undo(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        guard let id = req.parameters.get("merge", as: Int.self) else { throw AppError.notFound }
        let merges = BeneficiaryMerges(sql: req.sql)
        do {
            let merge = try await merges.undo(id, scope: Policy.writeScope(for: actor), actorID: actor.userID, database: req.db)
            try await req.audit(.unmerge, "beneficiary", id: merge.survivor_id, "restored \(merge.absorbed_id), merge \(id)")
            try await req.audit(.unmerge, "beneficiary", id: merge.absorbed_id, "taken out of \(merge.survivor_id), merge \(id)")
            return req.redirect(to: "/beneficiaries/\(merge.survivor_id)?unmerged=1")
        } catch let error as AppError where error.status == .conflict {
            guard let merge = try await merges.find(id) else { throw AppError.notFound }
            let page = try await BeneficiariesWebController.detailPage(req, actor: actor, id: merge.survivor_id,
                                                                       notice: req.localizer(error.messageKey))
            return try await HTMLPage(status: .conflict, body: page).encodeResponse(for: req)
        }
    }
}
