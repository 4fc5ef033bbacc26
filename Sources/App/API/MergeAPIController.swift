import Vapor

/// `/api/v1` for duplicates: the look-alikes of a record, merging one into it, undoing a merge.
struct MergeAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("beneficiaries", ":id", "duplicates", use: duplicates)
        api.post("beneficiaries", ":id", "merges", use: merge)
        api.post("merges", ":merge", "undo", use: undo)
    }

    private func beneficiaryID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        return id
    }

    func duplicates(req: Request) async throws -> [APIDTO.LookAlike] {
        let actor = try req.authorize(.writeBeneficiaries)
        let id = try beneficiaryID(req)
        let scope = Policy.writeScope(for: actor)
        guard try await BeneficiaryQueries.detail(id: id, scope: scope, on: req.sql) != nil else { throw AppError.notFound }
        let found = try await BeneficiaryRegistry(sql: req.sql).lookAlikes(of: id, scope: scope)
        try await req.audit(.search, "beneficiary", id: id, "api look-alikes: \(found.count)")
        return found.map { .init(id: $0.name == nil ? nil : $0.id, reasons: $0.reasons.map(\.rawValue), name: $0.name, structure: $0.structureName) }
    }

    func merge(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        let survivor = try beneficiaryID(req)
        let input = try req.content.decode(APIDTO.MergeRequest.self)
        let merge: BeneficiaryMerges.Merge
        do {
            merge = try await BeneficiaryMerges(sql: req.sql).merge(input.absorbedId, into: survivor, scope: Policy.writeScope(for: actor),
                                                                 actorID: actor.userID, database: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity {
            // The service speaks the form's field names; the API's body says `absorbedId`.
            throw AppError.validation(Dictionary(uniqueKeysWithValues: error.fields.map { ($0.key == "absorbed_id" ? "absorbedId" : $0.key, $0.value) }))
        }
        try await req.audit(.merge, "beneficiary", id: survivor, "api: absorbed \(input.absorbedId), merge \(merge.id)")
        try await req.audit(.merge, "beneficiary", id: input.absorbedId, "api: merged into \(survivor), merge \(merge.id)")
        return try await APIDTO.Merge(merge).encodeResponse(status: .created, for: req)
    }

    func undo(req: Request) async throws -> APIDTO.Merge {
        let actor = try req.authorize(.writeBeneficiaries)
        guard let id = req.parameters.get("merge", as: Int.self) else { throw AppError.notFound }
        let merge = try await BeneficiaryMerges(sql: req.sql).undo(id, scope: Policy.writeScope(for: actor), actorID: actor.userID, database: req.db)
        try await req.audit(.unmerge, "beneficiary", id: merge.survivor_id, "api: restored \(merge.absorbed_id), merge \(id)")
        try await req.audit(.unmerge, "beneficiary", id: merge.absorbed_id, "api: taken out of \(merge.survivor_id), merge \(id)")
        return APIDTO.Merge(merge)
    }
}

extension APIDTO {
    /// Another record that looks like this one; `id` and `name` only when it is within the caller's reach.
    struct LookAlike: Content {
        let id: Int?
        let reasons: [String]
        let name: String?
        let structure: String?
    }

    struct MergeRequest: Content {
        let absorbedId: Int
    }

    struct Merge: Content {
        let id: Int
        let survivorId: Int
        let absorbedId: Int
        let movedBusinessIds: [Int]
        let movedCaseIds: [Int]
        /// Blanks of the survivor filled from the absorbed record.
        let filled: [String]
        let mergedAt: Date
        let undoneAt: Date?

        init(_ merge: BeneficiaryMerges.Merge) {
            id = merge.id
            survivorId = merge.survivor_id
            absorbedId = merge.absorbed_id
            movedBusinessIds = merge.movedBusinesses
            movedCaseIds = merge.movedCases
            filled = merge.filledColumns.map(\.rawValue)
            mergedAt = merge.merged_at
            undoneAt = merge.undone_at
        }
    }
}
