import Domain
import Foundation
import HTML
import Vapor

/// Keeping tool results in a person's file and sharing them: the entrepreneur saves their own and chooses who sees
/// them; an advisor saves what they filled in together during a session; a partner bank reads what was shown to it.
struct ToolResultsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("tools", "save", use: saveOwn)
        routes.get("me", "tools", use: mine)
        routes.post("me", "tools", ":result", "share", use: share)
        routes.post("cases", ":case", "tools", use: saveToCase)
        routes.get("partner", "tools", use: sharedWithPartner)
    }

    func saveOwn(req: Request) async throws -> Response {
        let actor = try req.authorize(.viewOwnProfile)
        let values = try req.content.decode([String: String].self)
        let tool = try Self.tool(values)
        let results = ToolResults(sql: req.sql)
        // An account without a record yet has no file to keep it in: their page asks them to complete their profile.
        guard let own = try await results.ownRecord(userID: actor.userID) else { return req.redirect(to: "/me") }
        let shared = values["share"] != nil
        _ = try await results.save(tool: tool, query: ToolResults.cleanQuery(values, tool: tool), summary: try await summary(req, tool, values),
                                   beneficiaryID: own, shared: shared, by: actor.userID)
        try await req.audit(.create, "beneficiary", id: own, "tool result \(tool.rawValue)\(shared ? ", shared with the advisor" : "")")
        return req.redirect(to: "/me/tools")
    }

    func mine(req: Request) async throws -> HTML {
        let actor = try req.authorize(.viewOwnProfile)
        let results = ToolResults(sql: req.sql)
        var saved: [ToolResults.Saved] = []
        if let own = try await results.ownRecord(userID: actor.userID) { saved = try await results.list(beneficiaryID: own, sharedOnly: false) }
        return CoachingViews.mine(req.page, saved, banks: try await TerritoryQueries.partners(on: req.sql).filter { $0.kind == "bank" })
    }

    /// The entrepreneur's consent, one result at a time: which bank may read it, or none.
    func share(req: Request) async throws -> Response {
        let actor = try req.authorize(.viewOwnProfile)
        guard let resultID = req.parameters.get("result", as: Int.self) else { throw AppError.notFound }
        let raw = (try? req.content.get(String.self, at: "partner_id")) ?? ""
        var partnerID: Int?
        if !raw.isEmpty {
            let banks = try await TerritoryQueries.partners(on: req.sql).filter { $0.kind == "bank" }
            guard let id = Int(raw), banks.contains(where: { $0.id == id }) else { throw AppError.validation(["partner_id": FieldProblem("validation.choice")]) }
            partnerID = id
        }
        let results = ToolResults(sql: req.sql)
        guard let own = try await results.ownRecord(userID: actor.userID) else { throw AppError.notFound }
        try await results.share(resultID, of: own, with: partnerID)
        try await req.audit(.update, "beneficiary", id: own, partnerID.map { "tool result \(resultID) shared with partner \($0)" } ?? "tool result \(resultID) no longer shared")
        return req.redirect(to: "/me/tools#result-\(resultID)")
    }

    /// Filled in with the person during a session: kept in their file and visible in the case.
    func saveToCase(req: Request) async throws -> Response {
        let actor = try req.authorize(.manageCases)
        guard let caseID = req.parameters.get("case", as: Int.self),
              let item = try await AccompanimentService(sql: req.sql).find(caseID, scope: Policy.writeScope(for: actor)) else { throw AppError.notFound }
        let values = try req.content.decode([String: String].self)
        let tool = try Self.tool(values)
        _ = try await ToolResults(sql: req.sql).save(tool: tool, query: ToolResults.cleanQuery(values, tool: tool), summary: try await summary(req, tool, values),
                                                     beneficiaryID: item.beneficiary_id, shared: true, by: actor.userID)
        try await req.audit(.update, "case", id: caseID, "tool result \(tool.rawValue) filled in with the beneficiary")
        return req.redirect(to: "/cases/\(caseID)#tools")
    }

    func sharedWithPartner(req: Request) async throws -> HTML {
        let actor = try req.authorize(.answerReferrals)
        let rows = try await ToolResults(sql: req.sql).shared(with: Policy.partnerScope(for: actor))
        for row in rows { try await req.audit(.read, "beneficiary", id: row.beneficiary_id, "tool result \(row.id) shared with the partner") }
        return CoachingViews.sharedWithPartner(req.page, rows)
    }

    private static func tool(_ values: [String: String]) throws -> CoachingTool {
        guard let tool = CoachingTool(rawValue: values["tool"] ?? "") else { throw AppError.validation(["tool": FieldProblem("validation.choice")]) }
        return tool
    }

    /// A check-up keeps its scores per dimension, so the next one shows progress; answers that do not score are refused.
    private func summary(_ req: Request, _ tool: CoachingTool, _ values: [String: String]) async throws -> String? {
        guard tool == .digitalCheckup else { return nil }
        guard let instrument = try await InstrumentCatalogue(sql: req.sql).find(code: DigitalCheckup.instrumentCode) else { throw AppError.notFound }
        return try DigitalCheckup(instrument, values: values).summary
    }
}
