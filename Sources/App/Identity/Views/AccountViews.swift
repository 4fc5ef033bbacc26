import HTML

/// A signed-in person's own pages.
enum AccountViews {
    static func me(_ context: PageContext, actor: Actor, name: String, errors: [String: FieldProblem], notice: String?) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("me.title"), """
        <h1>\(t("me.title"))</h1>\(Components.notice(notice))\(Components.formErrors(errors, t))\
        <section class="card"><dl class="facts">\
        <dt>\(t("me.name"))</dt><dd data-testid="user-name">\(actor.displayName)</dd>\
        <dt>\(t("me.phone"))</dt><dd><span class="ltr" data-testid="user-phone">\(actor.phone ?? "")</span></dd>\
        </dl></section>\
        <form id="profile-form" class="card" method="post" action="/me" novalidate>\(Components.csrf(context))\
        \(Components.field(.init(name: "display_name", label: t("me.your_name"), value: name, hint: "\(t("me.name_hint"))", autocomplete: "name"), errors: errors, t))\
        \(Components.submit(t("me.save")))</form>\
        <p><a class="button" href="/me/data">\(t("rights.title"))</a></p><p>\(t("me.next_steps"))</p>
        """)
    }

    static func dashboard(_ context: PageContext, actor: Actor, scopeNames: [String: String]) -> HTML {
        let t = context.t
        let grants: [HTML] = actor.grants.map { grant in
            "<li>\(t(grant.role.localeKey)) · \(scopeNames[Self.scopeKey(grant.scope)] ?? t("scope.\(grant.scope.kind.rawValue)"))</li>"
        }
        var shortcuts: [HTML] = []
        if Policy.allows(actor, .readBeneficiaries) { shortcuts.append("<a class=\"button\" href=\"/beneficiaries\">\(t("nav.beneficiaries"))</a>") }
        if Policy.allows(actor, .manageUsers) { shortcuts.append("<a class=\"button\" href=\"/admin/users\">\(t("admin.users.title"))</a>") }
        if Policy.allows(actor, .viewAudit) { shortcuts.append("<a class=\"button\" href=\"/admin/audit\">\(t("admin.audit.title"))</a>") }
        if Policy.allows(actor, .manageTokens) { shortcuts.append("<a class=\"button\" href=\"/admin/tokens\">\(t("admin.tokens.title"))</a>") }
        return Layout.page(context, title: t("dashboard.title"), """
        <h1>\(t("dashboard.welcome")) <span data-testid="user-name">\(actor.displayName)</span></h1>\
        <section class="card"><h2>\(t("dashboard.roles"))</h2><ul>\(grants)</ul></section>\
        <div class="actions">\(shortcuts)<a href="/account/password">\(t("password.title"))</a></div>
        """)
    }

    static func scopeKey(_ scope: Scope) -> String { "\(scope.kind.rawValue):\(scope.targetID ?? 0)" }

    static func password(_ context: PageContext, errors: [String: FieldProblem], notice: String?) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("password.title"), """
        <div class="narrow"><h1>\(t("password.title"))</h1>\
        \(Components.notice(notice))\(Components.formErrors(errors, t))\
        <form id="password-form" class="card" method="post" action="/account/password" novalidate>\(Components.csrf(context))\
        \(Components.field(.init(name: "current", label: t("password.current"), type: "password", autocomplete: "current-password"), errors: errors, t))\
        \(Components.field(.init(name: "new", label: t("password.new"), type: "password", hint: "\(t("password.rule", ["min": String(IdentityService.minimumPasswordLength)]))", autocomplete: "new-password"), errors: errors, t))\
        \(Components.field(.init(name: "confirm", label: t("password.confirm"), type: "password", autocomplete: "new-password"), errors: errors, t))\
        \(Components.submit(t("password.submit")))</form></div>
        """)
    }
}
