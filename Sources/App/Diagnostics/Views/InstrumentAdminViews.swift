import HTML

/// The administrator's pages for diagnostic instruments.
enum InstrumentAdminViews {
    /// A form that failed: which one, what was typed, what is wrong.
    struct Failed {
        var form = ""
        var values: [String: String]
        var errors: [String: FieldProblem]
    }

    static func list(_ context: PageContext, _ instruments: [Instrument], failed: Failed?) -> HTML {
        let t = context.t
        let rows: [HTML] = instruments.map { instrument in
            """
            <tr><td><a href="/admin/instruments/\(instrument.id)">\(instrument.name[context.language])</a></td><td class="ltr">\(instrument.code)</td>\
            <td>\(t.number(instrument.questions.count))</td><td>\(instrument.active ? t("instrument.active") : t("instrument.inactive"))</td></tr>
            """
        }
        let values = failed?.values ?? [:]
        let errors = failed?.errors ?? [:]
        return Layout.page(context, title: t("instrument.title"), """
        <h1>\(t("instrument.title"))</h1><p class="muted">\(t("instrument.lead"))</p>\
        <div class="table-wrap"><table id="instruments"><thead><tr><th scope="col">\(t("instrument.name"))</th><th scope="col">\(t("instrument.code"))</th>\
        <th scope="col">\(t("instrument.questions"))</th><th scope="col">\(t("instrument.state"))</th></tr></thead><tbody>\(rows)</tbody></table></div>\
        <section class="card"><h2>\(t("instrument.new"))</h2>\
        <form method="post" action="/admin/instruments" id="instrument-new">\(Components.csrf(context))\(Components.formErrors(errors, t))\
        \(Components.field(.init(name: "code", label: t("instrument.code"), value: values["code"], hint: "\(t("instrument.code_hint"))", direction: "ltr"), errors: errors, t))\
        \(languages("name", t("instrument.name"), values, errors, context, prefix: "new-"))\
        \(languages("description", t("instrument.description"), values, errors, context, prefix: "new-", required: false))\
        \(Components.submit(t("instrument.create")))</form></section>
        """)
    }

    static func edit(_ context: PageContext, _ instrument: Instrument, failed: Failed?, notice: String?) -> HTML {
        let t = context.t
        func form(_ key: String) -> (values: [String: String]?, errors: [String: FieldProblem]) {
            guard let failed, failed.form == key else { return (nil, [:]) }
            return (failed.values, failed.errors)
        }
        let main = form("instrument")
        let mainValues = main.values ?? ["name_fr": instrument.name.fr, "name_ar": instrument.name.ar, "name_en": instrument.name.en,
                                         "description_fr": instrument.description.fr, "description_ar": instrument.description.ar,
                                         "description_en": instrument.description.en]
        let active = main.values.map { $0["active"] != nil } ?? instrument.active
        let questions: [HTML] = instrument.questions.map { question in
            let state = form(String(question.id))
            let values = state.values ?? [
                "code": question.code, "position": String(question.position), "text_fr": question.text.fr, "text_ar": question.text.ar,
                "text_en": question.text.en, "options": InstrumentForms.optionsText(question.options), "recommendation_fr": question.recommendation?.fr ?? "",
                "recommendation_ar": question.recommendation?.ar ?? "", "recommendation_en": question.recommendation?.en ?? "", "theme": question.theme ?? ""]
            return """
            <section class="card" id="question-\(question.id)"><h3>\(question.position). \(question.text[context.language])</h3>\
            \(questionForm(context, action: "/admin/instruments/\(instrument.id)/questions/\(question.id)", values: values, errors: state.errors, prefix: "q\(question.id)-", submit: t("instrument.save_question")))\
            <form method="post" action="/admin/instruments/\(instrument.id)/questions/\(question.id)/delete" class="inline">\(Components.csrf(context))\
            <button type="submit" class="link">\(t("instrument.delete_question"))</button></form></section>
            """
        }
        let added = form("new")
        let nextPosition = String((instrument.questions.map(\.position).max() ?? 0) + 1)
        return Layout.page(context, title: instrument.name[context.language], """
        <p><a href="/admin/instruments">\(t("instrument.title"))</a></p><h1>\(instrument.name[context.language])</h1>\(Components.notice(notice))\
        <section class="card"><form method="post" action="/admin/instruments/\(instrument.id)" id="instrument-form">\(Components.csrf(context))\
        \(Components.formErrors(main.errors, t))\
        \(languages("name", t("instrument.name"), mainValues, main.errors, context, prefix: "i-"))\
        \(languages("description", t("instrument.description"), mainValues, main.errors, context, prefix: "i-", required: false))\
        \(Components.checkbox(name: "active", label: t("instrument.active_label"), checked: active, errors: main.errors, idPrefix: "i-", t))\
        \(Components.submit(t("instrument.save")))</form></section>\
        <h2>\(t("instrument.questions"))</h2>\(questions)\
        <section class="card" id="question-new"><h3>\(t("instrument.new_question"))</h3>\
        \(questionForm(context, action: "/admin/instruments/\(instrument.id)/questions", values: added.values ?? ["position": nextPosition], errors: added.errors, prefix: "new-", submit: t("instrument.add_question")))</section>
        """)
    }

    private static func questionForm(_ context: PageContext, action: String, values: [String: String], errors: [String: FieldProblem], prefix: String, submit: String) -> HTML {
        let t = context.t
        let themes = [("", "—")] + ThemeTaxonomy.shipped.themes.map { ($0.code, $0.names[context.language] ?? $0.code) }
        return """
        <form method="post" action="\(action)">\(Components.csrf(context))\(Components.formErrors(errors, t))\
        \(Components.field(.init(name: "code", label: t("instrument.code"), value: values["code"], direction: "ltr", idPrefix: prefix), errors: errors, t))\
        \(Components.field(.init(name: "position", label: t("instrument.position"), value: values["position"], inputmode: "numeric", idPrefix: prefix), errors: errors, t))\
        \(languages("text", t("instrument.question_text"), values, errors, context, prefix: prefix))\
        \(Components.textarea(name: "options", label: t("instrument.options"), value: values["options"], errors: errors, idPrefix: prefix, t))\
        <p class="hint">\(t("instrument.options_hint"))</p>\
        \(languages("recommendation", t("instrument.recommendation"), values, errors, context, prefix: prefix, required: false))\
        \(Components.select(name: "theme", label: t("instrument.theme"), options: themes, selected: values["theme"], errors: errors, idPrefix: prefix, t))\
        \(Components.submit(submit))</form>
        """
    }

    /// The same text in French, Arabic (right to left) and English.
    private static func languages(_ name: String, _ label: String, _ values: [String: String], _ errors: [String: FieldProblem], _ context: PageContext,
                                  prefix: String, required: Bool = true) -> HTML {
        let fields: [HTML] = Language.allCases.map { language in
            let key = "\(name)_\(language.rawValue)"
            return Components.field(.init(name: key, label: "\(label) (\(language.endonym))", value: values[key], required: required,
                                          direction: language == .ar ? "rtl" : "ltr", idPrefix: prefix), errors: errors, context.t)
        }
        return "\(fields)"
    }
}
