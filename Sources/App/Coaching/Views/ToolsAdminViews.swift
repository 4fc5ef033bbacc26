import Domain
import Foundation
import HTML

/// The administrator's page for the coaching tools: the budget templates to edit, and the rules in force read from
/// the reference data with their sources.
enum ToolsAdminViews {
    struct Failed {
        var code: String?
        var values: [String: String]
        var errors: [String: FieldProblem]
    }

    static func values(_ template: CoachingReference.Template) -> [String: String] {
        ["name_fr": template.name.fr, "name_ar": template.name.ar, "name_en": template.name.en, "average_month": "\(template.averageMonth)",
         "variable_percent": "\(template.variableCostPercent)", "fixed_costs": "\(template.monthlyFixedCosts)", "investments": "\(template.investments)",
         "coefficients": template.coefficients.map { "\($0)" }.joined(separator: " ")]
    }

    private static func fields(_ context: PageContext, _ values: [String: String], _ e: [String: FieldProblem], prefix: String) -> HTML {
        let t = context.t
        let names: [HTML] = [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")].map { language, direction in
            Components.field(.init(name: "name_\(language)", label: "\(t("instrument.name")) (\(language))", value: values["name_\(language)"],
                                   required: language != "en", direction: direction, idPrefix: prefix), errors: e, t)
        }
        let amounts: [HTML] = [("average_month", "coaching.admin.average_month"), ("variable_percent", "coaching.budget.variable_percent"),
                               ("fixed_costs", "coaching.budget.fixed_costs"), ("investments", "coaching.budget.investments")].map { name, label in
            Components.field(.init(name: name, label: t(label), value: values[name], inputmode: "decimal", direction: "ltr", idPrefix: prefix), errors: e, t)
        }
        return """
        \(names)\(amounts)\
        \(Components.field(.init(name: "coefficients", label: t("coaching.admin.coefficients"), value: values["coefficients"], hint: "\(t("coaching.coefficients"))",
                                 direction: "ltr", idPrefix: prefix), errors: e, t))
        """
    }

    static func page(_ context: PageContext, _ templates: [CoachingReference.Template], failed: Failed?, notice: String?) -> HTML {
        let t = context.t
        let forms: [HTML] = templates.map { template in
            let mine = failed?.code == template.code ? failed : nil
            return """
            <details class="card" id="template-\(template.code)"\(mine == nil ? HTML() : HTML(" open"))><summary>\(template.name[context.language]) \
            <span class="muted ltr">\(template.code)</span></summary>\
            <form method="post" action="/admin/tools/templates/\(template.code)">\(Components.csrf(context))\(Components.formErrors(mine?.errors ?? [:], t))\
            \(fields(context, mine?.values ?? values(template), mine?.errors ?? [:], prefix: "\(template.code)-"))\(Components.submit(t("instrument.save")))</form>\
            <p><a href="/tools/budget?template=\(template.code)">\(t("measure.public_page"))</a></p></details>
            """
        }
        let new = failed?.code == nil ? failed : nil
        let reference = CoachingReference.shipped
        let sources: [HTML] = [reference.autoEntrepreneurRules(on: .today()).map { ($0.rules.validity, $0.rules.source, "coaching.auto_entrepreneur.title") },
                               reference.bankReadinessRules(on: .today()).map { ($0.rules.validity, $0.rules.source, "coaching.bank_readiness.title") }]
            .compactMap { $0 }.map { validity, source, title in
                "<li><strong>\(t(title))</strong> · \(t("coaching.source", ["date": validity.from.description])) \(source)</li>"
            }
        return Layout.page(context, title: t("coaching.admin.title"), """
        <h1>\(t("coaching.admin.title"))</h1>\(Components.notice(notice))<h2>\(t("coaching.admin.templates"))</h2><div id="templates">\(forms)</div>\
        <section class="card"><h2>\(t("coaching.admin.new"))</h2><form method="post" action="/admin/tools/templates" id="template-new">\(Components.csrf(context))\
        \(Components.formErrors(new?.errors ?? [:], t))\
        \(Components.field(.init(name: "code", label: t("instrument.code"), value: new?.values["code"], hint: "\(t("instrument.code_hint"))", direction: "ltr", idPrefix: "new-"), errors: new?.errors ?? [:], t))\
        \(fields(context, new?.values ?? ["coefficients": Array(repeating: "1", count: 12).joined(separator: " ")], new?.errors ?? [:], prefix: "new-"))\
        \(Components.submit(t("measure.create")))</form></section>\
        <section class="card"><h2>\(t("coaching.admin.rules"))</h2><ul id="tool-rules">\(sources)</ul></section>
        """)
    }
}
