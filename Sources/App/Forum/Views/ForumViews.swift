import Domain
import Foundation
import HTML

/// The forum's public pages: light, without script, readable on a small phone in French or Arabic.
enum ForumViews {
    /// A stop's day (`YYYY-MM-DD`) as the language writes dates.
    static func day(_ text: String, _ t: Localizer) -> String {
        guard let date = CalendarDate(text).flatMap({ CalendarDate.utc.date(from: DateComponents(year: Int($0.string.prefix(4)),
                                                                                                   month: Int($0.string.dropFirst(5).prefix(2)),
                                                                                                   day: Int($0.string.suffix(2)), hour: 12)) }) else { return text }
        return t.date(date)
    }

    static func index(_ context: PageContext, _ stops: [ForumProgramme.Stop]) -> HTML {
        let t = context.t
        let items: [HTML] = stops.map { stop in
            """
            <li class="stop card"><a href="/forum/stops/\(stop.id)"><strong>\(stop.city)</strong></a> · \(stop.regionName[context.language])\
            <p>\(day(stop.startsOn, t))\(stop.endsOn == stop.startsOn ? HTML() : HTML(" – \(day(stop.endsOn, t))")) · \(stop.venue)\
            \(stop.miniForum ? HTML(" · <span class=\"badge\">\(t("forum.mini_forum"))</span>") : HTML())</p></li>
            """
        }
        let edition: HTML = stops.first.map { "<p class=\"muted\">\(t("forum.edition", ["number": t.number($0.editionNumber), "year": String($0.year)])) · \($0.series[context.language])</p>" } ?? ""
        return Layout.page(context, title: t("forum.title"), """
        <h1>\(t("forum.title"))</h1>\(edition)<p>\(t("forum.lead"))</p>\(ForumMap.svg(stops, context))\
        \(items.isEmpty ? HTML("<p class=\"muted\">\(t("forum.no_stop"))</p>") : HTML("<ol id=\"stops\" class=\"plain\">\(items)</ol>"))
        """)
    }

    static func stop(_ context: PageContext, _ stop: ForumProgramme.Stop, values: [String: String], errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        let language = context.language
        let sessions: [HTML] = stop.sessions.map { session in
            let seats: HTML = session.seatsLeft > 0
                ? "<span class=\"seats ok\" data-left=\"\(session.seatsLeft)\">\(t("forum.seats_left", ["count": t.number(session.seatsLeft)]))</span>"
                : "<span class=\"seats warning\">\(t("forum.full", ["count": t.number(session.waiting)]))</span>"
            let speakers: [HTML] = session.speakers.map { "<a href=\"/forum/speakers/\($0.id)\">\($0.name)</a>\($0.organisation.map { HTML(", \($0)") })" }
            return """
            <li class="session card" id="session-\(session.id)"><p class="muted"><time datetime="\(session.startsAt.formatted(.iso8601))">\
            \(t.time(session.startsAt))</time> – \(t.time(session.endsAt)) · \(session.room) · \(t("forum.kind.\(session.kind.rawValue)"))\
            \(session.theme.map { HTML(" · \(ThemeTaxonomy.shipped.name($0, in: language))") })</p>\
            <h3>\(session.title[language])</h3>\(speakers.isEmpty ? HTML() : HTML("<p class=\"speakers\">\(speakers.joined(separator: " ; "))</p>"))<p>\(seats) · \
            <a href="/forum/sessions/\(session.id)/questions">\(t("forum.questions"))</a></p>\
            \(Components.checkbox(name: "session_\(session.id)", label: t("forum.choose"), checked: values["session_\(session.id)"] != nil, errors: [:], t))</li>
            """
        }
        let genders = Gender.allCases.map { ($0.rawValue, t("gender.\($0.rawValue)")) }
        let partnerLinks: [HTML] = stop.partners.map { "<a href=\"/forum/partners/\($0.id)\">\($0.name)</a>" }
        let partners: HTML = stop.partners.isEmpty ? "" : "<p id=\"partners\">\(t("forum.partners")) : \(partnerLinks.joined(separator: ", "))</p>"
        return Layout.page(context, title: "\(t("forum.title")) · \(stop.city)", """
        <p><a href="/forum">\(t("forum.title"))</a></p><h1>\(stop.city) · \(day(stop.startsOn, t))</h1>\
        <p>\(stop.venue) · \(stop.regionName[language])\(stop.miniForum ? HTML(" · <span class=\"badge\">\(t("forum.mini_forum"))</span>") : HTML())</p>\
        \(partners)<p><a href="/forum/stops/\(stop.id)/calendar.ics" id="calendar">\(t("forum.calendar"))</a></p>\
        <form method="post" action="/forum/stops/\(stop.id)/register" id="register">\(Components.csrf(context))\(Components.formErrors(e, t))\
        <h2>\(t("forum.agenda"))</h2>\(e["sessions"].map { HTML("<p class=\"field-error\" id=\"sessions-error\">\(t($0.key, $0.arguments))</p>") })\
        <ol id="sessions" class="plain">\(sessions)</ol>\
        <h2>\(t("forum.register"))</h2><p class="muted">\(t("forum.register_lead"))</p>\
        \(Components.field(.init(name: "first_name", label: t("forum.first_name"), value: values["first_name"], autocomplete: "given-name"), errors: e, t))\
        \(Components.field(.init(name: "last_name", label: t("forum.last_name"), value: values["last_name"], autocomplete: "family-name"), errors: e, t))\
        \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", value: values["phone"], autocomplete: "tel", inputmode: "tel", direction: "ltr"), errors: e, t))\
        \(Components.select(name: "gender", label: t("registry.gender"), options: genders, selected: values["gender"] ?? Gender.u.rawValue, errors: e, t))\
        \(Components.checkbox(name: "consent", label: t("forum.consent"), checked: values["consent"] != nil, errors: e, t))\
        \(Components.submit(t("forum.register_submit")))</form>
        """)
    }

