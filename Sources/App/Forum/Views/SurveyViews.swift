import Domain
import Foundation
import HTML

/// The survey as the attendee answers it (radio scales, light, no script) and its results for the organisers.
enum SurveyViews {
    static func form(_ context: PageContext, questions: [ForumSurveys.Question], subjects: [ForumSurveys.About: [ForumSurveys.Subject]], done: Bool,
                     values: [String: String], errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        guard !done else {
            return Layout.page(context, title: t("forum.survey.title"), "<h1>\(t("forum.survey.title"))</h1><p id=\"survey-done\" class=\"ok\">\(t("forum.survey.thanks"))</p>")
        }
        let blocks: [HTML] = questions.flatMap { question in
            (subjects[question.about] ?? []).map { subject -> HTML in
                let field = "q_\(question.id)_\(subject.id)"
                let legend = subject.name.isEmpty ? question.text[context.language] : "\(question.text[context.language]) — \(subject.name)"
                if question.kind == .text {
                    return Components.textarea(name: field, label: legend, value: values[field], errors: e, t)
                }
                let options: [HTML] = question.range.map { score in
                    let id = "f-\(field)-\(score)"
                    return "<span class=\"scale\"><input type=\"radio\" id=\"\(id)\" name=\"\(field)\" value=\"\(score)\"\(values[field] == String(score) ? HTML(" checked") : HTML())><label for=\"\(id)\">\(t.number(score))</label></span>"
                }
                let hint = question.kind == .nps ? t("forum.survey.nps_hint") : t("forum.survey.score_hint")
                return """
                <fieldset class="checks survey" id="\(field)"><legend>\(legend)</legend><p class="muted">\(hint)</p>\(options)\
                \(e[field].map { HTML("<p class=\"field-error\" id=\"\(field)-error\">\(t($0.key, $0.arguments))</p>") })</fieldset>
                """
            }
        }
        return Layout.page(context, title: t("forum.survey.title"), """
        <h1>\(t("forum.survey.title"))</h1><p class="muted">\(t("forum.survey.lead"))</p>\
        <form method="post" id="survey-form">\(Components.csrf(context))\(Components.formErrors(e, t))\(blocks)\(Components.submit(t("forum.survey.send")))</form>
        """)
    }

