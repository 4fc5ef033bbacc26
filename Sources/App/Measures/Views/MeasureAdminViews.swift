import Domain
import HTML

/// The administrator's pages: the catalogue as a table, a measure's form, its rule versions and its history.
enum MeasureAdminViews {
    struct Failed {
        var form: String
        var values: [String: String]
        var errors: [String: FieldProblem]
    }

    static func list(_ context: PageContext, _ measures: [Measure], today: Day, failed: Failed?) -> HTML {
        let t = context.t
        let rows: [HTML] = measures.map { measure in
            """
            <tr><td><a href="/admin/measures/\(measure.id)">\(measure.name[context.language])</a></td><td class="ltr">\(measure.code)</td>\
            <td>\(t("measure.kind.\(measure.kind.rawValue)"))</td><td>\(t("measure.status.\(measure.status(on: today).rawValue)"))</td></tr>
            """
        }
        let values = failed?.values ?? ["status": MeasureStatus.open.rawValue, "kind": MeasureKind.loan.rawValue, "valid_from": today.description]
        return Layout.page(context, title: t("measure.admin_title"), """
        <h1>\(t("measure.admin_title"))</h1><p><a href="/measures">\(t("measure.catalogue"))</a> · <a href="/campaigns">\(t("campaign.title"))</a></p>\
        <div class="table-wrap"><table id="admin-measures"><thead><tr><th scope="col">\(t("instrument.name"))</th><th scope="col">\(t("instrument.code"))</th>\
        <th scope="col">\(t("measure.kind"))</th><th scope="col">\(t("measure.status"))</th></tr></thead><tbody>\(rows)</tbody></table></div>\
        <section class="card"><h2>\(t("measure.new"))</h2><form method="post" action="/admin/measures" id="measure-new">\(Components.csrf(context))\
        \(Components.formErrors(failed?.errors ?? [:], t))\
        \(Components.field(.init(name: "code", label: t("instrument.code"), value: values["code"], hint: "\(t("instrument.code_hint"))", direction: "ltr", idPrefix: "new-"), errors: failed?.errors ?? [:], t))\
        \(fields(context, values, failed?.errors ?? [:], prefix: "new-"))\(ruleFields(context, values, failed?.errors ?? [:], prefix: "new-"))\
        \(Components.submit(t("measure.create")))</form></section>
        """)
    }

    static func edit(_ context: PageContext, _ measure: Measure, rules: [MeasureCatalogue.RuleVersion], revisions: [MeasureCatalogue.Revision],
                     today: Day, failed: Failed?, notice: String?) -> HTML {
        let t = context.t
        let main = failed?.form == "measure" ? failed : nil
        let rule = failed?.form == "rule" ? failed : nil
        let ruleValues = rule?.values ?? ["criteria": measure.rule?.text ?? "", "valid_from": today.description]
        let versions: [HTML] = rules.map { version in
            """
            <li><strong>\(version.valid_from) → \(version.valid_until ?? "…")</strong><pre class="ltr" dir="ltr">\(version.criteria)</pre>\
            <p class="muted">\(version.source)</p></li>
            """
        }
        let history: [HTML] = revisions.map { revision in
            "<li>\(t.dateTime(revision.changed_at)) · \(revision.changed_by_name ?? "—") · \(revision.summary)</li>"
        }
        return Layout.page(context, title: measure.name[context.language], """
        <p><a href="/admin/measures">\(t("measure.admin_title"))</a></p><h1>\(measure.name[context.language])</h1>\(Components.notice(notice))\
        <p><a href="/measures/\(measure.code)">\(t("measure.public_page"))</a></p>\
        <section class="card"><h2>\(t("measure.rule_title"))</h2>\
        <form method="post" action="/admin/measures/\(measure.id)/rules" id="rule-form">\(Components.csrf(context))\(Components.formErrors(rule?.errors ?? [:], t))\
        \(ruleFields(context, ruleValues, rule?.errors ?? [:], prefix: "r-"))\(Components.submit(t("measure.save_rule")))</form>\
        <h3>\(t("measure.rule_versions"))</h3><ol id="rule-versions">\(versions)</ol></section>\
        <section class="card"><h2>\(t("measure.details"))</h2>\
        <form method="post" action="/admin/measures/\(measure.id)" id="measure-form">\(Components.csrf(context))\(Components.formErrors(main?.errors ?? [:], t))\
        \(fields(context, main?.values ?? measure.draft.values, main?.errors ?? [:], prefix: "m-"))\(Components.submit(t("instrument.save")))</form></section>\
        <section><h2>\(t("measure.history"))</h2><ul id="measure-history">\(history)</ul></section>
        """)
    }

