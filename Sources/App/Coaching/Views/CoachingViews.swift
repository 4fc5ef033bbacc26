import Domain
import Foundation
import HTML

/// The tools' pages: a form, then the result under it; results print cleanly (the print stylesheet hides forms).
enum CoachingViews {
    static func index(_ context: PageContext) -> HTML {
        let t = context.t
        let tools: [HTML] = CoachingTool.allCases.map { tool in
            "<li class=\"measure\"><a href=\"\(tool.path)\">\(t("coaching.\(tool.rawValue).title"))</a><p>\(t("coaching.\(tool.rawValue).lead"))</p></li>"
        }
        let mine: HTML = context.actor?.has(.entrepreneur) == true ? "<p><a id=\"my-results\" href=\"/me/tools\">\(t("coaching.mine"))</a></p>" : ""
        return Layout.page(context, title: t("coaching.title"), """
        <h1>\(t("coaching.title"))</h1><p class="muted">\(t("coaching.lead"))</p>\(mine)<ul id="tools" class="cards">\(tools)</ul>
        """)
    }

    static func field(_ form: CoachingForms, _ errors: [String: FieldProblem], _ name: String, _ label: String, required: Bool = true,
                              inputmode: String = "decimal", _ t: Localizer) -> HTML {
        Components.field(.init(name: name, label: label, value: form.values[name], inputmode: inputmode, required: required, direction: "ltr"),
                         errors: errors, t)
    }

    private static func money(_ t: Localizer, _ value: Decimal) -> String { t.money(value) }

    /// The tool's title and lead; when an advisor fills it in with someone, which case it will be saved to.
    static func toolHeader(_ context: PageContext, _ form: CoachingForms, _ tool: CoachingTool) -> HTML {
        let t = context.t
        let banner: HTML = filledFor(context, form).map {
            "<p class=\"notice\" id=\"filling-for\">\(t("coaching.filling_for", ["case": String($0)])) <a href=\"/cases/\($0)#tools\">\(t("diagnostic.back"))</a></p>"
        } ?? ""
        return """
        <p><a href="/tools">\(t("coaching.title"))</a></p>\(banner)<h1>\(t("coaching.\(tool.rawValue).title"))</h1><p class="muted">\(t("coaching.\(tool.rawValue).lead"))</p>
        """
    }

    /// The case an advisor is filling the tool in for, kept from one computation to the next.
    static func filledFor(_ context: PageContext, _ form: CoachingForms) -> Int? {
        guard let actor = context.actor, Policy.allows(actor, .manageCases), let id = form.values["for"].flatMap({ Int($0) }), id > 0 else { return nil }
        return id
    }

    static func carriedCase(_ form: CoachingForms) -> HTML {
        guard let id = form.values["for"].flatMap({ Int($0) }) else { return HTML() }
        return "<input type=\"hidden\" name=\"for\" value=\"\(id)\">"
    }

    /// Under a result: an advisor filling it in with someone saves it to their case; an entrepreneur keeps it in their
    /// own file, shared with their advisor or not.
    static func saveForm(_ context: PageContext, _ tool: CoachingTool, _ values: [String: String]) -> HTML {
        guard let actor = context.actor else { return HTML() }
        let t = context.t
        let hidden: [HTML] = values.filter { tool.keeps($0.key) }.sorted { $0.key < $1.key }.map { "<input type=\"hidden\" name=\"\($0.key)\" value=\"\($0.value)\">" }
        let fields: HTML = "\(Components.csrf(context))<input type=\"hidden\" name=\"tool\" value=\"\(tool.rawValue)\">\(hidden)"
        if let caseID = filledFor(context, CoachingForms(values)) {
            return "<form id=\"save-result\" class=\"no-print\" method=\"post\" action=\"/cases/\(caseID)/tools\">\(fields)\(Components.submit(t("coaching.save_to_case")))</form>"
        }
        guard actor.has(.entrepreneur) else { return HTML() }
        return """
        <form id="save-result" class="no-print" method="post" action="/tools/save">\(fields)\
        \(Components.checkbox(name: "share", label: t("coaching.share"), checked: true, errors: [:], t))\(Components.submit(t("coaching.save")))</form>
        """
    }

