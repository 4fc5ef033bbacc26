import Domain
import Foundation
import HTML

/// Door staff's pages: big green or red answers readable at arm's length, and the stop's live attendance.
enum DoorViews {
    static func message(_ verdict: ForumCheckIns.Verdict, _ t: Localizer) -> String {
        switch verdict {
        case .admitted(let name): t("door.verdict.admitted", ["name": name])
        case .alreadyUsed(let at, let device): t("door.verdict.already_used", ["time": t.time(at), "device": device])
        case .conflict(let at, let device): t("door.verdict.conflict", ["time": t.time(at), "device": device])
        case .cancelled: t("door.verdict.cancelled")
        case .wrongStop(let city): t("door.verdict.wrong_stop", ["city": city])
        case .unknown: t("door.verdict.unknown")
        case .unreadable: t("door.verdict.unreadable")
        }
    }

    static func index(_ context: PageContext, _ stops: [ForumProgramme.Stop]) -> HTML {
        let t = context.t
        let items: [HTML] = stops.map { "<li><a href=\"/door/stops/\($0.id)\">\($0.city) · \($0.startsOn)</a></li>" }
        return Layout.page(context, title: t("door.title"), "<h1>\(t("door.title"))</h1><ul id=\"door-stops\">\(items)</ul>")
    }

    static func page(_ context: PageContext, _ stop: ForumProgramme.Stop, verdict: ForumCheckIns.Verdict?) -> HTML {
        let t = context.t
        let answer: HTML = verdict.map {
            "<p id=\"verdict\" class=\"verdict \($0.admitted ? "go" : "stop")\" data-verdict=\"\($0.code)\" role=\"status\">\(message($0, t))</p>"
        } ?? "<p id=\"verdict\" class=\"verdict\" role=\"status\"></p>"
        let messages: [(String, String)] = [("unknown", t("door.verdict.unknown")), ("used", t("door.offline_used")), ("in", t("door.offline_in")),
                                            ("admitted", t("door.offline_admitted")), ("pending", t("door.pending")),
                                            ("list", t("door.list_ready")), ("kept", t("door.kept_offline")), ("conflicts", t("door.conflicts_found"))]
        let data: [HTML] = messages.map { " data-msg-\($0.0)=\"\($0.1)\"" }
        return Layout.page(context, title: "\(t("door.title")) · \(stop.city)", scripts: [Assets.doorScriptPath], """
        <section id="door" data-stop="\(stop.id)" data-csrf="\(context.csrfToken)"\(data)>\
        <h1>\(t("door.title")) · \(stop.city)</h1>\(answer)\
        <form method="post" action="/door/stops/\(stop.id)/scan" id="scan-form">\(Components.csrf(context))<input type="hidden" name="device" value="browser">\
        \(Components.field(.init(name: "code", label: t("door.code"), autocomplete: "off", direction: "ltr"), errors: [:], t))\
        \(Components.submit(t("door.check")))</form>\
        <p><button type="button" id="camera" class="secondary" hidden>\(t("door.camera"))</button></p><video id="viewfinder" hidden playsinline muted></video>\
        <p id="door-status" class="muted" aria-live="polite"></p><ul id="conflicts" class="warning"></ul>\
        <p><a href="/door/stops/\(stop.id)/attendance">\(t("door.attendance"))</a></p></section>
        """)
    }

    static func attendance(_ context: PageContext, _ stop: ForumProgramme.Stop, _ attendance: ForumCheckIns.Attendance, notice: String?) -> HTML {
        let t = context.t
        let rows: [HTML] = attendance.sessions.map { session in
            let title = LocalizedText(fr: session.title_fr, ar: session.title_ar, en: session.title_en)[context.language]
            return "<tr data-session=\"\(session.id)\"><th scope=\"row\">\(title)</th><td>\(t.number(session.confirmed))</td><td>\(t.number(session.present))</td><td>\(t.number(session.no_shows))</td></tr>"
        }
        return Layout.page(context, title: "\(t("door.attendance")) · \(stop.city)", """
        <p><a href="/door/stops/\(stop.id)">\(t("door.title"))</a></p><h1>\(t("door.attendance")) · \(stop.city)</h1>\(Components.notice(notice))\
        <dl class="facts" id="attendance"><dt>\(t("door.registered"))</dt><dd id="registered">\(t.number(attendance.registered))</dd>\
        <dt>\(t("door.admitted"))</dt><dd id="admitted">\(t.number(attendance.admitted))</dd>\
        <dt>\(t("door.conflicts"))</dt><dd id="conflict-count">\(t.number(attendance.conflicts))</dd></dl>\
        <div class="table-wrap"><table id="session-attendance"><thead><tr><th scope="col">\(t("forum.agenda"))</th><th scope="col">\(t("forum.seat.confirmed"))</th>\
        <th scope="col">\(t("door.present"))</th><th scope="col">\(t("door.no_shows"))</th></tr></thead><tbody>\(rows)</tbody></table></div>\
        <form method="post" action="/door/stops/\(stop.id)/no-shows" id="no-shows">\(Components.csrf(context))\(Components.submit(t("door.mark_no_shows")))</form>
        """)
    }
}
