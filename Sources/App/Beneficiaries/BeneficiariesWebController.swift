import Domain
import HTML
import Vapor

struct BeneficiariesWebController: RouteCollection {
    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.get("beneficiaries", use: list)
        routes.get("beneficiaries", "new", use: newForm)
        routes.post("beneficiaries", use: create)
        routes.get("beneficiaries", ":id", use: show)
    }

    /// The alphabetical list, or search results when a text or a filter is given.
    func list(req: Request) async throws -> HTML {
        let actor = try req.authorize(.readBeneficiaries)
        let scope = Policy.beneficiaryScope(for: actor)
        let names = try await req.application.referenceNames.current()
        let query = try SearchQuery(req)
        if query.isSearch {
            let result = try await BeneficiarySearch.run(query.text, filters: query.filters, scope: scope, on: req.sql)
            try await req.audit(.search, "beneficiary", "\(result.kind.rawValue): \(result.rows.count) rows")
            return BeneficiaryViews.list(req.page, .init(rows: result.rows, names: names, next: nil, isFirstPage: true,
                                                         scope: scope, search: query, truncated: result.truncated,
                                                         canRegister: Policy.allows(actor, .writeBeneficiaries)))
        }
        let cursor = try BeneficiaryQueries.Cursor.parameter(req.query[String.self, at: "after"])
        let page = try await BeneficiaryQueries.page(scope: scope, after: cursor, limit: Self.pageSize, on: req.sql)
        try await req.audit(.list, "beneficiary", "\(page.rows.count) rows" + (cursor.map { " after \($0.id)" } ?? ""))
        return BeneficiaryViews.list(req.page, .init(rows: page.rows, names: names, next: page.next, isFirstPage: cursor == nil,
                                                     scope: scope, search: query, truncated: false,
                                                     canRegister: Policy.allows(actor, .writeBeneficiaries)))
    }

    func newForm(req: Request) async throws -> HTML {
        let actor = try req.authorize(.writeBeneficiaries)
        return RegistrationViews.form(req.page, try await formContext(req, actor: actor, fields: .init()))
    }

    /// Registers a person with an intake case. Look-alikes stop the first submission; the advisor confirms it is
    /// someone else, or opens the existing record instead.
    func create(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        let fields = try req.content.decode(BeneficiaryDraft.Fields.self)
        let registry = BeneficiaryRegistry(sql: req.sql)
        do {
            let (draft, warnings) = try BeneficiaryDraft.parse(fields)
            let registration = try await registry.register(draft, actor: actor, confirmedSomeoneElse: fields.confirm_duplicate != nil, database: req.db)
            guard case .created(let created) = registration else {
                var context = try await formContext(req, actor: actor, fields: fields)
                if case .lookAlikes(let duplicates) = registration { context.duplicates = duplicates }
                return try await HTMLPage(status: .conflict, body: RegistrationViews.form(req.page, context)).encodeResponse(for: req)
            }
            try await req.audit(.create, "beneficiary", id: created.beneficiaryID, warnings.isEmpty ? "" : "warnings: \(warnings.keys.sorted().joined(separator: ","))")
            let target = warnings.isEmpty ? "/cases/\(created.caseID)?registered=1" : "/cases/\(created.caseID)?registered=1&ice_warning=1"
            return req.redirect(to: target)
        } catch let error as AppError where error.status == .unprocessableEntity {
            var context = try await formContext(req, actor: actor, fields: fields)
            context.errors = error.fields
            return try await HTMLPage(status: .unprocessableEntity, body: RegistrationViews.form(req.page, context)).encodeResponse(for: req)
        }
    }

    private func formContext(_ req: Request, actor: Actor, fields: BeneficiaryDraft.Fields) async throws -> RegistrationViews.Context {
        let structures = try await BeneficiaryRegistry(sql: req.sql).writableStructures(Policy.writableStructures(for: actor))
        let regions = Set(structures.map(\.region_id))
        let provinces = try await TerritoryQueries.provinces(regionCode: nil, on: req.sql).filter { regions.contains($0.region_id) }
        return .init(fields: fields, structures: structures, provinces: provinces)
    }

    /// A person's page; an old link to a record merged since leads to the record it now lives in.
    func show(req: Request) async throws -> Response {
        let actor = try req.authorize(.readBeneficiaries)
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        if let survivor = try await BeneficiaryMerges(sql: req.sql).survivor(of: id, scope: Policy.beneficiaryScope(for: actor)) {
            return req.redirect(to: "/beneficiaries/\(survivor)?from=\(id)")
        }
        var notice: String?
        if req.query[String.self, at: "merged"] == "1" { notice = req.localizer("merge.done") }
        if req.query[String.self, at: "unmerged"] == "1" { notice = req.localizer("merge.undone") }
        if req.query[String.self, at: "saved"] == "1" { notice = req.localizer("me.saved") }
        if let from = req.query[Int.self, at: "from"] { notice = req.localizer("merge.from", ["id": String(from)]) }
        return try await Self.detailPage(req, actor: actor, id: id, notice: notice).encodeResponse(for: req)
    }

    /// The page with what is held, businesses, cases and, for those who may change records, merging.
    static func detailPage(_ req: Request, actor: Actor, id: Int, merging: MergeViews.Context = .init(), notice: String? = nil) async throws -> HTML {
        let scope = Policy.beneficiaryScope(for: actor)
        guard let person = try await BeneficiaryQueries.detail(id: id, scope: scope, on: req.sql) else { throw AppError.notFound }
        try await req.audit(.read, "beneficiary", id: id)
        let businesses = try await BeneficiaryQueries.businesses(of: id, on: req.sql)
        let cases = try await AccompanimentService(sql: req.sql).cases(ofBeneficiary: id, scope: scope)
        var merge = merging
        let writable = Policy.writeScope(for: actor)
        let canMerge = person.merged_into_id == nil && person.anonymised_at == nil
            && writable.contains(regionID: person.region_id, structureID: person.structure_id, userID: nil)
        if canMerge {
            merge.lookAlikes = try await BeneficiaryRegistry(sql: req.sql).lookAlikes(of: id, scope: writable)
            if !merge.lookAlikes.isEmpty { try await req.audit(.search, "beneficiary", id: id, "look-alikes: \(merge.lookAlikes.count)") }
            // Merges whose other record is outside the reader's reach are not theirs to see or undo.
            merge.merges = try await BeneficiaryMerges(sql: req.sql).merges(into: id)
                .filter { writable.contains(regionID: $0.absorbed_region_id, structureID: $0.absorbed_structure_id, userID: nil) }
        }
        return BeneficiaryViews.detail(req.page, person, businesses: businesses, cases: cases, notice: notice, merging: canMerge ? merge : nil)
    }
}

