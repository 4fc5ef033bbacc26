import Domain
import Foundation
import HTML
import Vapor

/// The organisers' pages: editions and stops, each stop's sessions (capacity, speakers, partners), speakers, and the
/// walk-in registration at the door.
struct OrganiseWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organise = routes.grouped("organise")
        organise.get(use: index)
        organise.post("editions", use: addEdition)
        organise.post("stops", use: addStop)
        organise.post("speakers", use: addSpeaker)
        organise.get("stops", ":stop", use: stop)
        organise.post("stops", ":stop", use: updateStop)
        organise.post("stops", ":stop", "sessions", use: addSession)
        organise.post("stops", ":stop", "sessions", ":session", use: updateSession)
        organise.post("stops", ":stop", "walk-ins", use: walkIn)
        for format in ["csv", "xlsx"] {
            organise.get("stops", ":stop", "registrations.\(format)") { req in try await ForumExports.registrations(try await stop(req), format: format, on: req) }
            organise.get("stops", ":stop", "attendance.\(format)") { req in try await ForumExports.attendance(try await stop(req), format: format, on: req) }
            organise.get("stops", ":stop", "questions.\(format)") { req in try await ForumExports.questions(try await stop(req), format: format, on: req) }
        }
    }

    private func organised(_ req: Request) throws -> Policy.ForumReach {
        Policy.forumReach(of: try req.authorize(.organiseForum), through: .organiseForum)
    }

    private func context(_ req: Request) async throws -> OrganiseViews.Context {
        let reach = try organised(req)
        let organisation = ForumOrganisation(database: req.db)
        return .init(editions: try await organisation.editions().filter { reach.covers($0.id) },
                     stops: try await ForumProgramme(sql: req.sql).stops().filter { reach.covers($0.editionID) },
                     regions: try await TerritoryQueries.regions(on: req.sql), partners: try await TerritoryQueries.partners(on: req.sql),
                     speakers: try await organisation.speakers())
    }

    func index(req: Request) async throws -> HTML { OrganiseViews.index(req.page, try await context(req), failed: nil) }

    /// Runs a change; a form error shows the page again with what was typed (422).
    private func form(_ req: Request, failedForm: String, page: @escaping (OrganiseViews.Failed) async throws -> HTML,
                      _ body: ([String: String]) async throws -> String) async throws -> Response {
        let values = try req.content.decode([String: String].self)
        do {
            return req.redirect(to: try await body(values))
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: .unprocessableEntity, body: try await page(.init(form: failedForm, values: values, errors: error.fields)))
                .encodeResponse(for: req)
        }
    }

    func addEdition(req: Request) async throws -> Response {
        guard try organised(req).all else { throw AppError.forbidden }
        return try await form(req, failedForm: "edition", page: { OrganiseViews.index(req.page, try await context(req), failed: $0) }) { values in
            let (number, year) = try ForumOrganisationForms.edition(values)
            let id = try await ForumOrganisation.addEdition(number: number, year: year, on: req.sql)
            try await req.audit(.create, "forum_edition", id: id, "edition \(number), \(year)")
            return "/organise"
        }
    }

    func addStop(req: Request) async throws -> Response {
        let context = try await context(req)
        return try await form(req, failedForm: "stop", page: { OrganiseViews.index(req.page, context, failed: $0) }) { values in
            let draft = try ForumOrganisationForms.stop(values, editions: context.editions.map(\.id), regions: context.regions.map(\.id),
                                                       partners: context.partners.map(\.id))
            let id = try await ForumOrganisation(database: req.db).addStop(draft)
            try await req.audit(.create, "forum_stop", id: id, "\(draft.city), \(draft.startsOn)")
            return "/organise/stops/\(id)"
        }
    }

    func addSpeaker(req: Request) async throws -> Response {
        _ = try organised(req)
        let context = try await context(req)
        return try await form(req, failedForm: "speaker", page: { OrganiseViews.index(req.page, context, failed: $0) }) { values in
            let draft = try ForumOrganisationForms.speaker(values)
            let id = try await ForumOrganisation(database: req.db).addSpeaker(draft)
            try await req.audit(.create, "forum_speaker", id: id, draft.name)
            return "/organise#speakers"
        }
    }

    /// The stop, if the actor organises its edition.
    private func stop(_ req: Request) async throws -> ForumProgramme.Stop {
        let reach = try organised(req)
        guard let id = req.parameters.get("stop", as: Int.self), let stop = try await ForumProgramme(sql: req.sql).stop(id),
              reach.covers(stop.editionID) else { throw AppError.notFound }
        return stop
    }

    func stop(req: Request) async throws -> HTML {
        OrganiseViews.stop(req.page, try await stop(req), try await context(req), failed: nil)
    }

    private func stopPage(_ req: Request, _ stopID: Int) -> (OrganiseViews.Failed) async throws -> HTML {
        { failed in
            guard let stop = try await ForumProgramme(sql: req.sql).stop(stopID) else { throw AppError.notFound }
            return OrganiseViews.stop(req.page, stop, try await context(req), failed: failed)
        }
    }

    func updateStop(req: Request) async throws -> Response {
        let stop = try await stop(req)
        let context = try await context(req)
        return try await form(req, failedForm: "stop", page: stopPage(req, stop.id)) { values in
            var values = values
            values["edition_id"] = String(stop.editionID)
            let draft = try ForumOrganisationForms.stop(values, editions: context.editions.map(\.id), regions: context.regions.map(\.id),
                                                       partners: context.partners.map(\.id))
            try await ForumOrganisation(database: req.db).updateStop(stop.id, draft)
            try await req.audit(.update, "forum_stop", id: stop.id, "\(draft.city), \(draft.startsOn)")
            return "/organise/stops/\(stop.id)"
        }
    }

    func addSession(req: Request) async throws -> Response {
        let stop = try await stop(req)
        let speakers = try await ForumOrganisation(database: req.db).speakers().map(\.id)
        return try await form(req, failedForm: "session-new", page: stopPage(req, stop.id)) { values in
            let draft = try ForumOrganisationForms.session(values, speakers: speakers, within: stop.startsOn...stop.endsOn)
            let id = try await ForumOrganisation(database: req.db).addSession(draft, stopID: stop.id)
            try await req.audit(.create, "forum_session", id: id, "\(draft.title.fr), \(draft.capacity) seats")
            return "/organise/stops/\(stop.id)#session-\(id)"
        }
    }

    func updateSession(req: Request) async throws -> Response {
        let stop = try await stop(req)
        guard let session = req.parameters.get("session", as: Int.self) else { throw AppError.notFound }
        let speakers = try await ForumOrganisation(database: req.db).speakers().map(\.id)
        return try await form(req, failedForm: "session-\(session)", page: stopPage(req, stop.id)) { values in
            let draft = try ForumOrganisationForms.session(values, speakers: speakers, within: stop.startsOn...stop.endsOn)
            try await ForumOrganisation(database: req.db).updateSession(session, stopID: stop.id, draft, baseURL: req.application.config.baseURL)
            try await req.audit(.update, "forum_session", id: session, "\(draft.title.fr), \(draft.capacity) seats")
            return "/organise/stops/\(stop.id)#session-\(session)"
        }
    }

    /// Someone at the door without a ticket: name, phone, sessions, and the ticket is on their phone in seconds.
    func walkIn(req: Request) async throws -> Response {
        let stop = try await stop(req)
        return try await form(req, failedForm: "walk-in", page: stopPage(req, stop.id)) { values in
            let (registrant, sessions) = try ForumForms.registrant(values, language: Language(rawValue: values["language"] ?? "") ?? req.localizer.language)
            let registration = try await req.forumRegistrations.register(stopID: stop.id, registrant, sessionIDs: sessions, channel: "door",
                                                                         audit: req.auditEntry(.create, "forum_registration"))
            return "/forum/tickets/\(registration.ticket.value)"
        }
    }
}
