import Foundation
import HTML

/// Public pages of the forum's speakers and partner institutions: who they are and where to meet them.
enum ForumProfileViews {
    static func speaker(_ context: PageContext, _ profile: ForumProgramme.SpeakerProfile) -> HTML {
        let t = context.t
        let bio = profile.bio[context.language]
        let sessions: [HTML] = profile.sessions.map { session in
            """
            <li class="card"><p class="muted"><time datetime="\(session.starts_at.formatted(.iso8601))">\(t.date(session.starts_at)) · \
            \(t.time(session.starts_at))</time> · \(session.city)</p>\
            <a href="/forum/stops/\(session.stop_id)#session-\(session.id)">\(session.title[context.language])</a></li>
            """
        }
        return Layout.page(context, title: "\(t("forum.title")) · \(profile.speaker.name)", """
        <p><a href="/forum">\(t("forum.title"))</a></p><h1>\(profile.speaker.name)</h1>\
        \(profile.speaker.organisation.map { HTML("<p class=\"muted\">\($0)</p>") })\(bio.isEmpty ? HTML() : HTML("<p id=\"bio\">\(bio)</p>"))\
        <h2>\(t("forum.speaker_sessions"))</h2>\
        \(sessions.isEmpty ? HTML("<p class=\"muted\">\(t("forum.no_session"))</p>") : HTML("<ol id=\"speaker-sessions\" class=\"plain\">\(sessions)</ol>"))
        """)
    }

    static func partner(_ context: PageContext, _ partner: ForumProgramme.Partner, stops: [ForumProgramme.Stop]) -> HTML {
        let t = context.t
        let items: [HTML] = stops.map { stop in
            "<li class=\"card\"><a href=\"/forum/stops/\(stop.id)\">\(stop.city)</a> · \(stop.regionName[context.language]) · \(ForumViews.day(stop.startsOn, t))</li>"
        }
        return Layout.page(context, title: "\(t("forum.title")) · \(partner.name)", """
        <p><a href="/forum">\(t("forum.title"))</a></p><h1>\(partner.name)</h1>\
        <h2>\(t("forum.partner_stops"))</h2><ol id="partner-stops" class="plain">\(items)</ol>\
        <p><a href="/measures">\(t("forum.partner_measures"))</a></p>
        """)
    }
}
