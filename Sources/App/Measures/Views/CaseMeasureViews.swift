import Domain
import HTML

/// The advisor's view of the measures a person qualifies for, from their case, with one form to refer them.
enum CaseMeasureViews {
    static func link(caseID: Int, _ t: Localizer) -> HTML {
        "<p><a id=\"case-measures\" href=\"/cases/\(caseID)/measures\">\(t("case_measures.link"))</a></p>"
    }

    static func page(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ matches: [EligibilityService.Match],
                     partners: [TerritoryQueries.PartnerRow]) -> HTML {
        let t = context.t
        let language = context.language
        let partnerOptions = [("", t("registry.choose"))] + partners.map { (String($0.id), $0.name) }
        func article(_ match: EligibilityService.Match, referable: Bool) -> HTML {
            let refer: HTML = referable ? """
                <form method="post" action="/cases/\(item.id)/referrals" class="refer">\(Components.csrf(context))\
                <input type="hidden" name="measure_id" value="\(match.measure.id)">\
                \(Components.select(name: "partner_id", label: t("referral.partner"), options: partnerOptions, selected: nil, errors: [:], idPrefix: "m\(match.measure.id)-", t))\
                \(Components.submit(t("case_measures.refer")))</form>
                """ : HTML()
            return """
            <article class="match" data-code="\(match.measure.code)"><h3><a href="/measures/\(match.measure.code)">\(match.measure.name[language])</a> \
            \(ExplanationViews.verdict(match.assessment.verdict, t))</h3>\
            \(match.business.map { HTML("<p class=\"muted\">\(t("case_measures.through", ["business": $0]))</p>") })\
            \(ExplanationViews.explanation(match.assessment.explanation, t))\(refer)</article>
            """
        }
        let eligible = matches.filter { $0.assessment.verdict == .eligible }.map { article($0, referable: true) }
        let unsure = matches.filter { $0.assessment.verdict == .cannotTell }.map { article($0, referable: true) }
        let others = matches.filter { $0.assessment.verdict == .notEligible }.map { article($0, referable: false) }
        let none: HTML = "<p class=\"muted\">\(t("eligibility.none_here"))</p>"
        return Layout.page(context, title: t("case_measures.title"), """
        <p><a href="/cases/\(item.id)">\(item.first_name) \(item.last_name)</a></p><h1>\(t("case_measures.title"))</h1>\
        <p class="muted">\(t("case_measures.lead"))</p>\
        <section id="eligible"><h2>\(t("eligibility.section.eligible")) (\(t.number(eligible.count)))</h2>\(eligible.isEmpty ? none : HTML("\(eligible)"))</section>\
        <section id="cannot-tell"><h2>\(t("eligibility.section.cannot_tell")) (\(t.number(unsure.count)))</h2>\(unsure.isEmpty ? none : HTML("\(unsure)"))</section>\
        <section id="not-eligible"><details><summary><h2>\(t("eligibility.section.not_eligible")) (\(t.number(others.count)))</h2></summary>\(others)</details></section>
        """)
    }
}
