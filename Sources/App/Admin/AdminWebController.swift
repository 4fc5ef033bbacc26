import Foundation
import HTML
import SQLKit
import Vapor

/// The administrator's pages: people and memberships, the audit log, API tokens, the development outbox.
struct AdminWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin")
        admin.get("users", use: users)
        admin.post("users", use: createUser)
        admin.get("users", ":id", use: user)
        admin.post("users", ":id", "memberships", use: addMembership)
        admin.post("users", ":id", "memberships", ":membership", "delete", use: removeMembership)
        admin.post("users", ":id", "activate") { try await setActive($0, true) }
        admin.post("users", ":id", "deactivate") { try await setActive($0, false) }
        admin.get("audit", use: audit)
        admin.get("audit.csv", use: auditCSV)
        admin.get("tokens", use: tokens)
        admin.post("tokens", use: createToken)
        admin.post("tokens", ":id", "revoke", use: revokeToken)
        routes.get("dev", "outbox", use: outbox)
    }

    private func service(_ req: Request) -> AccountsService {
        AccountsService(database: req.db, hasher: req.password.async)
    }

    /// Every scope an administrator can grant, as `kind:id` values for one select.
    static func scopeChoices(_ req: Request) async throws -> [AdminViews.Choice] {
        let t = req.localizer
        var choices: [AdminViews.Choice] = [("national", t("scope.national"))]
        choices += try await TerritoryQueries.regions(on: req.sql).map { ("region:\($0.id)", "\(t("scope.region")) · \($0.name_fr)") }
        choices += try await TerritoryQueries.structures(on: req.sql).map { ("structure:\($0.id)", "\(t("scope.structure")) · \($0.name)") }
        choices += try await TerritoryQueries.partners(on: req.sql).map { ("partner:\($0.id)", "\(t("scope.partner")) · \($0.name)") }
        return choices
    }

    private static func parseScope(_ value: String?) -> (kind: String, id: Int?) {
        let parts = (value ?? "").split(separator: ":", maxSplits: 1)
        return (parts.first.map(String.init) ?? "", parts.count > 1 ? Int(parts[1]) : nil)
    }

    func users(req: Request) async throws -> HTML {
        _ = try req.authorize(.manageUsers)
        return try await usersPage(req, form: .init(), notice: nil)
    }

    private func usersPage(_ req: Request, form: AdminViews.NewUserForm, notice: String?) async throws -> HTML {
        let search = req.query[String.self, at: "q"] ?? ""
        let rows = try await AdminQueries.users(search: search, on: req.sql)
        try await req.audit(.list, "user", "\(rows.count) rows" + (search.isEmpty ? "" : " matching \(search)"))
        return AdminViews.users(req.page, users: rows, search: search, form: form, scopes: try await Self.scopeChoices(req), notice: notice)
    }

    struct NewUserInput: Content {
        var email: String?
        var display_name: String?
        var password: String?
        var role: String?
        var scope: String?
    }

    func createUser(req: Request) async throws -> Response {
        _ = try req.authorize(.manageUsers)
        let input = try req.content.decode(NewUserInput.self)
        let scope = Self.parseScope(input.scope)
        do {
            let user = try await service(req).createUser(.init(
                email: input.email ?? "", displayName: input.display_name ?? "", password: input.password ?? "",
                role: input.role ?? "", scopeKind: scope.kind, scopeID: scope.id))
            try await req.audit(.create, "user", id: user.id, "\(input.role ?? "") \(input.scope ?? "")")
            return req.redirect(to: "/admin/users/\(try user.requireID())")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let form = AdminViews.NewUserForm(email: input.email ?? "", displayName: input.display_name ?? "",
                                              role: input.role ?? "", scope: input.scope ?? "", errors: error.fields)
            return try await HTMLPage(status: error.status, body: try await usersPage(req, form: form, notice: nil)).encodeResponse(for: req)
        }
    }

    func user(req: Request) async throws -> HTML {
        _ = try req.authorize(.manageUsers)
        return try await userPage(req, errors: [:])
    }

    private func userPage(_ req: Request, errors: [String: FieldProblem]) async throws -> HTML {
        guard let id = req.parameters.get("id", as: Int.self), let user = try await User.find(id, on: req.db) else { throw AppError.notFound }
        try await req.audit(.read, "user", id: id)
        return AdminViews.user(req.page, user: user, memberships: try await AdminQueries.memberships(userID: id, on: req.sql),
                               scopes: try await Self.scopeChoices(req), errors: errors)
    }

    struct MembershipInput: Content {
        var role: String?
        var scope: String?
    }

    func addMembership(req: Request) async throws -> Response {
        _ = try req.authorize(.manageUsers)
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        let input = try req.content.decode(MembershipInput.self)
        let scope = Self.parseScope(input.scope)
        do {
            try await service(req).addMembership(userID: id, role: input.role ?? "", scopeKind: scope.kind, scopeID: scope.id)
            try await req.audit(.update, "user", id: id, "membership added: \(input.role ?? "") \(input.scope ?? "")")
            return req.redirect(to: "/admin/users/\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: error.status, body: try await userPage(req, errors: error.fields)).encodeResponse(for: req)
        }
    }

    func removeMembership(req: Request) async throws -> Response {
        _ = try req.authorize(.manageUsers)
        guard let id = req.parameters.get("id", as: Int.self), let membership = req.parameters.get("membership", as: Int.self) else { throw AppError.notFound }
        try await service(req).removeMembership(userID: id, membershipID: membership)
        try await req.audit(.update, "user", id: id, "membership \(membership) removed")
        return req.redirect(to: "/admin/users/\(id)")
    }

    private func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let actor = try req.authorize(.manageUsers)
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        // An administrator cannot lock themselves out.
        guard active || id != actor.userID else { throw AppError.forbidden }
        try await service(req).setActive(userID: id, active: active)
        try await req.audit(.update, "user", id: id, active ? "activated" : "deactivated")
        return req.redirect(to: "/admin/users/\(id)")
    }

    private static let auditKeys = ["actor", "action", "entity", "entity_id", "from", "until"]

    /// The audit filter from the query string, and the raw values to show back in the form.
    private func auditFilter(_ req: Request) -> (AdminQueries.AuditFilter, [String: String]) {
        var raw: [String: String] = [:]
        for key in Self.auditKeys { raw[key] = req.query[String.self, at: key] }
        let day = Date.ISO8601FormatStyle().year().month().day()
        let filter = AdminQueries.AuditFilter(
            actor: raw["actor"], action: raw["action"], entity: raw["entity"], entityID: raw["entity_id"],
            from: raw["from"].flatMap { try? day.parse($0) },
            until: raw["until"].flatMap { try? day.parse($0) }.map { $0.addingTimeInterval(86_400) },
            before: req.query[Int.self, at: "before"])
        return (filter, raw)
    }

    func audit(req: Request) async throws -> HTML {
        _ = try req.authorize(.viewAudit)
        try await req.application.auditBuffer.flush()
        let (filter, raw) = auditFilter(req)
        let pageSize = 100
        let rows = try await AdminQueries.audit(filter, limit: pageSize, on: req.sql)
        let older = rows.count == pageSize ? rows.last.map { last in
            URLEncoding.url("/admin/audit", Self.auditKeys.map { ($0, raw[$0]) } + [("before", String(last.id))])
        } : nil
        let download = URLEncoding.url("/admin/audit.csv", Self.auditKeys.map { ($0, raw[$0]) })
        return AdminViews.audit(req.page, rows: rows, filter: raw, olderLink: older, downloadLink: download)
    }

    /// The filtered log as CSV, at most 100,000 lines: what an inspector from the data protection authority asks for.
    func auditCSV(req: Request) async throws -> Response {
        _ = try req.authorize(.viewAudit)
        try await req.application.auditBuffer.flush()
        let (filter, _) = auditFilter(req)
        let rows = try await AdminQueries.audit(filter, limit: 100_000, on: req.sql)
        let t = req.localizer
        var csv = CSVExport(header: [t("admin.audit.when"), t("admin.audit.actor"), t("admin.audit.action"), t("admin.audit.entity"),
                                     t("admin.audit.entity_id"), t("admin.audit.summary"), t("admin.audit.address")])
        let stamp = Date.ISO8601FormatStyle(timeZone: Localizer.morocco)
        for row in rows {
            csv.append([row.at.formatted(stamp), row.actor_label, t("audit.\(row.action)"), row.entity, row.entity_id, row.summary, row.address])
        }
        try await req.audit(.export, "audit_entry", "\(rows.count) rows")
        return csv.response(filename: "maillage-audit.csv")
    }

    func tokens(req: Request) async throws -> HTML {
        _ = try req.authorize(.manageTokens)
        return try await tokensPage(req, created: nil, errors: [:])
    }

    private func tokensPage(_ req: Request, created: String?, errors: [String: FieldProblem]) async throws -> HTML {
        let memberships = try await AdminQueries.membershipChoices(on: req.sql).map { (String($0.id), $0.label) }
        return AdminViews.tokens(req.page, tokens: try await AdminQueries.tokens(on: req.sql), memberships: memberships, created: created, errors: errors)
    }

    struct TokenInput: Content {
        var name: String?
        var membership_id: Int?
    }

    func createToken(req: Request) async throws -> Response {
        let actor = try req.authorize(.manageTokens)
        let input = try req.content.decode(TokenInput.self)
        do {
            let (token, secret) = try await service(req).createToken(name: input.name ?? "", membershipID: input.membership_id ?? 0, createdBy: actor.userID)
            try await req.audit(.tokenCreated, "api_token", id: token.id, token.name)
            return try await tokensPage(req, created: secret, errors: [:]).encodeResponse(for: req)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: error.status, body: try await tokensPage(req, created: nil, errors: error.fields)).encodeResponse(for: req)
        }
    }

    func revokeToken(req: Request) async throws -> Response {
        _ = try req.authorize(.manageTokens)
        guard let id = req.parameters.get("id", as: Int.self) else { throw AppError.notFound }
        try await service(req).revokeToken(id: id)
        try await req.audit(.tokenRevoked, "api_token", id: id)
        return req.redirect(to: "/admin/tokens")
    }

    func outbox(req: Request) async throws -> HTML {
        guard req.application.config.devOutboxEnabled else { throw AppError.notFound }
        _ = try req.authorize(.viewDevOutbox)
        return AdminViews.outbox(req.page, rows: try await AdminQueries.outbox(on: req.sql))
    }
}
