import HTML

/// The shell of every page: one stylesheet, no script unless a page asks for one, right-to-left for Arabic.
enum Layout {
    static func page(_ context: PageContext, title: String, scripts: [String] = [], _ content: HTML) -> HTML {
        let t = context.t
        return """
        <html lang="\(context.language.rawValue)" dir="\(context.language.direction)"><head>\
        <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <title>\(title) · Maillage</title>\
        <link rel="stylesheet" href="\(Assets.stylesheetPath)">\
        \(scripts.map { HTML("<script type=\"module\" src=\"\($0)\"></script>") })\
        </head><body>\
        <a class="skip" href="#main">\(t("layout.skip"))</a>\
        <header class="top">\
        <a class="brand" href="/">Maillage</a>\
        \(navigation(context))\
        <nav id="lang" aria-label="\(t("layout.language"))">\(languageLinks(context))</nav>\
        \(signOut(context))\
        </header>\
        <main id="main">\(content)</main>\
        <footer class="foot"><p>\(t("layout.footer"))</p></footer>\
        </body></html>
        """
    }

    private static func navigation(_ context: PageContext) -> HTML {
        let t = context.t
        var links: [HTML] = []
        if let actor = context.actor {
            if actor.has(.entrepreneur) {
                links.append(link("/me", t("nav.me"), context))
                links.append(link("/me/data", t("nav.my_data"), context))
                links.append(link("/measures", t("nav.measures"), context))
                links.append(link("/tools", t("nav.tools"), context))
                links.append(link("/forum", t("nav.forum"), context))
            }
            if actor.grants.contains(where: { $0.role != .entrepreneur }) { links.append(link("/dashboard", t("nav.dashboard"), context)) }
            if Policy.allows(actor, .manageCases) { links.append(link("/cases", t("nav.cases"), context)) }
            if Policy.allows(actor, .readBeneficiaries) { links.append(link("/beneficiaries", t("nav.beneficiaries"), context)) }
            if Policy.allows(actor, .answerReferrals) {
                links.append(link("/referrals", t("nav.referrals"), context))
                links.append(link("/partner/tools", t("nav.shared_tools"), context))
            }
            if Policy.allows(actor, .runCampaigns) { links.append(link("/campaigns", t("nav.campaigns"), context)) }
            if Policy.allows(actor, .organiseForum) { links.append(link("/organise", t("nav.organise"), context)) }
            if Policy.allows(actor, .checkIn) { links.append(link("/door", t("door.title"), context)) }
            if Policy.allows(actor, .manageUsers) { links.append(link("/admin/users", t("nav.admin"), context)) }
        } else {
            links.append(link("/measures", t("nav.measures"), context))
            links.append(link("/tools", t("nav.tools"), context))
            links.append(link("/forum", t("nav.forum"), context))
            links.append(link("/phone", t("nav.entrepreneur_sign_in"), context))
            links.append(link("/login", t("nav.staff_sign_in"), context))
        }
        if context.showDevOutbox, context.actor.map({ Policy.allows($0, .viewDevOutbox) }) ?? false {
            links.append(link("/dev/outbox", t("nav.outbox"), context))
        }
        return "<nav class=\"main-nav\" aria-label=\"\(t("layout.navigation"))\"><ul>\(links.map { HTML("<li>\($0)</li>") })</ul></nav>"
    }

    private static func link(_ href: String, _ label: String, _ context: PageContext) -> HTML {
        let current = context.path == href || context.path.hasPrefix(href + "/")
        return current ? "<a href=\"\(href)\" aria-current=\"page\">\(label)</a>" : "<a href=\"\(href)\">\(label)</a>"
    }

    private static func languageLinks(_ context: PageContext) -> HTML {
        Language.allCases.map { language -> HTML in
            let href = URLEncoding.url("/lang/\(language.rawValue)", [("back", context.back)])
            let current: HTML = language == context.language ? " aria-current=\"true\"" : ""
            return "<a href=\"\(href)\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\"\(current)>\(language.endonym)</a>"
        }.joined()
    }

    private static func signOut(_ context: PageContext) -> HTML {
        guard context.actor != nil else { return HTML() }
        return """
        <form id="logout-form" method="post" action="/logout">\(Components.csrf(context))\
        <button type="submit" class="link">\(context.t("nav.sign_out"))</button></form>
        """
    }
}
