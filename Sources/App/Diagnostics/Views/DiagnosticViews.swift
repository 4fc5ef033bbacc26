import Domain
import Foundation
import HTML

/// A case's diagnostics: the questionnaire, the result with its advice, and progress between two takes.
enum DiagnosticViews {
    /// The case page's section: each instrument's scores in time order, and a link to take any active instrument.
    static func section(_ context: PageContext, caseID: Int, _ diagnostics: [DiagnosticsService.Diagnostic], instruments: [Instrument]) -> HTML {
        let t = context.t
        let byInstrument = Dictionary(grouping: diagnostics, by: \.instrumentID)
        let progress: [HTML] = instruments.compactMap { instrument in
            guard let taken = byInstrument[instrument.id], let last = taken.last else { return nil }
            let steps: [HTML] = taken.map { "<a href=\"/cases/\(caseID)/diagnostics/\($0.id)\">\($0.takenOn) : \(t("diagnostic.score", ["score": t.number($0.score)]))</a>" }
            let change: HTML = taken.count > 1 ? " · <strong>\(delta(last.score - taken[0].score, t))</strong>" : ""
            return "<li>\(instrument.name[context.language]) · \(HTML(unsafeRaw: steps.map(\.rendered).joined(separator: " → ")))\(change)</li>"
        }
        let start: [HTML] = instruments.filter { $0.active && !$0.questions.isEmpty }.map {
            "<a class=\"button\" href=\"/cases/\(caseID)/diagnostics/new?instrument=\($0.id)\">\($0.name[context.language])</a>"
        }
        return """
        <section class="card" id="diagnostics"><h2>\(t("diagnostic.title"))</h2>\
        \(progress.isEmpty ? HTML("<p class=\"muted\">\(t("diagnostic.none"))</p>") : HTML("<ul>\(progress)</ul>"))\
        <p class="actions">\(t("diagnostic.take")) \(start)</p></section>
        """
    }

    static func delta(_ points: Int, _ t: Localizer) -> String {
        t("diagnostic.delta", ["delta": (points > 0 ? "+" : "") + t.number(points)])
    }

    static func form(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ instrument: Instrument, values: [String: String],
                     errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        let language = context.language
        let questions: [HTML] = instrument.questions.enumerated().map { question($1, number: $0 + 1, values: values, errors: e, context) }
        let name = BeneficiaryViews.displayName(item.last_name, item.first_name, item.full_name_ar, t)
        let title = "\(instrument.name[language]) · \(name)"
        return Layout.page(context, title: title, """
        <p><a href="/cases/\(item.id)">\(t("diagnostic.back"))</a></p><h1>\(title)</h1><p class="muted">\(instrument.description[language])</p>\
        <form method="post" action="/cases/\(item.id)/diagnostics" id="diagnostic-form">\(Components.csrf(context))\
        <input type="hidden" name="instrument" value="\(instrument.id)">\(Components.formErrors(e, t))\
        \(Components.field(.init(name: "taken_on", label: t("diagnostic.date"), type: "date", value: values["taken_on"] ?? CalendarDate(Date()).string, required: false), errors: e, t))\
        \(questions)\(Components.submit(t("diagnostic.save")))</form>
        """)
    }

    /// One question as radio buttons, its error under it; shared with the entrepreneur's own digital check-up.
    static func question(_ question: Instrument.Question, number: Int, values: [String: String], errors e: [String: FieldProblem],
                         _ context: PageContext) -> HTML {
        let language = context.language
        let field = "q_\(question.code)"
        let problem = e[field]
        let options: [HTML] = question.options.enumerated().map { index, option in
            let id = "f-\(field)-\(index)"
            let checked: HTML = values[field] == String(index) ? " checked" : ""
            return "<div class=\"check\"><input type=\"radio\" id=\"\(id)\" name=\"\(field)\" value=\"\(index)\"\(checked) required><label for=\"\(id)\">\(option.label[language])</label></div>"
        }
        return """
        <fieldset class="checks" id="\(field)"\(problem == nil ? HTML() : HTML(" aria-describedby=\"\(field)-error\""))><legend>\(number). \(question.text[language])</legend>\
        \(options)\(problem.map { HTML("<p class=\"field-error\" id=\"\(field)-error\">\(context.t($0.key, $0.arguments))</p>") })</fieldset>
        """
    }

    static func result(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ diagnostic: DiagnosticsService.Diagnostic,
                       previous: DiagnosticsService.Diagnostic?) -> HTML {
        let t = context.t
        let language = context.language
        let earlier = Dictionary(uniqueKeysWithValues: (previous?.answers ?? []).map { ($0.question, $0) })
        let rows: [HTML] = diagnostic.answers.map { answer in
            let before: HTML = earlier[answer.question].map { "<td>\($0.answer[language])</td>" } ?? (previous == nil ? "" : "<td></td>")
            return "<tr><th scope=\"row\">\(answer.text[language])</th>\(before)<td>\(answer.answer[language])</td><td>\(t.number(answer.points)) / \(t.number(answer.max))</td></tr>"
        }
        let advice: [HTML] = diagnostic.recommendations.map { recommendation in
            "<li>\(recommendation.text[language])\(recommendation.theme.map { HTML(" <span class=\"muted\">(\(ThemeTaxonomy.shipped.name($0, in: language)))</span>") })</li>"
        }
        let comparison: HTML = previous.map {
            "<p id=\"progress\">\(t("diagnostic.since", ["date": $0.takenOn, "before": t.number($0.score), "after": t.number(diagnostic.score)])) · \(delta(diagnostic.score - $0.score, t))</p>"
        } ?? ""
        let name = BeneficiaryViews.displayName(item.last_name, item.first_name, item.full_name_ar, t)
        let title = "\(diagnostic.instrumentName[language]) · \(name)"
        return Layout.page(context, title: title, """
        <p><a href="/cases/\(item.id)">\(t("diagnostic.back"))</a></p><h1>\(title)</h1>\
        <section class="card"><p class="score" id="score">\(t("diagnostic.score", ["score": t.number(diagnostic.score)]))</p>\
        <p class="muted">\(diagnostic.takenOn)\(diagnostic.authorName.map { HTML(" · \($0)") })</p>\(comparison)</section>\
        <section class="card" id="recommendations"><h2>\(t("diagnostic.recommendations"))</h2>\
        \(advice.isEmpty ? HTML("<p class=\"muted\">\(t("diagnostic.no_recommendation"))</p>") : HTML("<ol>\(advice)</ol>"))</section>\
        <section class="card"><h2>\(t("diagnostic.answers"))</h2><div class="table-wrap"><table id="answers"><thead><tr>\
        <th scope="col">\(t("diagnostic.question"))</th>\(previous.map { HTML("<th scope=\"col\">\($0.takenOn)</th>") })\
        <th scope="col">\(diagnostic.takenOn)</th><th scope="col">\(t("diagnostic.points"))</th></tr></thead><tbody>\(rows)</tbody></table></div></section>
        """)
    }
}
