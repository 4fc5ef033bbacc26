import Domain
import HTML
import Vapor

/// Coordinators and structure managers find everyone in their scope a measure now suits, review, and notify.
struct CampaignsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("campaigns", use: list)
        routes.post("campaigns", use: create)
        routes.get("campaigns", ":id", use: show)
        routes.post("campaigns", ":id", "recipients", ":beneficiary", use: toggle)
        routes.post("campaigns", ":id", "send", use: send)
    }

    /// The scopes an actor may campaign over: everything and each region for a national actor, else their own.
    static func scopes(_ scope: PersonalDataScope, regions: [TerritoryQueries.RegionRow], structures: [TerritoryQueries.StructureRow],
                       _ t: Localizer) -> [(value: String, label: String)] {
        var choices: [(value: String, label: String)] = []
        if scope.everything { choices.append(("all", t("campaign.scope_all"))) }
        for region in regions where scope.everything || scope.regionIDs.contains(region.id) {
            choices.append(("region:\(region.id)", t.language == .ar ? region.name_ar : region.name_fr))
        }
        for structure in structures where scope.structureIDs.contains(structure.id) { choices.append(("structure:\(structure.id)", structure.name)) }
        return choices
    }

    private func context(_ req: Request) async throws -> (actor: Actor, scope: PersonalDataScope, measures: [Measure], scopes: [(value: String, label: String)]) {
        let actor = try req.authorize(.runCampaigns)
        let scope = Policy.campaignScope(for: actor)
        let today = Day.today()
        let measures = try await MeasureCatalogue(sql: req.sql).live(on: today)
        let scopes = Self.scopes(scope, regions: try await TerritoryQueries.regions(on: req.sql), structures: try await TerritoryQueries.structures(on: req.sql), req.localizer)
        return (actor, scope, measures, scopes)
    }

    func list(req: Request) async throws -> HTML {
        let context = try await context(req)
        let campaigns = try await Campaigns(database: req.db).list(within: context.scope)
        return CampaignViews.list(req.page, campaigns, measures: context.measures, scopes: context.scopes, failed: nil)
    }

    func create(req: Request) async throws -> Response {
        let context = try await context(req)
        let values = try req.content.decode([String: String].self)
        var validator = Validator()
        let measureID = values["measure_id"].flatMap(Int.init)
        if measureID == nil || !context.measures.contains(where: { $0.id == measureID }) { validator.add("measure_id", "validation.choice") }
        let chosen = values["scope"] ?? ""
        if !context.scopes.contains(where: { $0.value == chosen }) { validator.add("scope", "validation.choice") }
        do {
            try validator.check()
            let parts = chosen.split(separator: ":")
            let draft = Campaigns.Draft(measureID: measureID!, regionID: parts.first == "region" ? Int(parts[1]) : nil,
                                        structureID: parts.first == "structure" ? Int(parts[1]) : nil, includeProbable: values["include_probable"] != nil)
            let id = try await Campaigns(database: req.db).create(draft, by: context.actor.userID)
            try await req.audit(.create, "campaign", id: id, "measure \(draft.measureID) \(chosen)", actor: context.actor)
            return req.redirect(to: "/campaigns/\(id)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            let campaigns = try await Campaigns(database: req.db).list(within: context.scope)
            let page = CampaignViews.list(req.page, campaigns, measures: context.measures, scopes: context.scopes, failed: .init(form: "new", values: values, errors: error.fields))
            return try await HTMLPage(status: .unprocessableEntity, body: page).encodeResponse(for: req)
        }
    }

    private func campaign(_ req: Request, _ scope: PersonalDataScope) async throws -> Campaigns.Summary {
        guard let id = req.parameters.get("id", as: Int.self), let campaign = try await Campaigns(database: req.db).find(id),
              Campaigns.visible(campaign, within: scope) else { throw AppError.notFound }
        return campaign
    }

    func show(req: Request) async throws -> HTML {
        let actor = try req.authorize(.runCampaigns)
        let campaign = try await campaign(req, Policy.campaignScope(for: actor))
        let after = req.query[Int.self, at: "after"] ?? 0
        let recipients = try await Campaigns(database: req.db).recipients(campaign.id, after: after)
        try await req.audit(.list, "campaign", id: campaign.id, "recipients after \(after)")
        let measure = try await MeasureCatalogue(sql: req.sql).find(id: campaign.measure_id, on: .today())
        return CampaignViews.show(req.page, campaign, measure: measure, recipients: recipients, after: after)
    }

    func toggle(req: Request) async throws -> Response {
        let actor = try req.authorize(.runCampaigns)
        let campaign = try await campaign(req, Policy.campaignScope(for: actor))
        guard let beneficiary = req.parameters.get("beneficiary", as: Int.self) else { throw AppError.notFound }
        let excluded = (try? req.content.get(String.self, at: "excluded")) == "1"
        try await Campaigns(database: req.db).setExcluded(campaign.id, beneficiaryID: beneficiary, excluded)
        try await req.audit(.update, "campaign", id: campaign.id, "beneficiary \(beneficiary) \(excluded ? "excluded" : "included")", actor: actor)
        return req.redirect(to: "/campaigns/\(campaign.id)?after=\((try? req.content.get(Int.self, at: "after")) ?? 0)")
    }

    func send(req: Request) async throws -> Response {
        let actor = try req.authorize(.runCampaigns)
        let campaign = try await campaign(req, Policy.campaignScope(for: actor))
        if try await Campaigns(database: req.db).send(campaign.id) {
            try await req.audit(.update, "campaign", id: campaign.id, "sent", actor: actor)
        }
        return req.redirect(to: "/campaigns/\(campaign.id)")
    }
}
