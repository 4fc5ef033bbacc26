import HTML
import Vapor

struct BeneficiariesWebController: RouteCollection {
    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.get("beneficiaries", use: list)
        routes.get("beneficiaries", ":id", use: show)
    }

    func list(req: Request) async throws -> HTML {
        let actor = try req.authorize(.readBeneficiaries)
        let cursor = try BeneficiaryQueries.Cursor.parameter(req.query[String.self, at: "after"])
        let page = try await BeneficiaryQueries.page(scope: Policy.beneficiaryScope(for: actor), after: cursor, limit: Self.pageSize, on: req.sql)
        try await req.audit(.list, "beneficiary", "\(page.rows.count) rows" + (cursor.map { " after \($0.id)" } ?? ""))
        let names = try await req.application.referenceNames.current()
        return BeneficiaryViews.list(req.page, .init(rows: page.rows, names: names, next: page.next, isFirstPage: cursor == nil))
    }

    func show(req: Request) async throws -> HTML {
        let actor = try req.authorize(.readBeneficiaries)
        guard let id = req.parameters.get("id", as: Int.self),
              let person = try await BeneficiaryQueries.detail(id: id, scope: Policy.beneficiaryScope(for: actor), on: req.sql)
        else { throw AppError.notFound }
        try await req.audit(.read, "beneficiary", id: id)
        return BeneficiaryViews.detail(req.page, person)
    }
}
