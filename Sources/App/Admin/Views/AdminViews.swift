import HTML

enum AdminViews {
    typealias Choice = (value: String, label: String)

    struct NewUserForm {
        var email = ""
        var displayName = ""
        var role = Role.advisor.rawValue
        var scope = "national"
        var errors: [String: FieldProblem] = [:]
    }

    static func roleChoices(_ t: Localizer) -> [Choice] {
        Role.allCases.filter { $0 != .entrepreneur }.map { ($0.rawValue, t($0.localeKey)) }
    }

    static func users(_ context: PageContext, users: [AdminQueries.UserRow], search: String, form: NewUserForm, scopes: [Choice], notice: String?) -> HTML {
        let t = context.t
        let rows: [HTML] = users.map { user in
            """
            <tr><td><a href="/admin/users/\(user.id)">\(user.display_name)</a></td><td class="ltr">\(user.email ?? user.phone ?? "")</td>\
            <td>\(user.roles ?? "")</td><td>\(user.is_active ? t("admin.users.active") : t("admin.users.inactive"))</td></tr>
            """
        }
        return Layout.page(context, title: t("admin.users.title"), """
        <h1>\(t("admin.users.title"))</h1>\(Components.notice(notice))\
        <p class="actions"><a href="/admin/audit">\(t("admin.audit.title"))</a><a href="/admin/tokens">\(t("admin.tokens.title"))</a><a href="/admin/instruments">\(t("instrument.title"))</a><a href="/admin/measures">\(t("measure.admin_title"))</a><a href="/admin/tools">\(t("coaching.admin.title"))</a></p>\
        <form method="get" action="/admin/users" class="filters" role="search">\
        \(Components.field(.init(name: "q", label: t("admin.users.search"), type: "search", value: search, required: false), errors: [:], t))\
        <div class="field">\(Components.submit(t("admin.users.search_submit")))</div></form>\
        <div class="table-wrap"><table id="users"><thead><tr><th scope="col">\(t("admin.users.name"))</th><th scope="col">\(t("admin.users.login"))</th>\
        <th scope="col">\(t("admin.users.roles"))</th><th scope="col">\(t("admin.users.status"))</th></tr></thead><tbody>\(rows)</tbody></table></div>\
        <h2>\(t("admin.users.create"))</h2>\(Components.formErrors(form.errors, t))\
        <form id="user-form" class="card" method="post" action="/admin/users" novalidate>\(Components.csrf(context))\
        \(Components.field(.init(name: "email", label: t("login.email"), type: "email", value: form.email, autocomplete: "off", direction: "ltr"), errors: form.errors, t))\
        \(Components.field(.init(name: "display_name", label: t("admin.users.name"), value: form.displayName), errors: form.errors, t))\
        \(Components.field(.init(name: "password", label: t("login.password"), type: "password", hint: "\(t("password.rule", ["min": String(IdentityService.minimumPasswordLength)]))", autocomplete: "new-password"), errors: form.errors, t))\
        \(Components.select(name: "role", label: t("admin.users.role"), options: roleChoices(t), selected: form.role, errors: form.errors, t))\
        \(Components.select(name: "scope", label: t("admin.users.scope"), options: scopes, selected: form.scope, errors: form.errors, t))\
        \(Components.submit(t("admin.users.create_submit")))</form>
        """)
    }