    static func mine(_ context: PageContext, _ saved: [ToolResults.Saved], banks: [TerritoryQueries.PartnerRow]) -> HTML {
        let t = context.t
        let items: [HTML] = saved.map { result in
            let options = [("", t("coaching.no_bank"))] + banks.map { (String($0.id), $0.name) }
            return """
            <li class="saved-tool" id="result-\(result.id)">\(savedLine(context, result))\
            <form method="post" action="/me/tools/\(result.id)/share" class="inline">\(Components.csrf(context))\
            \(Components.select(name: "partner_id", label: t("coaching.share_bank"), options: options, selected: result.partner_id.map(String.init), errors: [:],
                                idPrefix: "r\(result.id)-", t))\(Components.submit(t("coaching.share_bank_save")))</form></li>
            """
        }
        return Layout.page(context, title: t("coaching.mine"), """
        <h1>\(t("coaching.mine"))</h1><p><a href="/tools">\(t("coaching.title"))</a></p><p class="muted">\(t("coaching.share_bank_lead"))</p>\
        \(saved.isEmpty ? HTML("<p class=\"muted\">\(t("coaching.none_saved"))</p>") : HTML("<ul id=\"saved-tools\" class=\"plain\">\(items)</ul>"))
        """)
    }

    /// A saved result as a link that reopens it, with who it is shared with.
    static func savedLine(_ context: PageContext, _ result: ToolResults.Saved) -> HTML {
        let t = context.t
        let partner: HTML = result.partner_name.map { " · <span class=\"shared-bank\">\(t("coaching.shared_with", ["partner": $0]))</span>" } ?? ""
        return """
        <a href="\(result.link)">\(t("coaching.\(result.tool).title"))</a> · \(t.date(result.created_at))\
        \(result.shared ? HTML(" · \(t("coaching.shared"))") : HTML())\(partner)
        """
    }

    /// On a case page: what the person shared, and the tools to fill in with them during a session.
    static func caseSection(_ context: PageContext, caseID: Int, _ saved: [ToolResults.Saved]) -> HTML {
        let t = context.t
        let items: [HTML] = saved.map { "<li class=\"saved-tool\">\(savedLine(context, $0))</li>" }
        let fill: [HTML] = CoachingTool.allCases.map { "<a class=\"button secondary\" href=\"\($0.path)?for=\(caseID)\">\(t("coaching.\($0.rawValue).title"))</a>" }
        return """
        <section id="tools" class="card"><h2>\(t("coaching.case_title"))</h2>\
        \(items.isEmpty ? HTML("<p class=\"muted\">\(t("coaching.none_shared"))</p>") : HTML("<ul>\(items)</ul>"))\
        <p class="actions">\(t("coaching.fill_with")) \(fill)</p></section>
        """
    }

    /// Without the person's consent to share their contact with partners, the bank sees the figures, not who they are.
    private static func who(_ row: ToolResults.SharedWithPartner, _ t: Localizer) -> HTML {
        guard row.sharesContact else { return "<span class=\"muted\">\(t("referral.no_consent"))</span>" }
        return "\([row.last_name, row.first_name].filter { !$0.isEmpty }.joined(separator: " ")) · <span class=\"ltr\">\(BeneficiaryViews.displayPhone(row.phone))</span>"
    }

    /// Results people chose to show a partner institution, for its officers.
    static func sharedWithPartner(_ context: PageContext, _ rows: [ToolResults.SharedWithPartner]) -> HTML {
        let t = context.t
        let items: [HTML] = rows.map { row in
            """
            <li class="saved-tool">\(who(row, t)) · <a href="\(row.link)">\(t("coaching.\(row.tool).title"))</a> · \(t.date(row.created_at))</li>
            """
        }
        return Layout.page(context, title: t("coaching.partner_title"), """
        <h1>\(t("coaching.partner_title"))</h1><p class="muted">\(t("coaching.partner_lead"))</p>\
        \(items.isEmpty ? HTML("<p class=\"muted\">\(t("coaching.none_saved"))</p>") : HTML("<ul id=\"shared-results\">\(items)</ul>"))
        """)
    }

