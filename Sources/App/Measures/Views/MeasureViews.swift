import Domain
import Foundation
import HTML

/// The public catalogue: light pages a weak phone connection loads quickly (no script, no image).
enum MeasureViews {
    struct Filters: Sendable {
        var q = ""
        var kind: MeasureKind?
        var status: MeasureStatus?
        var theme: String?
    }

    static func catalogue(_ context: PageContext, _ measures: [Measure], filters: Filters, today: Day) -> HTML {
        let t = context.t
        let language = context.language
        let items: [HTML] = measures.map { measure in
            let status = measure.status(on: today)
            let opening: HTML = status == .upcoming ? " · \(t("measure.opens_on", ["date": measure.opensOn?.description ?? "—"]))" : ""
            return """
            <li class="measure"><a href="/measures/\(measure.code)">\(measure.name[language])</a>\
            <p>\(measure.summary[language])</p>\
            <p class="muted">\(t("measure.kind.\(measure.kind.rawValue)")) · \(t("measure.status.\(status.rawValue)"))\(opening) · \(measure.operatorName)</p></li>
            """
        }
        let kinds = [("", t("search.any"))] + MeasureKind.allCases.map { ($0.rawValue, t("measure.kind.\($0.rawValue)")) }
        let statuses = [("", t("search.any"))] + MeasureStatus.allCases.map { ($0.rawValue, t("measure.status.\($0.rawValue)")) }
        let themes = [("", t("search.any"))] + ThemeTaxonomy.shipped.themes.map { ($0.code, $0.names[language] ?? $0.code) }
        return Layout.page(context, title: t("measure.catalogue"), """
        <h1>\(t("measure.catalogue"))</h1><p class="muted">\(t("measure.catalogue_lead"))</p>\
        <p><a class="button" href="/eligibility">\(t("eligibility.start"))</a></p>\
        <form id="measure-search" method="get" action="/measures" class="filters">\
        \(Components.field(.init(name: "q", label: t("measure.search"), type: "search", value: filters.q, required: false), errors: [:], t))\
        \(Components.select(name: "kind", label: t("measure.kind"), options: kinds, selected: filters.kind?.rawValue, errors: [:], t))\
        \(Components.select(name: "status", label: t("measure.status"), options: statuses, selected: filters.status?.rawValue, errors: [:], t))\
        \(Components.select(name: "theme", label: t("instrument.theme"), options: themes, selected: filters.theme, errors: [:], t))\
        \(Components.submit(t("measure.filter")))</form>\
        \(measures.isEmpty ? HTML("<p id=\"no-measures\">\(t("measure.none"))</p>") : HTML("<ul id=\"measures\" class=\"cards\">\(items)</ul>"))
        """)
    }

    static func detail(_ context: PageContext, _ measure: Measure, today: Day, subscribed: Bool, errors: [String: FieldProblem], phone: String?) -> HTML {
        let t = context.t
        let language = context.language
        let status = measure.status(on: today)
        var facts: [HTML] = []
        if let amount = measure.maxAmount { facts.append("<dt>\(t("measure.max_amount"))</dt><dd>\(t.money(amount.decimal))</dd>") }
        if let rate = measure.ratePercent { facts.append("<dt>\(t("measure.rate"))</dt><dd>\(t("eligibility.unit.own_funds_share", ["n": rate.formatted(.number.locale(language.locale))]))</dd>") }
        if let months = measure.durationMonths { facts.append("<dt>\(t("measure.duration"))</dt><dd>\(t("measure.months", ["n": String(months)]))</dd>") }
        if let months = measure.deferralMonths { facts.append("<dt>\(t("measure.deferral"))</dt><dd>\(t("measure.months", ["n": String(months)]))</dd>") }
        if let opens = measure.opensOn { facts.append("<dt>\(t("measure.opens"))</dt><dd>\(opens.description)</dd>") }
        if let closes = measure.closesOn { facts.append("<dt>\(t("measure.closes"))</dt><dd>\(closes.description)</dd>") }
        let documents: [HTML] = measure.documents[language].split(separator: "\n").map { "<li>\(String($0))</li>" }
        let rule: HTML = measure.rule.map { rule in
            """
            \(ExplanationViews.conditions(rule.criteria, t))\
            <p class="muted">\(t("measure.rule_source", ["date": rule.validity.from.description])) \(rule.source)</p>
            """
        } ?? "<p>\(t("measure.no_rule"))</p>"
        let subscribe: HTML = status != .upcoming ? HTML() : subscribed ? "<p id=\"subscribed\" class=\"notice\" role=\"status\">\(t("measure.subscribed"))</p>" : """
            <section class="card"><h2>\(t("measure.subscribe_title"))</h2>\
            <form id="subscribe" method="post" action="/measures/\(measure.code)/subscriptions">\(Components.csrf(context))\(Components.formErrors(errors, t))\
            \(Components.field(.init(name: "phone", label: t("phone.number"), type: "tel", value: phone, autocomplete: "tel", inputmode: "tel", direction: "ltr"), errors: errors, t))\
            \(Components.submit(t("measure.subscribe")))</form></section>
            """
        return Layout.page(context, title: measure.name[language], """
        <p><a href="/measures">\(t("measure.catalogue"))</a></p>\
        <h1>\(measure.name[language])</h1><p class="lead">\(measure.summary[language])</p>\
        <p class="muted">\(t("measure.kind.\(measure.kind.rawValue)")) · <strong>\(t("measure.status.\(status.rawValue)"))</strong> · \(measure.operatorName)</p>\
        <section><h2>\(t("measure.benefits"))</h2><p>\(measure.benefits[language])</p>\(facts.isEmpty ? HTML() : HTML("<dl class=\"facts\">\(facts)</dl>"))</section>\
        <section id="rule"><h2>\(t("measure.who"))</h2>\(rule)\
        <p><a id="check-eligibility" class="button" href="/eligibility">\(t("eligibility.start"))</a></p></section>\
        \(documents.isEmpty ? HTML() : HTML("<section><h2>\(t("measure.documents"))</h2><ul>\(documents)</ul></section>"))\
        <section><h2>\(t("measure.how_to_apply"))</h2><p>\(measure.howToApply[language])</p>\
        <p><a href="\(SafeURL(measure.sourceURL))" rel="noopener">\(t("measure.source"))</a></p></section>\
        \(subscribe)
        """)
    }
}
