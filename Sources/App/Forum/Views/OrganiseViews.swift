import Domain
import Foundation
import HTML

/// The organisers' pages: the programme as forms, one per stop and per session.
enum OrganiseViews {
    struct Context {
        let editions: [ForumOrganisation.Edition]
        let stops: [ForumProgramme.Stop]
        let regions: [TerritoryQueries.RegionRow]
        let partners: [TerritoryQueries.PartnerRow]
        let speakers: [ForumOrganisation.Speaker]
    }

    struct Failed {
        var form: String
        var values: [String: String]
        var errors: [String: FieldProblem]
    }

    private static func mine(_ failed: Failed?, _ form: String) -> Failed? { failed?.form == form ? failed : nil }

    static func index(_ context: PageContext, _ data: Context, failed: Failed?) -> HTML {
        let t = context.t
        let stops: [HTML] = data.stops.map { "<li><a href=\"/organise/stops/\($0.id)\">\($0.city) · \($0.startsOn)</a> · \(t("forum.edition", ["number": String($0.editionNumber), "year": String($0.year)]))</li>" }
        let speakers: [HTML] = data.speakers.map { "<li><a href=\"/forum/speakers/\($0.id)\">\($0.name)</a>\($0.organisation.map { HTML(" · \($0)") })</li>" }
        let edition = mine(failed, "edition"), speaker = mine(failed, "speaker")
        return Layout.page(context, title: t("organise.title"), """
        <h1>\(t("organise.title"))</h1><ul id="organised-stops">\(stops)</ul>\
        <p><a href="/organise/survey" id="survey-editor-link">\(t("forum.survey.editor"))</a></p>\
        <section class="card"><h2>\(t("organise.new_stop"))</h2>\(stopForm(context, data, action: "/organise/stops", values: mine(failed, "stop")?.values ?? [:],
                                                                            errors: mine(failed, "stop")?.errors ?? [:], withEdition: true, id: "stop-new"))</section>\
        <section class="card"><h2>\(t("organise.new_edition"))</h2><form method="post" action="/organise/editions" id="edition-new">\(Components.csrf(context))\
        \(Components.formErrors(edition?.errors ?? [:], t))\
        \(Components.field(.init(name: "number", label: t("organise.edition_number"), value: edition?.values["number"], inputmode: "numeric", idPrefix: "e-"), errors: edition?.errors ?? [:], t))\
        \(Components.field(.init(name: "year", label: t("organise.year"), value: edition?.values["year"], inputmode: "numeric", idPrefix: "e-"), errors: edition?.errors ?? [:], t))\
        \(Components.submit(t("organise.create_edition")))</form></section>\
        <section class="card" id="speakers"><h2>\(t("organise.speakers"))</h2><ul>\(speakers)</ul>\
        <form method="post" action="/organise/speakers" id="speaker-new">\(Components.csrf(context))\(Components.formErrors(speaker?.errors ?? [:], t))\
        \(Components.field(.init(name: "name", label: t("instrument.name"), value: speaker?.values["name"], idPrefix: "s-"), errors: speaker?.errors ?? [:], t))\
        \(Components.field(.init(name: "organisation", label: t("organise.organisation"), value: speaker?.values["organisation"], required: false, idPrefix: "s-"), errors: speaker?.errors ?? [:], t))\
        \(Components.textarea(name: "bio_fr", label: t("organise.bio_fr"), value: speaker?.values["bio_fr"], errors: speaker?.errors ?? [:], idPrefix: "s-", t))\
        \(Components.textarea(name: "bio_ar", label: t("organise.bio_ar"), value: speaker?.values["bio_ar"], errors: speaker?.errors ?? [:], idPrefix: "s-", t))\
        \(Components.submit(t("organise.add_speaker")))</form></section>
        """)
    }