    static func results(_ context: PageContext, _ stop: ForumProgramme.Stop, _ results: (invited: Int, answered: Int, results: [ForumSurveys.Result]),
                        notice: String?) -> HTML {
        let t = context.t
        let sections: [HTML] = results.results.map { result in
            let rows: [HTML] = result.rows.map { row in
                "<tr><th scope=\"row\">\(row.subject ?? stop.city)</th><td>\(t.number(row.answers))</td><td>\(row.average.map { t.number($0) } ?? "—")</td>\(result.question.kind == .nps ? HTML("<td class=\"nps\">\(row.netPromoter.map { t.number($0) } ?? "—")</td>") : HTML())</tr>"
            }
            let comments: [HTML] = result.comments.map { "<li>\($0)</li>" }
            let body: HTML = result.question.kind == .text ? "<ul class=\"comments\">\(comments)</ul>" : """
                <div class="table-wrap"><table><thead><tr><th scope="col">\(t("forum.survey.subject"))</th><th scope="col">\(t("forum.survey.answers"))</th>\
                <th scope="col">\(t("forum.survey.average"))</th>\(result.question.kind == .nps ? HTML("<th scope=\"col\">NPS</th>") : HTML())</tr></thead><tbody>\(rows)</tbody></table></div>
                """
            return "<section class=\"card survey-result\" data-code=\"\(result.question.code)\"><h2>\(result.question.text[context.language])</h2>\(body)</section>"
        }
        return Layout.page(context, title: "\(t("forum.survey.title")) · \(stop.city)", """
        <p><a href="/organise/stops/\(stop.id)">\(stop.city)</a></p><h1>\(t("forum.survey.title")) · \(stop.city)</h1>\(Components.notice(notice))\
        <p id="survey-counts">\(t("forum.survey.counts", ["invited": t.number(results.invited), "answered": t.number(results.answered)]))</p>\
        <form method="post" action="/organise/stops/\(stop.id)/survey" id="survey-send">\(Components.csrf(context))\(Components.submit(t("forum.survey.send_to_attendees")))</form>\
        <p><a href="/organise/stops/\(stop.id)/survey.csv">CSV</a> · <a href="/organise/stops/\(stop.id)/survey.xlsx">XLSX</a></p>\(sections)
        """)
    }

    /// The failed form's id (a question's id, or "new") with what was typed and what was wrong.
    struct Failed: Sendable {
        let form: String
        let values: [String: String]
        let errors: [String: FieldProblem]
    }

    /// National organisers' editor of the survey's questions: each one's wording in three languages, kind, subject,
    /// place and whether it is asked; a question with answers keeps its kind and subject.
    static func editor(_ context: PageContext, _ questions: [ForumSurveys.EditableQuestion], failed: Failed?) -> HTML {
        let t = context.t
        let kinds = ForumSurveys.Kind.allCases.map { ($0.rawValue, t("forum.survey.kind.\($0.rawValue)")) }
        let subjects = ForumSurveys.About.allCases.map { ($0.rawValue, t("forum.survey.about.\($0.rawValue)")) }
        func form(_ id: String, action: String, values: [String: String], answers: Int, submit: String) -> HTML {
            let mine = failed?.form == id ? failed : nil
            let values = mine?.values ?? values
            let errors = mine?.errors ?? [:]
            let prefix = "q\(id)-"
            let locked: HTML = answers > 0 ? "<p class=\"muted\">\(t("forum.survey.answered", ["count": t.number(answers)]))</p>" : ""
            return """
            <form method="post" action="\(action)" id="question-\(id)">\(Components.csrf(context))\(Components.formErrors(errors, t))\(locked)\
            \(Components.field(.init(name: "text_fr", label: t("forum.survey.text_fr"), value: values["text_fr"], idPrefix: prefix), errors: errors, t))\
            \(Components.field(.init(name: "text_ar", label: t("forum.survey.text_ar"), value: values["text_ar"], required: false, direction: "rtl", idPrefix: prefix), errors: errors, t))\
            \(Components.field(.init(name: "text_en", label: t("forum.survey.text_en"), value: values["text_en"], required: false, direction: "ltr", idPrefix: prefix), errors: errors, t))\
            \(Components.select(name: "kind", label: t("forum.survey.kind"), options: kinds, selected: values["kind"], errors: errors, idPrefix: prefix, t))\
            \(Components.select(name: "about", label: t("forum.survey.about"), options: subjects, selected: values["about"], errors: errors, idPrefix: prefix, t))\
            \(Components.field(.init(name: "position", label: t("forum.survey.position"), value: values["position"], inputmode: "numeric", idPrefix: prefix), errors: errors, t))\
            \(Components.checkbox(name: "active", label: t("forum.survey.active"), checked: values["active"] != nil, errors: errors, idPrefix: prefix, t))\
            \(Components.submit(submit))</form>
            """
        }
        let items: [HTML] = questions.map { question in
            var values = ["text_fr": question.text_fr, "text_ar": question.text_ar, "text_en": question.text_en, "kind": question.kind,
                          "about": question.about, "position": String(question.position)]
            if question.active { values["active"] = "on" }
            return """
            <li class="card" id="survey-question-\(question.id)" data-code="\(question.code)"><h2>\(question.position). \(question.text_fr)</h2>\
            \(form(String(question.id), action: "/organise/survey/questions/\(question.id)", values: values, answers: question.answers, submit: t("instrument.save")))</li>
            """
        }
        let next = String((questions.map(\.position).max() ?? 0) + 1)
        return Layout.page(context, title: t("forum.survey.editor"), """
        <p><a href="/organise">\(t("organise.title"))</a></p><h1>\(t("forum.survey.editor"))</h1><p>\(t("forum.survey.editor_lead"))</p>\
        <ol id="survey-questions" class="plain">\(items)</ol>\
        <section class="card"><h2>\(t("forum.survey.new_question"))</h2>\
        \(form("new", action: "/organise/survey/questions", values: ["position": next, "active": "on", "kind": "score", "about": "stop"], answers: 0,
                submit: t("forum.survey.add_question")))</section>
        """)
    }
}
