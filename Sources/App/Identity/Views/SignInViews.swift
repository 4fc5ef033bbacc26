import HTML

/// Pages of signing in: staff by password, entrepreneurs by a code sent to their phone.
enum SignInViews {
    struct LoginForm {
        var email = ""
        var next: String?
        var errors: [String: FieldProblem] = [:]
        var alert: String?
    }

    static func home(_ context: PageContext) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("home.title"), """
        <h1>\(t("home.title"))</h1><p>\(t("home.lead"))</p>\
        <div class="cta">\
        <section class="card"><h2>\(t("home.entrepreneur_title"))</h2><p>\(t("home.entrepreneur_text"))</p>\
        <a class="button" href="/phone">\(t("nav.entrepreneur_sign_in"))</a></section>\
        <section class="card"><h2>\(t("home.staff_title"))</h2><p>\(t("home.staff_text"))</p>\
        <a class="button" href="/login">\(t("nav.staff_sign_in"))</a></section>\
        </div>
        """)
    }

    static func login(_ context: PageContext, _ form: LoginForm) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("login.title"), """
        <div class="narrow"><h1>\(t("login.title"))</h1>\
        \(Components.alert(form.alert))\(form.alert == nil ? Components.formErrors(form.errors, t) : HTML())\
        <form id="login-form" class="card" method="post" action="/login" novalidate>\(Components.csrf(context))\
        \(form.next.map { HTML("<input type=\"hidden\" name=\"next\" value=\"\($0)\">") })\
        \(Components.field(.init(name: "email", label: t("login.email"), type: "email", value: form.email, autocomplete: "username", direction: "ltr"), errors: form.errors, t))\
        \(Components.field(.init(name: "password", label: t("login.password"), type: "password", autocomplete: "current-password"), errors: form.errors, t))\
        \(Components.submit(t("login.submit")))</form>\
        <p><a href="/phone">\(t("login.entrepreneur_link"))</a></p></div>
        """)
    }

    static func phone(_ context: PageContext, phone: String, errors: [String: FieldProblem]) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("phone.title"), """
        <div class="narrow"><h1>\(t("phone.title"))</h1><p>\(t("phone.lead"))</p>\
        \(Components.formErrors(errors, t))\
        <form id="phone-form" class="card" method="post" action="/phone" novalidate>\(Components.csrf(context))\
        \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", value: phone, hint: "\(t("phone.hint")) <bdi dir=\"ltr\">06 12 34 56 78</bdi> · <bdi dir=\"ltr\">+212 6 12 34 56 78</bdi>", autocomplete: "tel", inputmode: "tel", direction: "ltr"), errors: errors, t))\
        \(Components.submit(t("phone.submit")))</form></div>
        """)
    }

    static func verify(_ context: PageContext, phone: String, display: String, errors: [String: FieldProblem], notice: String?) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("verify.title"), """
        <div class="narrow"><h1>\(t("verify.title"))</h1>\
        \(Components.notice(notice))\(Components.formErrors(errors, t))\
        <p>\(t("verify.lead", ["phone": display]))</p>\
        <form id="code-form" class="card" method="post" action="/phone/verify" novalidate>\(Components.csrf(context))\
        <input type="hidden" name="phone" value="\(phone)">\
        \(Components.field(.init(name: "code", label: t("verify.code"), hint: "\(t("verify.hint"))", autocomplete: "one-time-code", inputmode: "numeric", direction: "ltr"), errors: errors, t))\
        \(Components.submit(t("verify.submit")))</form>\
        <p><a href="/phone">\(t("verify.again"))</a></p></div>
        """)
    }
}
