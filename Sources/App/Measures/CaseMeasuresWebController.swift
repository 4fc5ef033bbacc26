import Domain
import HTML
import Vapor

/// From a case, the measures its beneficiary qualifies for; referring goes through the case's referral form.
struct CaseMeasuresWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", ":case", "measures", use: show)
    }

    func show(req: Request) async throws -> HTML {
        let actor = try req.authorize(.manageCases)
        let scope = Policy.beneficiaryScope(for: actor)
        guard let id = req.parameters.get("case", as: Int.self),
              let item = try await AccompanimentService(sql: req.sql).find(id, scope: scope),
              let matches = try await EligibilityService(sql: req.sql).matches(beneficiaryID: item.beneficiary_id, scope: scope, on: .today()) else {
            throw AppError.notFound
        }
        try await req.audit(.read, "beneficiary", id: item.beneficiary_id, "eligibility for measures, case \(id)")
        return CaseMeasureViews.page(req.page, item, matches, partners: try await TerritoryQueries.partners(on: req.sql))
    }
}
