import Domain
import HTML
import Vapor

/// An entrepreneur's own record: register it, see everything held, download it, correct it, withdraw consent, erase it.
struct MyDataWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "data", use: show)
        routes.get("me", "data.json", use: download)
        routes.post("me", "data", "register", use: register)
        routes.post("me", "data", "correct", use: correct)
        routes.post("me", "data", "consent", use: withdrawConsent)
        routes.post("me", "data", "erase", use: erase)
        routes.post("me", "data", "outcomes", ":outcome", "confirm", use: confirmOutcome)
    }

    private func own(_ req: Request) async throws -> (Actor, Int?) {
        let actor = try req.authorize(.viewOwnProfile)
        // The access list must include reads still waiting in this instance's audit buffer.
        try await req.application.auditBuffer.flush()
        return (actor, try await PersonalDataRights(sql: req.sql).ownRecord(userID: actor.userID))
    }

    func show(req: Request) async throws -> HTML {
        let (actor, id) = try await own(req)
        return try await render(req, actor: actor, id: id, errors: [:], notice: req.query[String.self, at: "saved"] == "1" ? req.localizer("me.saved") : nil)
    }

    private func render(_ req: Request, actor: Actor, id: Int?, errors: [String: FieldProblem], fields: BeneficiaryDraft.Fields = .init(), notice: String?) async throws -> HTML {
        guard let id, let copy = try await PersonalDataRights(sql: req.sql).copy(of: id, scope: Policy.beneficiaryScope(for: actor)) else {
            let provinces = try await TerritoryQueries.provinces(regionCode: nil, on: req.sql)
            return MyDataViews.register(req.page, fields: fields, provinces: provinces, errors: errors)
        }
        try await req.audit(.read, "beneficiary", id: id, "own record")
        return MyDataViews.show(req.page, copy, errors: errors, notice: notice)
    }

    func download(req: Request) async throws -> Response {
        let (actor, id) = try await own(req)
        guard let id, let copy = try await PersonalDataRights(sql: req.sql).copy(of: id, scope: Policy.beneficiaryScope(for: actor)) else { throw AppError.notFound }
        try await req.audit(.export, "beneficiary", id: id, "own record")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let response = Response(status: .ok, body: .init(data: try encoder.encode(copy)))
        response.headers.contentType = .json
        response.headers.contentDisposition = .init(.attachment, filename: "maillage-mes-donnees.json")
        return response
    }

    /// Self-registration: the person, their consent, and optionally what they do.
    func register(req: Request) async throws -> Response {
        let (actor, existing) = try await own(req)
        if existing != nil { return req.redirect(to: "/me/data") }
        var fields = try req.content.decode(BeneficiaryDraft.Fields.self)
        fields.phone = actor.phone
        do {
            // The province places the record with a structure: asked for here, with every other problem at once.
            let missingProvince: [String: FieldProblem] = (fields.province_id ?? "").isEmpty ? ["province_id": FieldProblem("validation.required")] : [:]
            let draft: BeneficiaryDraft
            do { draft = try BeneficiaryDraft.parse(fields).0 } catch { throw AppError.validation(error.fields.merging(missingProvince) { first, _ in first }) }
            if !missingProvince.isEmpty { throw AppError.validation(missingProvince) }
            let created = try await BeneficiaryRegistry(sql: req.sql).createOwn(draft, userID: actor.userID, database: req.db)
            try await req.audit(.create, "beneficiary", id: created.beneficiaryID, "self-registration")
            return req.redirect(to: "/me/data?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = try await render(req, actor: actor, id: nil, errors: error.fields, fields: fields, notice: nil)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func correct(req: Request) async throws -> Response {
        let (actor, id) = try await own(req)
        guard let id else { throw AppError.notFound }
        var fields = try req.content.decode(BeneficiaryDraft.Fields.self)
        fields.consent = "on"  // correcting is not consenting again: only the names and facts below are read
        do {
            let (draft, _) = try BeneficiaryDraft.parse(fields)
            try await PersonalDataRights(sql: req.sql).correct(id, firstName: draft.firstName, lastName: draft.lastName, fullNameArabic: draft.fullNameArabic,
                                                               gender: draft.gender, birthYear: draft.birthYear, language: draft.preferredLanguage, database: req.db)
            try await req.audit(.update, "beneficiary", id: id, "corrected by the person")
            return req.redirect(to: "/me/data?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let page = try await render(req, actor: actor, id: id, errors: error.fields, notice: nil)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    func withdrawConsent(req: Request) async throws -> Response {
        let (_, id) = try await own(req)
        guard let id else { throw AppError.notFound }
        try await PersonalDataRights(sql: req.sql).withdrawConsent(id)
        try await req.audit(.update, "beneficiary", id: id, "consent withdrawn by the person")
        return req.redirect(to: "/me/data?saved=1")
    }

    func confirmOutcome(req: Request) async throws -> Response {
        let (_, id) = try await own(req)
        guard let id, let outcome = req.parameters.get("outcome", as: Int.self) else { throw AppError.notFound }
        try await PersonalDataRights(sql: req.sql).confirmOutcome(outcome, of: id)
        try await req.audit(.update, "beneficiary", id: id, "outcome \(outcome) confirmed by the person")
        return req.redirect(to: "/me/data?saved=1")
    }

    struct EraseInput: Content { var confirm: String? }

    func erase(req: Request) async throws -> Response {
        let (actor, id) = try await own(req)
        guard let id else { throw AppError.notFound }
        guard try req.content.decode(EraseInput.self).confirm == "on" else {
            let page = try await render(req, actor: actor, id: id, errors: ["confirm": FieldProblem("rights.erase_confirm_required")], notice: nil)
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
        try await PersonalDataRights(sql: req.sql).anonymise(id, database: req.db)
        req.application.identities.forgetAll()
        try await req.audit(.delete, "beneficiary", id: id, "anonymised at the person's request", actor: actor)
        let response = req.redirect(to: "/")
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
        return response
    }
}