/// The list page's search box and filters, read from the query string with a 422 naming a malformed filter.
struct SearchQuery: Sendable {
    var text = ""
    var filters = BeneficiarySearch.Filters()

    var isSearch: Bool { !text.isEmpty || !filters.isEmpty }

    init() {}

    init(_ req: Request) throws(AppError) {
        // The plain list has no query string, and each field read goes through Vapor's whole URL decoder.
        guard req.url.query?.isEmpty == false else { return }
        var validator = Validator()
        let raw = req.query[String.self, at: "q"]?.trimmed ?? ""
        if raw.count > 100 { validator.add("q", "validation.too_long", ["max": "100"]) }
        else if Validator.hasControlCharacters(raw) { validator.add("q", "validation.control_characters") }
        else { text = raw }
        func code<T: RawRepresentable>(_ name: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = req.query[String.self, at: name], !value.isEmpty else { return nil }
            guard let parsed = T(rawValue: value) else { validator.add(name, "validation.choice"); return nil }
            return parsed
        }
        func id(_ name: String) -> Int? {
            guard let value = req.query[String.self, at: name], !value.isEmpty else { return nil }
            guard let parsed = Int(value), parsed > 0 else { validator.add(name, "validation.choice"); return nil }
            return parsed
        }
        filters.provinceID = id("province")
        filters.legalStatus = code("legal_status", LegalStatus.self)
        filters.sector = code("sector", Sector.self)
        filters.stage = code("stage", CaseStage.self)
        filters.advisorID = id("advisor")
        try validator.check()
    }
}
