import Domain
import Foundation
import HTML

/// The bank-readiness check: the loan asked for, the household's figures, the documents at hand; then the summary the
/// entrepreneur prints or shares before going to the bank.
extension CoachingViews {
    static func bankReadiness(_ context: PageContext, _ form: CoachingForms, _ reference: (rules: BankReadinessRules, documents: [CoachingReference.Named]),
                              _ check: (readiness: BankReadiness, instalment: Decimal)?) -> HTML {
        let t = context.t
        let e = form.problems
        let documents: [HTML] = reference.documents.map {
            Components.checkbox(name: "doc_\($0.code)", label: $0.name[context.language], checked: form.values["doc_\($0.code)"] != nil, errors: e, t)
        }
        return Layout.page(context, title: t("coaching.bank_readiness.title"), scripts: [Assets.toolsScriptPath], """
        \(toolHeader(context, form, .bankReadiness))\
        <form id="bank-form" method="get" action="/tools/bank">\(Components.formErrors(e, t))\(carriedCase(form))\
        <fieldset><legend>\(t("coaching.bank.loan"))</legend>\(field(form, e, "requested", t("coaching.bank.requested"), t))\
        \(field(form, e, "rate", t("coaching.loan.rate"), t))\(field(form, e, "months", t("coaching.loan.months"), inputmode: "numeric", t))</fieldset>\
        <fieldset><legend>\(t("coaching.bank.project"))</legend>\(field(form, e, "project_cost", t("coaching.bank.project_cost"), t))\
        \(field(form, e, "own_contribution", t("coaching.bank.own_contribution"), t))\
        \(field(form, e, "experience_months", t("coaching.bank.experience_months"), inputmode: "numeric", t))</fieldset>\
        <fieldset><legend>\(t("coaching.bank.household"))</legend>\(field(form, e, "monthly_income", t("coaching.bank.monthly_income"), t))\
        \(field(form, e, "existing_repayments", t("coaching.bank.existing_repayments"), required: false, t))\
        \(Components.checkbox(name: "past_unpaid", label: t("coaching.bank.past_unpaid"), checked: form.values["past_unpaid"] != nil, errors: e, t))</fieldset>\
        <fieldset class="checks" id="documents"><legend>\(t("coaching.bank.documents"))</legend>\(documents)</fieldset>\
        <button type="submit" name="go" value="1">\(t("coaching.compute"))</button></form>\
        \(check.map { bankSummary(context, form, reference, $0.readiness, instalment: $0.instalment) })\
        <p class="muted" id="bank-source">\(t("coaching.source", ["date": reference.rules.validity.from.description])) <span lang="fr">\(reference.rules.source)</span></p>
        """)
    }

    private static func bankSummary(_ context: PageContext, _ form: CoachingForms, _ reference: (rules: BankReadinessRules, documents: [CoachingReference.Named]),
                                    _ readiness: BankReadiness, instalment: Decimal) -> HTML {
        let t = context.t
        let findings: [HTML] = readiness.findings.map { finding in
            let text = switch finding {
            case .debtTooHigh(let ratio?, let max): t("coaching.bank.debt_too_high", ["ratio": t.number(ratio), "max": t.number(max)])
            case .debtTooHigh(nil, _): t("coaching.bank.no_income")
            case .pastUnpaid: t("coaching.bank.past_unpaid_advice")
            case .amountAbovePlan(let excess): t("coaching.bank.amount_above_plan", ["excess": t.money(excess)])
            case .planNotFinanced(let shortfall): t("coaching.bank.plan_not_financed", ["shortfall": t.money(shortfall)])
            case .lowOwnContribution(let percent, let min): t("coaching.bank.low_contribution", ["percent": t.number(percent), "min": t.number(min)])
            case .littleExperience(let months, let min): t("coaching.bank.little_experience", ["months": t.number(months), "min": t.number(min)])
            }
            return finding.blocking ? "<li class=\"warning\">\(text)</li>" : "<li>\(text)</li>"
        }
        let names = Dictionary(uniqueKeysWithValues: reference.documents.map { ($0.code, $0.name[context.language]) })
        let missing: [HTML] = readiness.missingDocuments.map { "<li>\(names[$0] ?? $0)</li>" }
        return """
        <section id="bank-result" class="card"><h2>\(t("coaching.bank.summary"))</h2>\
        <p id="bank-level" class="\(readiness.level == .ready ? "ok" : "warning")">\(t("coaching.bank.level.\(readiness.level.rawValue)"))</p>\
        <dl class="facts"><dt>\(t("coaching.loan.instalment"))</dt><dd>\(t.money(instalment))</dd>\
        <dt>\(t("coaching.bank.debt_ratio"))</dt><dd id="debt-ratio">\(readiness.debtRatioPercent.map { "\(t.number($0)) %" } ?? "—")</dd></dl>\
        \(findings.isEmpty ? HTML("<p class=\"ok\">\(t("coaching.bank.no_finding"))</p>") : HTML("<h3>\(t("coaching.bank.points"))</h3><ul id=\"bank-findings\">\(findings)</ul>"))\
        \(missing.isEmpty ? HTML("<p class=\"ok\" id=\"documents-complete\">\(t("coaching.bank.documents_complete"))</p>") : HTML("<h3>\(t("coaching.bank.missing"))</h3><ul id=\"missing-documents\">\(missing)</ul>"))\
        <p class="no-print"><button type="button" class="secondary" data-print>\(t("coaching.print"))</button></p>\
        \(saveForm(context, .bankReadiness, form.values))</section>
        """
    }
}
