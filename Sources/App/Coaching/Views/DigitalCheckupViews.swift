import Domain
import Foundation
import HTML

/// The digital check-up: questions grouped by dimension, then a score per dimension, the progress since the last
/// saved check-up, and advice with the measures on the same theme.
extension CoachingViews {
    static func digitalCheckup(_ context: PageContext, _ form: CoachingForms, _ instrument: Instrument, _ checkup: DigitalCheckup?,
                               previous: (date: Date, dimensions: [DigitalCheckup.Dimension])?, measures: [Measure],
                               workshops: [ForumProgramme.SessionAtStop]) -> HTML {
        let t = context.t
        let language = context.language
        var groups: [(theme: String, questions: [HTML])] = []
        for (number, question) in instrument.questions.enumerated() {
            let rendered = DiagnosticViews.question(question, number: number + 1, values: form.values, errors: form.problems, context)
            if groups.last?.theme == question.theme ?? "" { groups[groups.count - 1].questions.append(rendered) } else { groups.append((question.theme ?? "", [rendered])) }
        }
        let sections: [HTML] = groups.map { "<h2>\(ThemeTaxonomy.shipped.name($0.theme, in: language))</h2>\($0.questions)" }
        return Layout.page(context, title: t("coaching.digital_checkup.title"), scripts: [Assets.toolsScriptPath], """
        \(toolHeader(context, form, .digitalCheckup))\
        <form id="digital-form" method="get" action="/tools/digital">\(Components.formErrors(form.problems, t))\(carriedCase(form))\(sections)\
        <button type="submit" name="go" value="1">\(t("coaching.compute"))</button></form>\
        \(checkup.map { digitalResult(context, form, $0, previous: previous, measures: measures, workshops: workshops) })
        """)
    }

    private static func digitalResult(_ context: PageContext, _ form: CoachingForms, _ checkup: DigitalCheckup,
                                      previous: (date: Date, dimensions: [DigitalCheckup.Dimension])?, measures: [Measure],
                                      workshops: [ForumProgramme.SessionAtStop]) -> HTML {
        let t = context.t
        let language = context.language
        let before = Dictionary(uniqueKeysWithValues: (previous?.dimensions ?? []).map { ($0.theme, $0.percent) })
        let rows: [HTML] = checkup.dimensions.map { dimension in
            let earlier: HTML = previous == nil ? "" : "<td>\(before[dimension.theme].map { "\(t.number($0)) %" } ?? "—")</td>"
            return """
            <tr data-dimension="\(dimension.theme)"><th scope="row">\(ThemeTaxonomy.shipped.name(dimension.theme, in: language))</th>\(earlier)\
            <td><meter min="0" max="100" value="\(dimension.percent)"></meter> <span class="percent">\(t.number(dimension.percent)) %</span></td></tr>
            """
        }
        let advice: [HTML] = checkup.dimensions.filter { $0.percent < 100 }.map { dimension in
            let texts: [HTML] = checkup.recommendations.filter { ($0.theme ?? "") == dimension.theme }.map { "<li>\($0.text[language])</li>" }
            let linked: [HTML] = DigitalCheckup.measures(for: dimension.theme, among: measures).map {
                "<li><a href=\"/measures/\($0.code)\">\($0.name[language])</a></li>"
            }
            let sessions: [HTML] = DigitalCheckup.workshops(for: dimension.theme, among: workshops).map {
                "<li><a href=\"/forum/stops/\($0.stop_id)#session-\($0.id)\">\($0.title[language])</a> · \($0.city) · \(t.date($0.starts_at))</li>"
            }
            return """
            <li id="advice-\(dimension.theme)"><h3>\(ThemeTaxonomy.shipped.name(dimension.theme, in: language))</h3><ul>\(texts)</ul>\
            \(linked.isEmpty ? HTML() : HTML("<p>\(t("coaching.digital.measures"))</p><ul class=\"linked-measures\">\(linked)</ul>"))\
            \(sessions.isEmpty ? HTML() : HTML("<p>\(t("coaching.digital.workshops"))</p><ul class=\"linked-workshops\">\(sessions)</ul>"))</li>
            """
        }
        return """
        <section id="digital-result" class="card"><h2>\(t("coaching.result"))</h2>\
        <p class="score" id="digital-score">\(t("diagnostic.score", ["score": t.number(checkup.score)]))</p>\
        \(previous.map { HTML("<p id=\"digital-progress\">\(t("coaching.digital.since", ["date": t.date($0.date)]))</p>") })\
        <div class="table-wrap"><table id="dimensions"><thead><tr><th scope="col">\(t("coaching.digital.dimension"))</th>\
        \(previous.map { HTML("<th scope=\"col\">\(t.date($0.date))</th>") })<th scope="col">\(t("coaching.digital.today"))</th></tr></thead><tbody>\(rows)</tbody></table></div>\
        \(advice.isEmpty ? HTML("<p class=\"ok\">\(t("diagnostic.no_recommendation"))</p>") : HTML("<h2>\(t("diagnostic.recommendations"))</h2><ol id=\"digital-advice\">\(advice)</ol>"))\
        <p class="no-print"><button type="button" class="secondary" data-print>\(t("coaching.print"))</button></p>\
        \(saveForm(context, .digitalCheckup, form.values))</section>
        """
    }
}