    private static func stopForm(_ context: PageContext, _ data: Context, action: String, values: [String: String], errors e: [String: FieldProblem],
                                 withEdition: Bool, id: String) -> HTML {
        let t = context.t
        let editions = data.editions.map { (String($0.id), t("forum.edition", ["number": String($0.number), "year": String($0.year)])) }
        let regions = data.regions.map { (String($0.id), context.language == .ar ? $0.name_ar : $0.name_fr) }
        let partners: [HTML] = data.partners.map {
            Components.checkbox(name: "partner_\($0.id)", label: $0.name, checked: values["partner_\($0.id)"] != nil, errors: [:], idPrefix: "\(id)-", t)
        }
        return """
        <form method="post" action="\(action)" id="\(id)">\(Components.csrf(context))\(Components.formErrors(e, t))\
        \(withEdition ? Components.select(name: "edition_id", label: t("organise.edition"), options: editions, selected: values["edition_id"], errors: e, idPrefix: "\(id)-", t) : HTML())\
        \(Components.select(name: "region_id", label: t("beneficiaries.region"), options: regions, selected: values["region_id"], errors: e, idPrefix: "\(id)-", t))\
        \(Components.field(.init(name: "city", label: t("organise.city"), value: values["city"], idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "venue", label: t("organise.venue"), value: values["venue"], idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "starts_on", label: t("organise.starts_on"), type: "date", value: values["starts_on"], idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "ends_on", label: t("organise.ends_on"), type: "date", value: values["ends_on"], idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "offer_hours", label: t("organise.offer_hours"), value: values["offer_hours"] ?? "24", inputmode: "numeric", idPrefix: "\(id)-"), errors: e, t))\
        \(Components.checkbox(name: "mini_forum", label: t("forum.mini_forum"), checked: values["mini_forum"] != nil, errors: e, idPrefix: "\(id)-", t))\
        <fieldset class="checks"><legend>\(t("forum.partners"))</legend>\(partners)</fieldset>\(Components.submit(t("instrument.save")))</form>
        """
    }

