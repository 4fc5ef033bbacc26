import Domain
import Foundation
import HTML
import Vapor

/// The forum's public pages: the edition's stops, a stop's agenda with registration, the ticket and its seats, and a
/// calendar feed per stop. Light pages without script, for a phone on a weak connection.
struct ForumWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("forum", use: index)
        routes.get("forum", "stops", ":stop", use: stop)
        routes.post("forum", "stops", ":stop", "register", use: register)
        routes.get("forum", "stops", ":stop", "calendar.ics", use: calendar)
        routes.get("forum", "speakers", ":speaker", use: speaker)
        routes.get("forum", "partners", ":partner", use: partner)
        routes.get("forum", "tickets", ":code", use: ticket)
        routes.post("forum", "tickets", ":code", "seats", ":seat", "cancel", use: cancel)
        routes.post("forum", "tickets", ":code", "seats", ":seat", "confirm", use: confirm)
    }

    func index(req: Request) async throws -> HTML {
        ForumViews.index(req.page, try await ForumProgramme(sql: req.sql).stops())
    }

    private func stop(_ req: Request) async throws -> ForumProgramme.Stop {
        guard let id = req.parameters.get("stop", as: Int.self), let stop = try await ForumProgramme(sql: req.sql).stop(id) else { throw AppError.notFound }
        return stop
    }

    func stop(req: Request) async throws -> HTML { ForumViews.stop(req.page, try await stop(req), values: try await prefill(req), errors: [:]) }

    /// A signed-in entrepreneur registers without typing again what their file already says.
    private func prefill(_ req: Request) async throws -> [String: String] {
        guard let actor = req.actor, actor.has(.entrepreneur) else { return [:] }
        struct Row: Decodable { let id: Int; let first_name: String; let last_name: String; let phone: String?; let gender: String }
        guard let row = try await req.sql.raw("""
            SELECT id, first_name, last_name, phone, gender FROM beneficiaries WHERE user_id = \(bind: actor.userID) AND anonymised_at IS NULL ORDER BY id LIMIT 1
            """).first(decoding: Row.self) else { return actor.phone.map { ["phone": $0] } ?? [:] }
        try await req.audit(.read, "beneficiary", id: row.id, "own details for forum registration")
        return ["first_name": row.first_name, "last_name": row.last_name, "phone": row.phone ?? actor.phone ?? "", "gender": row.gender]
    }

    func speaker(req: Request) async throws -> HTML {
        guard let id = req.parameters.get("speaker", as: Int.self), let profile = try await ForumProgramme(sql: req.sql).speakerProfile(id) else {
            throw AppError.notFound
        }
        return ForumProfileViews.speaker(req.page, profile)
    }

    func partner(req: Request) async throws -> HTML {
        guard let id = req.parameters.get("partner", as: Int.self), let profile = try await ForumProgramme(sql: req.sql).partnerProfile(id) else {
            throw AppError.notFound
        }
        return ForumProfileViews.partner(req.page, profile.partner, stops: profile.stops)
    }

    func register(req: Request) async throws -> Response {
        let stop = try await stop(req)
        let values = try req.content.decode([String: String].self)
        do {
            let (registrant, sessions) = try ForumForms.registrant(values, language: req.localizer.language)
            let registration = try await req.forumRegistrations.register(stopID: stop.id, registrant, sessionIDs: sessions, channel: "web",
                                                                         limits: ForumForms.limits(registrant, on: req), audit: req.auditEntry(.create, "forum_registration"))
            return req.redirect(to: "/forum/tickets/\(registration.ticket.value)")
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await HTMLPage(status: .unprocessableEntity, body: ForumViews.stop(req.page, stop, values: values, errors: error.fields))
                .encodeResponse(for: req)
        }
    }

    func calendar(req: Request) async throws -> Response {
        let stop = try await stop(req)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"forum-\(stop.id).ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: ForumCalendar.feed(stop, language: req.localizer.language,
                                                                                                baseURL: req.application.config.baseURL)))
    }

    private func ticket(_ req: Request) async throws -> ForumTickets.Ticket {
        guard let code = req.parameters.get("code").flatMap(TicketCode.init(reading:)),
              let ticket = try await ForumTickets(sql: req.sql).find(code) else { throw AppError.notFound }
        return ticket
    }

    func ticket(req: Request) async throws -> HTML {
        let ticket = try await ticket(req)
        guard let stop = try await ForumProgramme(sql: req.sql).stop(ticket.stopID) else { throw AppError.notFound }
        return ForumViews.ticket(req.page, ticket, stop: stop, notice: nil)
    }

    func cancel(req: Request) async throws -> Response {
        try await change(req) { registrations, ticket, seat in try await registrations.cancel(seatID: seat, registrationID: ticket.registrationID) }
    }

    func confirm(req: Request) async throws -> Response {
        try await change(req) { registrations, ticket, seat in try await registrations.confirmOffer(seatID: seat, registrationID: ticket.registrationID) }
    }

    /// A seat change from the ticket page; one that came too late (an offer run out, a seat already given up) shows the
    /// ticket again with the reason (409).
    private func change(_ req: Request, _ body: (ForumRegistrations, ForumTickets.Ticket, Int) async throws -> Void) async throws -> Response {
        let ticket = try await ticket(req)
        guard let seat = req.parameters.get("seat", as: Int.self) else { throw AppError.notFound }
        do {
            try await body(req.forumRegistrations, ticket, seat)
            return req.redirect(to: "/forum/tickets/\(ticket.code.value)")
        } catch let error as AppError where error.status == .conflict {
            let fresh = try await ForumTickets(sql: req.sql).find(ticket.code) ?? ticket
            guard let stop = try await ForumProgramme(sql: req.sql).stop(ticket.stopID) else { throw AppError.notFound }
            return try await HTMLPage(status: .conflict, body: ForumViews.ticket(req.page, fresh, stop: stop, notice: req.localizer("forum.too_late")))
                .encodeResponse(for: req)
        }
    }
}