    static func ticket(_ context: PageContext, _ ticket: ForumTickets.Ticket, stop: ForumProgramme.Stop, notice: String?) -> HTML {
        let t = context.t
        let language = context.language
        let sessions = Dictionary(uniqueKeysWithValues: stop.sessions.map { ($0.id, $0) })
        let seats: [HTML] = ticket.seats.compactMap { seat in
            guard let session = sessions[seat.session_id] else { return nil }
            let status = ForumRegistrations.SeatStatus(rawValue: seat.status) ?? .cancelled
            let action = "/forum/tickets/\(ticket.code.value)/seats/\(seat.id)"
            var actions: [HTML] = []
            if status == .offered {
                actions.append("<form method=\"post\" action=\"\(action)/confirm\" class=\"inline\">\(Components.csrf(context))\(Components.submit(t("forum.accept_offer")))</form>")
            }
            if [.confirmed, .offered, .waiting].contains(status) {
                let label = status == .waiting ? t("forum.leave_list") : t("forum.cancel_seat")
                actions.append("<form method=\"post\" action=\"\(action)/cancel\" class=\"inline\">\(Components.csrf(context))<button type=\"submit\" class=\"secondary\">\(label)</button></form>")
            }
            let until: HTML = seat.offered_until.map { " · \(t("forum.offer_until", ["time": t.dateTime($0)]))" } ?? ""
            return """
            <li class="seat card" data-status="\(status.rawValue)"><p>\(t.time(session.startsAt)) · \(session.title[language])</p>\
            <p><strong class="status">\(t("forum.seat.\(status.rawValue)"))</strong>\(until)</p>\(actions)</li>
            """
        }
        return Layout.page(context, title: t("forum.ticket"), """
        <p><a href="/forum/stops/\(stop.id)">\(stop.city)</a></p><h1>\(t("forum.ticket"))</h1>\(Components.notice(notice))\
        <section class="card ticket"><p>\(ticket.firstName) · \(stop.city) · \(day(stop.startsOn, t))</p>\
        \((try? QRCode(text: ticket.code.value)).map { QRCodeSVG.render($0, label: t("forum.qr_label", ["code": ticket.code.description])) })\
        <p class="ticket-code ltr" dir="ltr" id="ticket-code">\(ticket.code.description)</p><p class="muted">\(t("forum.ticket_lead"))</p></section>\
        <h2>\(t("forum.your_sessions"))</h2><ul id="seats" class="plain">\(seats)</ul>\
        <p><a href="/forum/stops/\(stop.id)">\(t("forum.add_sessions"))</a></p>
        """)
    }
}