    static func user(_ context: PageContext, user: User, memberships: [AdminQueries.MembershipRow], scopes: [Choice], errors: [String: FieldProblem]) -> HTML {
        let t = context.t
        let scopeLabels = Dictionary(scopes.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        let userID = user.id ?? 0
        let rows: [HTML] = memberships.map { membership in
            let key = membership.scope_id.map { "\(membership.scope_kind):\($0)" } ?? membership.scope_kind
            return """
            <tr><td>\(t("role.\(membership.role)"))</td><td>\(scopeLabels[key] ?? t("scope.\(membership.scope_kind)"))</td>\
            <td><form method="post" action="/admin/users/\(userID)/memberships/\(membership.id)/delete">\(Components.csrf(context))\
            <button type="submit" class="secondary">\(t("admin.users.remove"))</button></form></td></tr>
            """
        }
        return Layout.page(context, title: user.displayName, """
        <p><a href="/admin/users">\(t("admin.users.title"))</a></p><h1>\(user.displayName)</h1>\
        <section class="card"><dl class="facts"><dt>\(t("login.email"))</dt><dd class="ltr">\(user.email ?? "")</dd>\
        <dt>\(t("me.phone"))</dt><dd class="ltr">\(user.phone ?? "")</dd>\
        <dt>\(t("admin.users.status"))</dt><dd>\(user.isActive ? t("admin.users.active") : t("admin.users.inactive"))</dd></dl>\
        <form method="post" action="/admin/users/\(userID)/\(user.isActive ? "deactivate" : "activate")">\(Components.csrf(context))\
        <button type="submit" class="\(user.isActive ? "danger" : "secondary")">\(user.isActive ? t("admin.users.deactivate") : t("admin.users.activate"))</button></form></section>\
        <h2>\(t("admin.users.memberships"))</h2>\
        <div class="table-wrap"><table id="memberships"><thead><tr><th scope="col">\(t("admin.users.role"))</th><th scope="col">\(t("admin.users.scope"))</th><th scope="col"><span class="muted">\(t("admin.users.actions"))</span></th></tr></thead><tbody>\(rows)</tbody></table></div>\
        <h2>\(t("admin.users.add_membership"))</h2>\(Components.formErrors(errors, t))\
        <form id="membership-form" class="card" method="post" action="/admin/users/\(userID)/memberships">\(Components.csrf(context))\
        \(Components.select(name: "role", label: t("admin.users.role"), options: roleChoices(t), selected: nil, errors: errors, t))\
        \(Components.select(name: "scope", label: t("admin.users.scope"), options: scopes, selected: nil, errors: errors, t))\
        \(Components.submit(t("admin.users.add_membership")))</form>
        """)
    }

    static func audit(_ context: PageContext, rows: [AdminQueries.AuditRow], filter: [String: String], olderLink: String?, downloadLink: String) -> HTML {
        let t = context.t
        let actions: [Choice] = [("", t("admin.audit.any"))] + AuditAction.allCases.map { ($0.rawValue, t("audit.\($0.rawValue)")) }
        let lines: [HTML] = rows.map { row in
            """
            <tr><td>\(t.dateTime(row.at))</td><td class="ltr">\(row.actor_label)</td><td>\(t("audit.\(row.action)"))</td>\
            <td>\(row.entity) \(row.entity_id ?? "")</td><td>\(row.summary)</td><td class="ltr">\(row.address ?? "")</td></tr>
            """
        }
        return Layout.page(context, title: t("admin.audit.title"), """
        <h1>\(t("admin.audit.title"))</h1>\
        <form method="get" action="/admin/audit" class="filters card" role="search">\
        \(Components.field(.init(name: "actor", label: t("admin.audit.actor"), value: filter["actor"], required: false), errors: [:], t))\
        \(Components.select(name: "action", label: t("admin.audit.action"), options: actions, selected: filter["action"], errors: [:], t))\
        \(Components.field(.init(name: "entity", label: t("admin.audit.entity"), value: filter["entity"], required: false), errors: [:], t))\
        \(Components.field(.init(name: "entity_id", label: t("admin.audit.entity_id"), value: filter["entity_id"], required: false), errors: [:], t))\
        \(Components.field(.init(name: "from", label: t("admin.audit.from"), type: "date", value: filter["from"], required: false), errors: [:], t))\
        \(Components.field(.init(name: "until", label: t("admin.audit.until"), type: "date", value: filter["until"], required: false), errors: [:], t))\
        <div class="field">\(Components.submit(t("admin.audit.filter")))</div></form>\
        <p><a href="\(downloadLink)" download>\(t("admin.audit.download"))</a></p>\
        <div class="table-wrap"><table id="audit"><thead><tr><th scope="col">\(t("admin.audit.when"))</th><th scope="col">\(t("admin.audit.actor"))</th>\
        <th scope="col">\(t("admin.audit.action"))</th><th scope="col">\(t("admin.audit.entity"))</th><th scope="col">\(t("admin.audit.summary"))</th>\
        <th scope="col">\(t("admin.audit.address"))</th></tr></thead><tbody>\(lines)</tbody></table></div>\
        <nav class="pager" aria-label="\(t("list.pages"))"><span></span>\(olderLink.map { HTML("<a rel=\"next\" href=\"\($0)\">\(t("list.older"))</a>") })</nav>
        """)
    }

    static func tokens(_ context: PageContext, tokens: [AdminQueries.TokenRow], memberships: [Choice], created: String?, errors: [String: FieldProblem]) -> HTML {
        let t = context.t
        let rows: [HTML] = tokens.map { token in
            let revoke: HTML = token.revoked_at == nil ? """
                <form method="post" action="/admin/tokens/\(token.id)/revoke">\(Components.csrf(context))<button type="submit" class="danger">\(t("admin.tokens.revoke"))</button></form>
                """ : "\(t("admin.tokens.revoked")) \(t.date(token.revoked_at!))"
            return """
            <tr><td>\(token.name)</td><td class="ltr"><code>\(token.prefix)…</code></td><td class="ltr">\(token.user_label)</td><td>\(t("role.\(token.role)"))</td>\
            <td>\(token.last_used_at.map { t.dateTime($0) } ?? "—")</td><td>\(revoke)</td></tr>
            """
        }
        let shown: HTML = created.map { secret in
            """
            <div class="notice" role="status"><p>\(t("admin.tokens.created"))</p><p class="secret" data-testid="new-token">\(secret)</p></div>
            """
        } ?? HTML()
        return Layout.page(context, title: t("admin.tokens.title"), """
        <h1>\(t("admin.tokens.title"))</h1>\(shown)<p>\(t("admin.tokens.lead"))</p>\
        <div class="table-wrap"><table id="tokens"><thead><tr><th scope="col">\(t("admin.tokens.name"))</th><th scope="col">\(t("admin.tokens.prefix"))</th>\
        <th scope="col">\(t("admin.tokens.user"))</th><th scope="col">\(t("admin.users.role"))</th><th scope="col">\(t("admin.tokens.last_used"))</th>\
        <th scope="col"><span class="muted">\(t("admin.users.actions"))</span></th></tr></thead><tbody>\(rows)</tbody></table></div>\
        <h2>\(t("admin.tokens.create"))</h2>\(Components.formErrors(errors, t))\
        <form id="token-form" class="card" method="post" action="/admin/tokens" novalidate>\(Components.csrf(context))\
        \(Components.field(.init(name: "name", label: t("admin.tokens.name")), errors: errors, t))\
        \(Components.select(name: "membership_id", label: t("admin.tokens.acts_as"), options: memberships, selected: nil, errors: errors, t))\
        \(Components.submit(t("admin.tokens.create")))</form>
        """)
    }

    static func outbox(_ context: PageContext, rows: [AdminQueries.OutboxRow]) -> HTML {
        let t = context.t
        let lines: [HTML] = rows.map { row in
            "<tr><td>\(t.dateTime(row.created_at))</td><td>\(row.channel)</td><td class=\"ltr\">\(row.recipient)</td><td>\(row.body)</td><td>\(row.status)</td></tr>"
        }
        return Layout.page(context, title: t("outbox.title"), """
        <h1>\(t("outbox.title"))</h1><p>\(t("outbox.lead"))</p>\
        <div class="table-wrap"><table id="outbox"><thead><tr><th scope="col">\(t("admin.audit.when"))</th><th scope="col">\(t("outbox.channel"))</th>\
        <th scope="col">\(t("outbox.recipient"))</th><th scope="col">\(t("outbox.message"))</th><th scope="col">\(t("admin.users.status"))</th></tr></thead>\
        <tbody>\(lines)</tbody></table></div>
        """)
    }
}