    static func loan(_ context: PageContext, _ form: CoachingForms, _ schedule: LoanSchedule?) -> HTML {
        let t = context.t
        let e = form.problems
        let kinds = LoanSchedule.Deferral.allCases.map { ($0.rawValue, t("coaching.deferral.\($0.rawValue)")) }
        var result = HTML()
        if let schedule {
            let rows: [HTML] = schedule.rows.map { row in
                "<tr><td>\(t.number(row.month))</td><td>\(money(t, row.payment))</td><td>\(money(t, row.interest))</td><td>\(money(t, row.principal))</td><td>\(money(t, row.balance))</td></tr>"
            }
            result = """
            <section id="loan-result" class="card"><h2>\(t("coaching.result"))</h2><dl class="facts" id="loan-summary">\
            <dt>\(t("coaching.loan.instalment"))</dt><dd>\(money(t, schedule.instalment))</dd>\
            <dt>\(t("coaching.loan.total_interest"))</dt><dd>\(money(t, schedule.totalInterest))</dd>\
            <dt>\(t("coaching.loan.total_cost"))</dt><dd>\(money(t, schedule.totalCost))</dd>\
            <dt>\(t("coaching.loan.total_paid"))</dt><dd>\(money(t, schedule.totalPaid))</dd></dl>\
            <div class="table-wrap"><table id="schedule"><thead><tr><th scope="col">\(t("coaching.loan.month"))</th><th scope="col">\(t("coaching.loan.payment"))</th>\
            <th scope="col">\(t("coaching.loan.interest"))</th><th scope="col">\(t("coaching.loan.principal_part"))</th><th scope="col">\(t("coaching.loan.balance"))</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>\(saveForm(context, .loan, form.values))</section>
            """
        }
        return Layout.page(context, title: t("coaching.loan.title"), scripts: [Assets.toolsScriptPath], """
        \(toolHeader(context, form, .loan))\
        <form id="loan-form" method="get" action="/tools/loan">\(Components.formErrors(e, t))\(carriedCase(form))\
        \(field(form, e, "principal", t("coaching.loan.principal"), t))\(field(form, e, "rate", t("coaching.loan.rate"), t))\
        \(field(form, e, "months", t("coaching.loan.months"), inputmode: "numeric", t))\
        \(field(form, e, "deferral", t("coaching.loan.deferral"), required: false, inputmode: "numeric", t))\
        \(Components.select(name: "deferral_kind", label: t("coaching.loan.deferral_kind"), options: kinds, selected: form.values["deferral_kind"], errors: e, t))\
        \(field(form, e, "fees", t("coaching.loan.fees"), required: false, t))\
        <button type="submit" name="go" value="1">\(t("coaching.compute"))</button></form>\(result)
        """)
    }

    static func autoEntrepreneur(_ context: PageContext, _ form: CoachingForms, _ reference: (rules: AutoEntrepreneurRules, activities: [CoachingReference.Named]),
                                 _ estimate: AutoEntrepreneurEstimate?) -> HTML {
        let t = context.t
        let e = form.problems
        let activities = reference.activities.map { ($0.code, $0.name[context.language]) }
        var result = HTML()
        if let estimate {
            let verdict = estimate.fits ? t("coaching.ae.fits", ["headroom": money(t, estimate.headroom)])
                                        : t("coaching.ae.above", ["ceiling": money(t, estimate.ceiling), "excess": money(t, -estimate.headroom)])
            let withholding: HTML = estimate.withholding > 0 ? """
                <dt>\(t("coaching.ae.withheld"))</dt><dd>\(money(t, estimate.withholding)) (\(t("coaching.ae.withheld_on", ["amount": money(t, estimate.turnoverWithheld)])))</dd>
                """ : HTML()
            result = """
            <section id="ae-result" class="card"><h2>\(t("coaching.result"))</h2><p id="ae-verdict" class="\(estimate.fits ? "ok" : "warning")">\(verdict)</p>\
            <dl class="facts"><dt>\(t("coaching.ae.tax"))</dt><dd>\(money(t, estimate.tax))</dd>\(withholding)\
            <dt>\(t("coaching.ae.total"))</dt><dd id="ae-total">\(money(t, estimate.totalTax))</dd></dl>\(saveForm(context, .autoEntrepreneur, form.values))</section>
            """
        }
        return Layout.page(context, title: t("coaching.auto_entrepreneur.title"), scripts: [Assets.toolsScriptPath], """
        \(toolHeader(context, form, .autoEntrepreneur))\
        <form id="ae-form" method="get" action="/tools/auto-entrepreneur">\(Components.formErrors(e, t))\(carriedCase(form))\
        \(Components.select(name: "activity", label: t("coaching.ae.activity"), options: activities, selected: form.values["activity"], errors: e, t))\
        \(field(form, e, "turnover", t("coaching.ae.turnover"), t))\
        \(field(form, e, "largest_client", t("coaching.ae.largest_client"), required: false, t))\
        <button type="submit" name="go" value="1">\(t("coaching.compute"))</button></form>\(result)\
        <p class="muted" id="ae-source">\(t("coaching.source", ["date": reference.rules.validity.from.description])) <span lang="fr">\(reference.rules.source)</span></p>
        """)
    }

