import Domain
import Vapor

/// `/api/v1/tools`: the coaching tools for other apps (a bank's or a partner's), open like the pages; and the results
/// a person shared, for staff within scope.
struct ToolsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tools = routes.grouped("api", "v1", "tools")
        tools.post("loan", use: loan)
        tools.post("auto-entrepreneur", use: autoEntrepreneur)
        tools.post("budget", use: budget)
        tools.get("budget-templates", use: templates)
        tools.post("bank-readiness", use: bankReadiness)
        tools.post("digital-checkup", use: digitalCheckup)
        routes.get("api", "v1", "beneficiaries", ":id", "tool-results", use: saved)
    }

    /// Runs a page's computation on the input's fields; a mistake answers 422 with the API's name for the field.
    private func compute<Result>(_ fields: APIDTO.ToolFields, _ body: (inout CoachingForms) -> Result?) throws -> Result {
        var form = CoachingForms(fields.values)
        let result = body(&form)
        guard form.problems.isEmpty, let result else { throw AppError.validation(fields.rename(form.problems)) }
        return result
    }

    func loan(req: Request) async throws -> APIDTO.LoanResult {
        let input = try req.content.decode(APIDTO.LoanInput.self)
        if let kind = input.deferral, LoanSchedule.Deferral(rawValue: kind) == nil {
            throw AppError.validation(["deferral": FieldProblem("validation.choice")])
        }
        return APIDTO.LoanResult(try compute(input.fields) { CoachingCalculations.loan(&$0) })
    }

    func autoEntrepreneur(req: Request) async throws -> APIDTO.AutoEntrepreneurResult {
        let input = try req.content.decode(APIDTO.AutoEntrepreneurInput.self)
        guard let reference = CoachingReference.shipped.autoEntrepreneurRules(on: .today()) else { throw AppError.notFound }
        return APIDTO.AutoEntrepreneurResult(try compute(input.fields) { CoachingCalculations.autoEntrepreneur(&$0, rules: reference.rules) },
                                             rules: reference.rules)
    }

    func budget(req: Request) async throws -> APIDTO.BudgetResult {
        let input = try req.content.decode(APIDTO.BudgetInput.self)
        guard input.monthlySales.count == 12 else { throw AppError.validation(["monthlySales": FieldProblem("coaching.twelve_months")]) }
        return APIDTO.BudgetResult(try compute(input.fields) { CoachingCalculations.budget(&$0) })
    }

    func templates(req: Request) async throws -> [APIDTO.BudgetTemplate] { try await BudgetTemplates(sql: req.sql).all().map(APIDTO.BudgetTemplate.init) }

    func bankReadiness(req: Request) async throws -> APIDTO.BankReadinessResult {
        let input = try req.content.decode(APIDTO.BankReadinessInput.self)
        guard let reference = CoachingReference.shipped.bankReadinessRules(on: .today()) else { throw AppError.notFound }
        if let unknown = input.documents?.first(where: { !reference.rules.documents.contains($0) }) {
            throw AppError.validation(["documents": FieldProblem("coaching.unknown_document", ["code": unknown])])
        }
        let check = try compute(input.fields) { CoachingCalculations.bankReadiness(&$0, rules: reference.rules) }
        return APIDTO.BankReadinessResult(check.readiness, instalment: check.instalment, rules: reference.rules)
    }

    func digitalCheckup(req: Request) async throws -> APIDTO.DigitalCheckupResult {
        let input = try req.content.decode(APIDTO.DigitalCheckupInput.self)
        guard let instrument = try await InstrumentCatalogue(sql: req.sql).find(code: DigitalCheckup.instrumentCode), instrument.active else {
            throw AppError.notFound
        }
        let known = Set(instrument.questions.map(\.code))
        var problems: [String: FieldProblem] = [:]
        for code in input.answers.keys where !known.contains(code) { problems["answers.\(code)"] = FieldProblem("validation.choice") }
        if !problems.isEmpty { throw AppError.validation(problems) }
        let values = Dictionary(uniqueKeysWithValues: input.answers.map { ("q_\($0.key)", String($0.value)) })
        let checkup: DigitalCheckup
        do { checkup = try DigitalCheckup(instrument, values: values) } catch {
            throw AppError.validation(Dictionary(uniqueKeysWithValues: error.fields.map { ("answers.\($0.key.dropFirst(2))", $0.value) }))
        }
        return APIDTO.DigitalCheckupResult(checkup, measures: try await MeasureCatalogue(sql: req.sql).live(on: .today()),
                                           workshops: try await ForumProgramme(sql: req.sql).upcomingWorkshops())
    }

    /// What the person shared with their advisor, for staff who may read their record.
    func saved(req: Request) async throws -> [APIDTO.SavedToolResult] {
        let actor = try req.authorize(.readBeneficiaries)
        guard let id = req.parameters.get("id", as: Int.self),
              let detail = try await BeneficiaryQueries.detail(id: id, scope: Policy.beneficiaryScope(for: actor), on: req.sql),
              detail.anonymised_at == nil else { throw AppError.notFound }
        try await req.audit(.read, "beneficiary", id: id, "api tool results")
        return try await ToolResults(sql: req.sql).list(beneficiaryID: id, sharedOnly: true).map(APIDTO.SavedToolResult.init)
    }
}