    static func sessionValues(_ session: ForumProgramme.Session) -> [String: String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.morocco
        let start = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: session.startsAt)
        let end = calendar.dateComponents([.hour, .minute], from: session.endsAt)
        var values = ["kind": session.kind.rawValue, "theme": session.theme ?? "", "title_fr": session.title.fr, "title_ar": session.title.ar,
                      "title_en": session.title.en, "room": session.room, "capacity": String(session.capacity),
                      "day": String(format: "%04d-%02d-%02d", start.year!, start.month!, start.day!),
                      "starts_at": String(format: "%02d:%02d", start.hour!, start.minute!), "ends_at": String(format: "%02d:%02d", end.hour!, end.minute!)]
        for speaker in session.speakers { values["speaker_\(speaker.id)"] = "on" }
        return values
    }

    private static func sessionForm(_ context: PageContext, _ data: Context, action: String, values: [String: String], errors e: [String: FieldProblem],
                                    id: String) -> HTML {
        let t = context.t
        let kinds = ForumProgramme.SessionKind.allCases.map { ($0.rawValue, t("forum.kind.\($0.rawValue)")) }
        let themes = [("", "—")] + ThemeTaxonomy.shipped.themes.map { ($0.code, $0.names[context.language] ?? $0.code) }
        let speakers: [HTML] = data.speakers.map {
            Components.checkbox(name: "speaker_\($0.id)", label: $0.name, checked: values["speaker_\($0.id)"] != nil, errors: [:], idPrefix: "\(id)-", t)
        }
        let titles: [HTML] = [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")].map { language, direction in
            Components.field(.init(name: "title_\(language)", label: "\(t("organise.session_title")) (\(language))", value: values["title_\(language)"],
                                   required: language != "en", direction: direction, idPrefix: "\(id)-"), errors: e, t)
        }
        return """
        <form method="post" action="\(action)" id="\(id)">\(Components.csrf(context))\(Components.formErrors(e, t))\
        \(Components.select(name: "kind", label: t("organise.kind"), options: kinds, selected: values["kind"], errors: e, idPrefix: "\(id)-", t))\
        \(Components.select(name: "theme", label: t("organise.theme"), options: themes, selected: values["theme"], errors: e, idPrefix: "\(id)-", t))\(titles)\
        \(Components.field(.init(name: "room", label: t("organise.room"), value: values["room"], idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "day", label: t("organise.day"), type: "date", value: values["day"], idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "starts_at", label: t("organise.starts_at"), value: values["starts_at"], inputmode: "numeric", direction: "ltr", idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "ends_at", label: t("organise.ends_at"), value: values["ends_at"], inputmode: "numeric", direction: "ltr", idPrefix: "\(id)-"), errors: e, t))\
        \(Components.field(.init(name: "capacity", label: t("organise.capacity"), value: values["capacity"], inputmode: "numeric", idPrefix: "\(id)-"), errors: e, t))\
        <fieldset class="checks"><legend>\(t("organise.speakers"))</legend>\(speakers)</fieldset>\(Components.submit(t("instrument.save")))</form>
        """
    }

    static func stop(_ context: PageContext, _ stop: ForumProgramme.Stop, _ data: Context, failed: Failed?) -> HTML {
        let t = context.t
        var stopValues = ["region_id": String(stop.regionID), "city": stop.city, "venue": stop.venue, "starts_on": stop.startsOn, "ends_on": stop.endsOn,
                          "offer_hours": String(stop.offerHours)]
        if stop.miniForum { stopValues["mini_forum"] = "on" }
        for partner in data.partners where stop.partners.contains(where: { $0.id == partner.id }) { stopValues["partner_\(partner.id)"] = "on" }
        let sessions: [HTML] = stop.sessions.map { session in
            let own = mine(failed, "session-\(session.id)")
            return """
            <details class="card" id="session-\(session.id)"\(own == nil ? HTML() : HTML(" open"))><summary>\(t.time(session.startsAt)) · \(session.title[context.language]) \
            · <span class="muted">\(t("organise.held", ["held": String(session.held), "capacity": String(session.capacity), "waiting": String(session.waiting)]))</span></summary>\
            <p><a href="/organise/sessions/\(session.id)/questions">\(t("forum.questions"))</a></p>\
            \(sessionForm(context, data, action: "/organise/stops/\(stop.id)/sessions/\(session.id)", values: own?.values ?? sessionValues(session),
                          errors: own?.errors ?? [:], id: "s\(session.id)"))</details>
            """
        }
        let newSession = mine(failed, "session-new"), walkIn = mine(failed, "walk-in")
        let choices: [HTML] = stop.sessions.map {
            Components.checkbox(name: "session_\($0.id)", label: "\(t.time($0.startsAt)) · \($0.title[context.language])", checked: walkIn?.values["session_\($0.id)"] != nil,
                                errors: [:], idPrefix: "w-", t)
        }
        let e = walkIn?.errors ?? [:]
        return Layout.page(context, title: "\(t("organise.title")) · \(stop.city)", """
        <p><a href="/organise">\(t("organise.title"))</a> · <a href="/forum/stops/\(stop.id)">\(t("measure.public_page"))</a> · \
        <a href="/door/stops/\(stop.id)">\(t("door.title"))</a> · <a href="/door/stops/\(stop.id)/attendance">\(t("door.attendance"))</a></p>\
        <p><a href="/organise/stops/\(stop.id)/questions">\(t("forum.report"))</a> · <a href="/organise/stops/\(stop.id)/survey">\(t("forum.survey.title"))</a></p><p id="exports">\(t("forum.export.registrations")) : <a href="/organise/stops/\(stop.id)/registrations.csv">CSV</a> · \
        <a href="/organise/stops/\(stop.id)/registrations.xlsx">XLSX</a> — \(t("door.attendance")) : <a href="/organise/stops/\(stop.id)/attendance.csv">CSV</a> · \
        <a href="/organise/stops/\(stop.id)/attendance.xlsx">XLSX</a> — \(t("forum.questions")) : <a href="/organise/stops/\(stop.id)/questions.csv">CSV</a> · \
        <a href="/organise/stops/\(stop.id)/questions.xlsx">XLSX</a></p>\
        <h1>\(stop.city) · \(stop.startsOn)</h1>\
        <section class="card" id="walk-in"><h2>\(t("organise.walk_in"))</h2>\
        <form method="post" action="/organise/stops/\(stop.id)/walk-ins" id="walk-in-form">\(Components.csrf(context))\(Components.formErrors(e, t))\
        \(Components.field(.init(name: "first_name", label: t("registry.first_name"), value: walkIn?.values["first_name"], idPrefix: "w-"), errors: e, t))\
        \(Components.field(.init(name: "last_name", label: t("registry.last_name"), value: walkIn?.values["last_name"], idPrefix: "w-"), errors: e, t))\
        \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", value: walkIn?.values["phone"], inputmode: "tel", direction: "ltr", idPrefix: "w-"), errors: e, t))\
        \(Components.select(name: "language", label: t("layout.language"), options: Language.allCases.map { ($0.rawValue, $0.endonym) },
                            selected: walkIn?.values["language"] ?? context.language.rawValue, errors: e, idPrefix: "w-", t))\
        <fieldset class="checks"><legend>\(t("forum.agenda"))</legend>\(choices)</fieldset>\
        \(Components.checkbox(name: "consent", label: t("forum.consent"), checked: walkIn?.values["consent"] != nil, errors: e, idPrefix: "w-", t))\
        \(Components.submit(t("forum.register_submit")))</form></section>\
        <h2>\(t("forum.agenda"))</h2><div id="organise-sessions">\(sessions)</div>\
        <section class="card"><h2>\(t("organise.new_session"))</h2>\(sessionForm(context, data, action: "/organise/stops/\(stop.id)/sessions",
                                                                                  values: newSession?.values ?? ["day": stop.startsOn], errors: newSession?.errors ?? [:], id: "session-new"))</section>\
        <section class="card"><h2>\(t("organise.stop_details"))</h2>\(stopForm(context, data, action: "/organise/stops/\(stop.id)",
                                                                             values: mine(failed, "stop")?.values ?? stopValues, errors: mine(failed, "stop")?.errors ?? [:],
                                                                             withEdition: false, id: "stop-edit"))</section>
        """)
    }
}
