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
        var cursor: BeneficiaryQueries.Cursor?
        if let token = req.query[String.self, at: "after"] {
            guard let parsed = BeneficiaryQueries.Cursor(token: token) else { throw AppError.validation(["after": FieldProblem("validation.cursor")]) }
            cursor = parsed
        }
        let rows = try await BeneficiaryQueries.page(scope: Policy.beneficiaryScope(for: actor), after: cursor,
                                                     limit: Self.pageSize + 1, on: req.sql)
        let shown = Array(rows.prefix(Self.pageSize))
        try await req.audit(.list, "beneficiary", "\(shown.count) rows" + (cursor.map { " after \($0.id)" } ?? ""))
        let next = rows.count > Self.pageSize ? shown.last.map { BeneficiaryQueries.Cursor(sortName: $0.sort_name, id: $0.id) } : nil
        let names = try await req.application.referenceNames.current()
        return BeneficiaryViews.list(req.page, .init(rows: shown, names: names, next: next, isFirstPage: cursor == nil))
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
