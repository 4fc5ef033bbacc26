import HTML
import Vapor

/// Importing a list of beneficiaries: upload, map the columns, check every row, import, download the report.
struct ImportWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped("beneficiaries", "import")
        imports.get(use: uploadForm)
        imports.on(.POST, body: .collect(maxSize: ByteCount(value: CSRFMiddleware.uploadLimits["/beneficiaries/import"]!)), use: upload)
        imports.get(":import", use: preview)
        imports.post(":import", "mapping", use: saveMapping)
        imports.post(":import", "run", use: run)
        imports.get(":import", "report.csv", use: report)
    }

    private func structures(_ req: Request, _ actor: Actor) async throws -> [TerritoryQueries.StructureRow] {
        try await BeneficiaryRegistry(sql: req.sql).writableStructures(Policy.writableStructures(for: actor))
    }

    func uploadForm(req: Request) async throws -> HTML {
        let actor = try req.authorize(.writeBeneficiaries)
        return ImportViews.upload(req.page, structures: try await structures(req, actor), errors: [:])
    }

    struct UploadInput: Content {
        var file: File?
        var structure_id: String?
        var consent_attested: String?
    }

    func upload(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        let structures = try await structures(req, actor)
        let input = try req.content.decode(UploadInput.self)
        var validator = Validator()
        let structure = input.structure_id.flatMap(Int.init).flatMap { id in structures.first { $0.id == id } } ?? (structures.count == 1 ? structures[0] : nil)
        if structure == nil { validator.add("structure_id", "registry.structure_choose") }
        if input.consent_attested != "on" { validator.add("consent_attested", "import.consent_required") }
        guard let file = input.file, file.data.readableBytes > 0 else {
            validator.add("file", "import.file_required")
            return try await refuse(req, actor, validator.problems)
        }
        do {
            try validator.check()
            let id = try await BeneficiaryImport(sql: req.sql).upload(filename: file.filename, data: Data(buffer: file.data), userID: actor.userID,
                                                                      structureID: structure!.id)
            return req.redirect(to: "/beneficiaries/import/\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await refuse(req, actor, error.fields)
        }
    }

    private func refuse(_ req: Request, _ actor: Actor, _ errors: [String: FieldProblem]) async throws -> Response {
        try await HTMLPage(status: .unprocessableEntity, body: ImportViews.upload(req.page, structures: try await structures(req, actor), errors: errors))
            .encodeResponse(for: req)
    }

    private func find(_ req: Request) async throws -> (Actor, BeneficiaryImport.Uploaded) {
        let actor = try req.authorize(.writeBeneficiaries)
        guard let id = req.parameters.get("import", as: Int.self),
              let upload = try await BeneficiaryImport(sql: req.sql).find(id, userID: actor.userID) else { throw AppError.notFound }
        return (actor, upload)
    }

    func preview(req: Request) async throws -> Response {
        let (_, upload) = try await find(req)
        if upload.status == "done" { return try await ImportViews.done(req.page, upload).encodeResponse(for: req) }
        do {
            let checked = try await BeneficiaryImport(sql: req.sql).check(upload)
            return try await ImportViews.preview(req.page, upload, checked: checked, errors: [:]).encodeResponse(for: req)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: .ok, body: ImportViews.preview(req.page, upload, checked: nil, errors: error.fields)).encodeResponse(for: req)
        }
    }

    func saveMapping(req: Request) async throws -> Response {
        let (_, upload) = try await find(req)
        guard upload.status != "done" else { return req.redirect(to: "/beneficiaries/import/\(upload.id)") }
        let mapping = upload.header.indices.map { index in
            (try? req.content.get(String.self, at: "column_\(index)")).flatMap(BeneficiaryImport.Target.init(rawValue:)) ?? .ignore
        }
        try await BeneficiaryImport(sql: req.sql).saveMapping(mapping, for: upload.id)
        return req.redirect(to: "/beneficiaries/import/\(upload.id)")
    }

    func run(req: Request) async throws -> Response {
        let (actor, upload) = try await find(req)
        guard upload.status != "done" else { return req.redirect(to: "/beneficiaries/import/\(upload.id)") }
        let service = BeneficiaryImport(sql: req.sql)
        let checked = try await service.check(upload)
        let advisor = actor.grants.contains { $0.role == .advisor || $0.role == .structureManager } ? actor.userID : nil
        let count = try await service.run(upload, checked: checked, advisorID: advisor, report: ImportViews.report(upload, checked, req.localizer), database: req.db)
        try await req.audit(.create, "beneficiary", "import \(upload.id): \(count) created, \(checked.rejectedCount) rejected, \(checked.skippedCount) skipped")
        return req.redirect(to: "/beneficiaries/import/\(upload.id)")
    }

    func report(req: Request) async throws -> Response {
        let actor = try req.authorize(.writeBeneficiaries)
        guard let id = req.parameters.get("import", as: Int.self), let text = try await BeneficiaryImport(sql: req.sql).report(id, userID: actor.userID) else {
            throw AppError.notFound
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"import-\(id)-report.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