    private static func ruleFields(_ context: PageContext, _ values: [String: String], _ errors: [String: FieldProblem], prefix: String) -> HTML {
        let t = context.t
        let fields = ProfileField.allCases.map(\.rawValue).joined(separator: ", ")
        return """
        <div class="field"><label for="f-\(prefix)criteria">\(t("measure.criteria"))</label>\
        <textarea id="f-\(prefix)criteria" name="criteria" rows="8" dir="ltr" class="code" aria-describedby="f-\(prefix)criteria-hint\(errors["criteria"] == nil ? "" : " f-\(prefix)criteria-error")"\
        \(errors["criteria"] == nil ? HTML() : " aria-invalid=\"true\"")>\(values["criteria"] ?? "")</textarea>\
        <p class="hint" id="f-\(prefix)criteria-hint">\(t("measure.criteria_hint", ["fields": fields]))</p>\
        \(errors["criteria"].map { HTML("<p class=\"field-error\" id=\"f-\(prefix)criteria-error\">\(t($0.key, $0.arguments))</p>") })</div>\
        \(Components.field(.init(name: "valid_from", label: t("measure.valid_from"), type: "date", value: values["valid_from"], direction: "ltr", idPrefix: prefix), errors: errors, t))\
        \(Components.field(.init(name: "rule_source", label: t("measure.rule_source_label"), value: values["rule_source"], idPrefix: prefix), errors: errors, t))
        """
    }

    private static func fields(_ context: PageContext, _ values: [String: String], _ errors: [String: FieldProblem], prefix: String) -> HTML {
        let t = context.t
        func languages(_ name: String, _ label: String, required: Bool = true) -> HTML {
            let inputs: [HTML] = Language.allCases.map { language in
                let key = "\(name)_\(language.rawValue)"
                return Components.field(.init(name: key, label: "\(label) (\(language.endonym))", value: values[key], required: required && language != .en,
                                              direction: language == .ar ? "rtl" : "ltr", idPrefix: prefix), errors: errors, t)
            }
            return "\(inputs)"
        }
        func plain(_ name: String, _ label: String, type: String = "text", inputmode: String? = nil) -> HTML {
            Components.field(.init(name: name, label: label, type: type, value: values[name], inputmode: inputmode, required: false, direction: "ltr", idPrefix: prefix),
                             errors: errors, t)
        }
        let themes = ThemeTaxonomy.shipped.themes.map { "\($0.code) (\($0.names[context.language] ?? $0.code))" }.joined(separator: ", ")
        return """
        \(Components.select(name: "kind", label: t("measure.kind"), options: Components.options(MeasureKind.allCases, prefix: "measure.kind", empty: nil, t), selected: values["kind"], errors: errors, idPrefix: prefix, t))\
        \(Components.select(name: "status", label: t("measure.status"), options: Components.options(MeasureStatus.allCases, prefix: "measure.status", empty: nil, t), selected: values["status"], errors: errors, idPrefix: prefix, t))\
        \(plain("opens_on", t("measure.opens"), type: "date"))\(plain("closes_on", t("measure.closes"), type: "date"))\
        \(languages("name", t("instrument.name")))\(languages("summary", t("measure.summary")))\
        \(Components.field(.init(name: "operator_name", label: t("measure.operator"), value: values["operator_name"], idPrefix: prefix), errors: errors, t))\
        \(languages("benefits", t("measure.benefits")))\
        \(plain("max_amount", t("measure.max_amount"), inputmode: "decimal"))\(plain("rate_percent", t("measure.rate"), inputmode: "decimal"))\
        \(plain("duration_months", t("measure.duration"), inputmode: "numeric"))\(plain("deferral_months", t("measure.deferral"), inputmode: "numeric"))\
        \(languages("documents", t("measure.documents"), required: false))\(languages("apply", t("measure.how_to_apply")))\
        \(plain("source_url", t("measure.source"), type: "url"))\
        \(Components.field(.init(name: "themes", label: t("instrument.theme"), value: values["themes"], hint: "\(themes)", required: false, direction: "ltr", idPrefix: prefix), errors: errors, t))
        """
    }
}