    /// A template's figures, and the financing the reference data suggests, as the budget form's values.
    static func budgetValues(_ template: CoachingReference.Template?,
                             financing: CoachingReference.Financing = CoachingReference.shipped.financing) -> [String: String] {
        guard let template else { return [:] }
        let loan = template.investments * financing.loanShareOfInvestmentsPercent / 100
        var values = ["template": template.code, "variable_percent": "\(template.variableCostPercent)", "fixed_costs": "\(template.monthlyFixedCosts)",
                      "investments": "\(template.investments)", "own_funds": "\(template.investments - loan)", "loan_principal": "\(loan)",
                      "loan_months": "\(financing.loanMonths)", "loan_rate": "\(financing.loanRatePercent)", "honour_months": "\(financing.honourLoanMonths)"]
        for (index, amount) in BudgetForecast.Plan.seasonal(averageMonth: template.averageMonth, coefficients: template.coefficients).enumerated() {
            values["sales_\(index + 1)"] = "\(amount)"
        }
        return values
    }

    static func budget(_ context: PageContext, _ values: [String: String], _ templates: [CoachingReference.Template], errors e: [String: FieldProblem],
                       _ forecast: BudgetForecast?) -> HTML {
        let t = context.t
        let form = CoachingForms(values)
        let options = templates.map { ($0.code, $0.name[context.language]) }
        let months: [HTML] = (1...12).map { field(form, e, "sales_\($0)", t("coaching.budget.sales_month", ["n": String($0)]), t) }
        var result = HTML()
        if let forecast {
            let rows: [HTML] = forecast.months.map { month in
                """
                <tr\(month.cash < 0 ? HTML(" class=\"negative\"") : HTML())><td>\(t.number(month.month))</td><td>\(money(t, month.sales))</td><td>\(money(t, month.variableCosts))</td>\
                <td>\(money(t, month.margin))</td><td>\(money(t, month.fixedCosts))</td><td>\(money(t, month.repayments))</td><td>\(money(t, month.net))</td><td>\(money(t, month.cash))</td></tr>
                """
            }
            let warnings: [HTML] = forecast.warnings.map { warning in
                switch warning {
                case .financingShort(let missing): "<li>\(t("coaching.budget.financing_short", ["missing": money(t, missing)]))</li>"
                case .cashNegative(let month, let cash): "<li>\(t("coaching.budget.cash_negative", ["month": String(month), "cash": money(t, cash)]))</li>"
                case .repaymentsAboveEarnings(let month): "<li>\(t("coaching.budget.repayments_above", ["month": String(month)]))</li>"
                case .belowBreakEven(let average, let breakEven): "<li>\(t("coaching.budget.below_break_even", ["average": money(t, average), "break_even": money(t, breakEven)]))</li>"
                }
            }
            result = """
            <section id="budget-result" class="card"><h2>\(t("coaching.result"))</h2>\
            \(warnings.isEmpty ? HTML("<p id=\"no-warnings\" class=\"ok\">\(t("coaching.budget.no_warning"))</p>") : HTML("<ul id=\"warnings\" class=\"warning\">\(warnings)</ul>"))\
            <dl class="facts"><dt>\(t("coaching.budget.opening_cash"))</dt><dd>\(money(t, forecast.openingCash))</dd>\
            <dt>\(t("coaching.budget.break_even"))</dt><dd id="break-even">\(forecast.breakEvenSales.map { money(t, $0) } ?? "—")</dd>\
            <dt>\(t("coaching.budget.year_margin"))</dt><dd>\(money(t, forecast.yearMargin))</dd>\
            <dt>\(t("coaching.budget.year_net"))</dt><dd>\(money(t, forecast.yearNet))</dd></dl>\
            <div class="table-wrap"><table id="forecast"><thead><tr><th scope="col">\(t("coaching.loan.month"))</th><th scope="col">\(t("coaching.budget.sales"))</th>\
            <th scope="col">\(t("coaching.budget.variable"))</th><th scope="col">\(t("coaching.budget.margin"))</th><th scope="col">\(t("coaching.budget.fixed"))</th>\
            <th scope="col">\(t("coaching.budget.repayments"))</th><th scope="col">\(t("coaching.budget.net"))</th><th scope="col">\(t("coaching.budget.cash"))</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>\(saveForm(context, .budget, values))</section>
            """
        }
        return Layout.page(context, title: t("coaching.budget.title"), scripts: [Assets.toolsScriptPath], """
        \(toolHeader(context, form, .budget))\
        <form id="template-form" method="get" action="/tools/budget">\(carriedCase(form))\
        \(Components.select(name: "template", label: t("coaching.budget.template"), options: options, selected: values["template"], errors: [:], t))\
        <button type="submit" class="secondary">\(t("coaching.budget.use_template"))</button></form>\
        <form id="budget-form" method="get" action="/tools/budget">\(Components.formErrors(e, t))\(carriedCase(form))<input type="hidden" name="template" value="\(values["template"] ?? "")">\
        <fieldset><legend>\(t("coaching.budget.sales"))</legend>\(months)</fieldset>\
        <fieldset><legend>\(t("coaching.budget.costs"))</legend>\(field(form, e, "variable_percent", t("coaching.budget.variable_percent"), t))\
        \(field(form, e, "fixed_costs", t("coaching.budget.fixed_costs"), t))\(field(form, e, "investments", t("coaching.budget.investments"), t))</fieldset>\
        <fieldset><legend>\(t("coaching.budget.financing"))</legend>\(field(form, e, "own_funds", t("coaching.budget.own_funds"), required: false, t))\
        \(field(form, e, "grant", t("coaching.budget.grant"), required: false, t))\
        \(field(form, e, "loan_principal", t("coaching.budget.loan"), required: false, t))\(field(form, e, "loan_rate", t("coaching.loan.rate"), required: false, t))\
        \(field(form, e, "loan_months", t("coaching.loan.months"), required: false, inputmode: "numeric", t))\
        \(field(form, e, "loan_deferral", t("coaching.loan.deferral"), required: false, inputmode: "numeric", t))\
        \(field(form, e, "honour_principal", t("coaching.budget.honour_loan"), required: false, t))\
        \(field(form, e, "honour_months", t("coaching.budget.honour_months"), required: false, inputmode: "numeric", t))\
        \(field(form, e, "honour_deferral", t("coaching.loan.deferral"), required: false, inputmode: "numeric", t))</fieldset>\
        \(liveTotals(t))<button type="submit" name="go" value="1">\(t("coaching.compute"))</button></form>\(result)
        """)
    }

    /// Filled in as the person types by `tools.js`; without the script it stays hidden and the button computes.
    private static func liveTotals(_ t: Localizer) -> HTML {
        let totals: [HTML] = ["sales", "margin", "fixed", "break_even", "financing_gap"].map {
            "<dt>\(t("coaching.live.\($0)"))</dt><dd data-total=\"\($0)\">—</dd>"
        }
        return """
        <section id="live-totals" class="card" hidden aria-live="polite" data-currency="\(t("currency.mad"))"><h2>\(t("coaching.live.title"))</h2>\
        <dl class="facts">\(totals)</dl></section>
        """
    }
}
