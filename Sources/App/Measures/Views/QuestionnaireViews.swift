import Domain
import HTML

/// The public "am I eligible?" pages: one question at a time, then the measures with their reasons.
enum QuestionnaireViews {
    static func question(_ context: PageContext, field: ProfileField, answers: QuestionnaireAnswers, remaining: Int) -> HTML {
        let t = context.t
        let problem = answers.problem?.field == field ? answers.problem?.problem : nil
        let name = "a_\(field.rawValue)"
        let error: HTML = problem.map { "<p class=\"error field-error\" role=\"alert\" id=\"q-error\">\(t($0.key, $0.arguments))</p>" } ?? HTML()
        let input: HTML
        switch field.kind {
        case .number:
            input = """
            <label for="q-input">\(t("eligibility.question.\(field.rawValue)"))</label>\
            <p class="hint" id="q-hint">\(t("eligibility.hint.\(field.rawValue)"))</p>\
            <input id="q-input" name="\(name)" inputmode="decimal" autocomplete="off" dir="ltr" required aria-describedby="q-hint\(problem == nil ? "" : " q-error")"\(problem == nil ? HTML() : " aria-invalid=\"true\"")>
            """
        case .code, .flag:
            let choices = field.kind == .flag ? [("yes", t("eligibility.yes")), ("no", t("eligibility.no"))] : EligibilityVocabulary.choices(field, t)
            let radios: [HTML] = choices.enumerated().map { index, choice in
                "<label class=\"choice\"><input type=\"radio\" name=\"\(name)\" value=\"\(choice.value)\"\(index == 0 ? " required" : "")> \(choice.label)</label>"
            }
            input = "<legend>\(t("eligibility.question.\(field.rawValue)"))</legend>\(radios)"
        }
        let hidden: [HTML] = answers.hiddenFields.map { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\($0.value)\">" }
        return Layout.page(context, title: t("eligibility.title"), """
        <h1>\(t("eligibility.title"))</h1>\
        <p id="progress" class="muted">\(t("eligibility.progress", ["n": String(answers.answeredCount + 1), "measures": String(remaining)]))</p>\
        <form id="question" method="get" action="/eligibility">\(hidden)\
        <fieldset id="q-\(field.rawValue)" class="question">\(input)\(error)</fieldset>\
        <div class="actions"><button type="submit" id="next">\(t("eligibility.next"))</button> \
        <button type="submit" id="skip" name="skip" value="\(field.rawValue)" formnovalidate class="secondary">\(t("eligibility.skip"))</button></div>\
        </form><p class="muted">\(t("eligibility.anonymous"))</p>
        """)
    }

    struct Contact: Sendable {
        var values: [String: String] = [:]
        var errors: [String: FieldProblem] = [:]
        var done = false
    }

    static func results(_ context: PageContext, _ matches: [EligibilityService.Match], answers: QuestionnaireAnswers,
                        provinces: [(value: String, label: String)], contact: Contact) -> HTML {
        let t = context.t
        func section(_ id: String, _ verdict: Assessment.Verdict) -> HTML {
            let chosen = matches.filter { $0.assessment.verdict == verdict }
            let articles: [HTML] = chosen.map { match in
                """
                <article class="match" data-code="\(match.measure.code)"><h3><a href="/measures/\(match.measure.code)">\(match.measure.name[context.language])</a></h3>\
                <p>\(match.measure.summary[context.language])</p>\(ExplanationViews.explanation(match.assessment.explanation, t))</article>
                """
            }
            let body: HTML = chosen.isEmpty ? "<p class=\"muted\">\(t("eligibility.none_here"))</p>" : "\(articles)"
            let heading: HTML = "<h2>\(t("eligibility.section.\(verdict.rawValue)")) (\(t.number(chosen.count)))</h2>"
            if verdict == .notEligible {
                return "<section id=\"\(id)\"><details><summary>\(heading)</summary>\(body)</details></section>"
            }
            return "<section id=\"\(id)\">\(heading)\(body)</section>"
        }
        let hidden: [HTML] = answers.hiddenFields.map { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\($0.value)\">" }
        let v = contact.values, e = contact.errors
        let contactBlock: HTML = contact.done ? "<p id=\"contact-done\" class=\"notice\" role=\"status\">\(t("eligibility.contact_done"))</p>" : """
            <form id="contact" method="post" action="/eligibility/contact">\(Components.csrf(context))\(hidden)\(Components.formErrors(e, t))\
            \(Components.field(.init(name: "first_name", label: t("registry.first_name"), value: v["first_name"], autocomplete: "given-name"), errors: e, t))\
            \(Components.field(.init(name: "last_name", label: t("registry.last_name"), value: v["last_name"], autocomplete: "family-name"), errors: e, t))\
            \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", value: v["phone"], autocomplete: "tel", inputmode: "tel", direction: "ltr"), errors: e, t))\
            \(Components.select(name: "province_id", label: t("registry.province_id"), options: [("", "—")] + provinces, selected: v["province_id"], errors: e, t))\
            \(Components.checkbox(name: "consent", label: t("eligibility.contact_consent"), checked: v["consent"] != nil, errors: e, t))\
            \(Components.submit(t("eligibility.contact_submit")))</form>
            """
        return Layout.page(context, title: t("eligibility.results"), """
        <h1>\(t("eligibility.results"))</h1><p class="muted">\(t("eligibility.results_lead"))</p>\
        \(section("eligible", .eligible))\(section("cannot-tell", .cannotTell))\(section("not-eligible", .notEligible))\
        <section class="card" id="contact-section"><h2>\(t("eligibility.contact_title"))</h2><p>\(t("eligibility.contact_lead"))</p>\(contactBlock)</section>\
        <p><a href="/eligibility">\(t("eligibility.again"))</a></p>
        """)
    }
}
