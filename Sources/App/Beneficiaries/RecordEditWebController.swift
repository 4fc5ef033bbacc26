import HTML
import SQLKit
import Vapor

/// Staff correcting a person's record: names, gender, birth year, phone, CIN, language, province.
struct RecordEditWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("beneficiaries", ":id", "edit", use: form)
        routes.post("beneficiaries", ":id", "edit", use: save)
    }

    private func record(_ req: Request, actor: Actor) async throws -> BeneficiaryQueries.Detail {
        guard let id = req.parameters.get("id", as: Int.self),
              let person = try await BeneficiaryQueries.detail(id: id, scope: Policy.writeScope(for: actor), on: req.sql),
              person.merged_into_id == nil else { throw AppError.notFound }
        return person
    }

    private func page(_ req: Request, _ person: BeneficiaryQueries.Detail, fields: BeneficiaryDraft.Fields, errors: [String: FieldProblem]) async throws -> HTML {
        let provinces = try await TerritoryQueries.provinces(regionCode: nil, on: req.sql).filter { $0.region_id == person.region_id }
        let name = BeneficiaryViews.displayName(person.last_name, person.first_name, person.full_name_ar, req.localizer)
        return RegistrationViews.edit(req.page, id: person.id, name: name, fields: fields, errors: errors, provinces: provinces)
    }

    func form(req: Request) async throws -> HTML {
        let actor = try req.authorize(.writeBeneficiaries)
        let person = try await record(req, actor: actor)
        try await req.audit(.read, "beneficiary", id: person.id, "edit form")
        let fields = BeneficiaryDraft.Fields(
            first_name: person.first_name, last_name: person.last_name, full_name_ar: person.full_name_ar, gender: person.gender,
            birth_year: person.birth_year.map(String.init), phone: BeneficiaryViews.displayPhone(person.phone), cin: person.cin,
            preferred_language: person.preferred_language, province_id: person.province_id.map(String.init))
        return try await page(req, person, fields: fields, errors: [:])
    }

    func save(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        let person = try await record(req, actor: actor)
        let fields = try req.content.decode(BeneficiaryDraft.Fields.self)
        do {
            var only = fields
            only.business_kind = "none"
            let (draft, _) = try BeneficiaryDraft.parse(only, requireConsent: false)
            let changed = try await BeneficiaryRegistry(sql: req.sql).update(person.id, with: draft, scope: Policy.writeScope(for: actor), database: req.db)
            try await req.audit(.update, "beneficiary", id: person.id, "fields: \(changed.joined(separator: ","))")
            return req.redirect(to: "/beneficiaries/\(person.id)?saved=1")
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: .unprocessableEntity, body: try await page(req, person, fields: fields, errors: error.fields)).encodeResponse(for: req)
        }
    }
}
