import Vapor

/// `/api/v1`: the same services as the pages, as JSON. Every route but the document and reference data needs a token.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("openapi.json") { req -> Response in
            let response = Response(status: .ok, body: .init(data: OpenAPIDocument.json))
            response.headers.contentType = .json
            return response
        }
        api.get("me", use: me)
        api.get("regions", use: regions)
        api.get("regions", ":code", "provinces", use: provinces)
        api.get("structures", use: structures)
        api.get("beneficiaries", use: beneficiaries)
        api.get("beneficiaries", ":id", use: beneficiary)
    }

    func me(req: Request) async throws -> APIDTO.Me {
        let actor = try req.requireActor()
        return APIDTO.Me(id: actor.userID, displayName: actor.displayName, email: actor.email, phone: actor.phone,
                         grants: actor.grants.map { .init(role: $0.role.rawValue, scopeKind: $0.scope.kind.rawValue, scopeId: $0.scope.targetID) })
    }

    func regions(req: Request) async throws -> [APIDTO.Region] {
        try await TerritoryQueries.regions(on: req.sql).map {
            .init(id: $0.id, code: $0.code, nameFr: $0.name_fr, nameAr: $0.name_ar, capital: $0.capital)
        }
    }

    func provinces(req: Request) async throws -> [APIDTO.Province] {
        let code = req.parameters.get("code") ?? ""
        let rows = try await TerritoryQueries.provinces(regionCode: code, on: req.sql)
        if rows.isEmpty { throw AppError.notFound }
        return rows.map { .init(id: $0.id, code: $0.code, nameFr: $0.name_fr, regionId: $0.region_id) }
    }

    func structures(req: Request) async throws -> [APIDTO.Structure] {
        _ = try req.requireActor()
        return try await TerritoryQueries.structures(on: req.sql).map {
            .init(id: $0.id, name: $0.name, kind: $0.kind, regionId: $0.region_id, parentId: $0.parent_id, city: $0.city)
        }
    }

    func beneficiaries(req: Request) async throws -> APIDTO.BeneficiaryPage {
        let actor = try req.authorize(.readBeneficiaries)
        var validator = Validator()
        var limit = 50
        if let raw = req.query[String.self, at: "limit"] {
            if let value = Int(raw), (1...200).contains(value) { limit = value } else { validator.add("limit", "validation.range", ["min": "1", "max": "200"]) }
        }
        var cursor: BeneficiaryQueries.Cursor?
        do { cursor = try BeneficiaryQueries.Cursor.parameter(req.query[String.self, at: "after"]) } catch {
            for (field, problem) in error.fields { validator.add(field, problem.key, problem.arguments) }
        }
        var search = SearchQuery()
        do { search = try SearchQuery(req) } catch {
            for (field, problem) in error.fields { validator.add(field, problem.key, problem.arguments) }
        }
        try validator.check()
        let names = try await req.application.referenceNames.current()
        if search.isSearch {
            let result = try await BeneficiarySearch.run(search.text, filters: search.filters, scope: Policy.beneficiaryScope(for: actor), limit: limit, on: req.sql)
            try await req.audit(.search, "beneficiary", "api \(result.kind.rawValue): \(result.rows.count) rows")
            return .init(items: result.rows.map { Self.summary($0, names) }, next: nil)
        }
        let page = try await BeneficiaryQueries.page(scope: Policy.beneficiaryScope(for: actor), after: cursor, limit: limit, on: req.sql)
        try await req.audit(.list, "beneficiary", "api: \(page.rows.count) rows")
        return .init(items: page.rows.map { Self.summary($0, names) }, next: page.next?.token)
    }

    private static func summary(_ row: BeneficiaryQueries.ListRow, _ names: ReferenceNames.Snapshot) -> APIDTO.BeneficiarySummary {
        .init(id: row.id, firstName: row.first_name, lastName: row.last_name, fullNameAr: row.full_name_ar, phone: row.phone,
              province: row.province_id.flatMap { names.provinces[$0] }, structure: row.structure_id.flatMap { names.structures[$0] })
    }

    func beneficiary(req: Request) async throws -> APIDTO.Beneficiary {
        let actor = try req.authorize(.readBeneficiaries)
        guard let id = req.parameters.get("id", as: Int.self),
              let row = try await BeneficiaryQueries.detail(id: id, scope: Policy.beneficiaryScope(for: actor), on: req.sql)
        else { throw AppError.notFound }
        try await req.audit(.read, "beneficiary", id: id, "api")
        let businesses = try await BeneficiaryQueries.businesses(of: id, on: req.sql).map(APIDTO.Business.init)
        return .init(id: row.id, firstName: row.first_name, lastName: row.last_name, fullNameAr: row.full_name_ar, gender: row.gender,
                     birthYear: row.birth_year, phone: row.phone, cin: row.cin, preferredLanguage: row.preferred_language,
                     consentAt: row.consent_at, consentPurpose: row.consent_purpose, regionId: row.region_id, region: row.region_name,
                     province: row.province_name, structure: row.structure_name, businesses: businesses)
    }
}
