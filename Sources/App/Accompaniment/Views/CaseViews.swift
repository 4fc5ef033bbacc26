import Domain
import Foundation
import HTML

enum CaseViews {
    struct Caseload {
        let rows: [CaseQueries.CaseloadRow]
        let summary: (open: Int, attention: Int)
        let everyone: Bool
        let page: Int
        let hasNext: Bool
        let quietDays: Int
    }

    static func caseload(_ context: PageContext, _ caseload: Caseload) -> HTML {
        let t = context.t
        let now = Date()
        let items: [HTML] = caseload.rows.map { row in
            let name = BeneficiaryViews.displayName(row.last_name, row.first_name, row.full_name_ar, t)
            var flags: [HTML] = []
            if let days = row.daysSinceContact(now: now), days >= caseload.quietDays { flags.append("<span class=\"flag\">\(t("caseload.quiet", ["days": t.number(days)]))</span>") }
            if row.overdue_actions > 0 { flags.append("<span class=\"flag\">\(t("caseload.overdue", ["count": t.number(row.overdue_actions)]))</span>") }
            if row.waiting_referrals > 0 { flags.append("<span class=\"flag\">\(t("caseload.waiting", ["count": t.number(row.waiting_referrals)]))</span>") }
            return """
            <tr><td><a href="/cases/\(row.id)">\(name)</a></td><td>\(t("stage.\(row.stage)"))</td>\
            <td>\(row.last_contact_at.map { t.date($0) } ?? "")</td><td>\(flags)</td></tr>
            """
        }
        let everyone = caseload.everyone
        let toggle: HTML = everyone ? "<a href=\"/cases\">\(t("caseload.mine"))</a>" : "<a href=\"/cases?all=1\">\(t("caseload.everyone"))</a>"
        func pageLink(_ page: Int) -> String { URLEncoding.url("/cases", (everyone ? [("all", "1")] : []) + [("page", String(page))]) }
        let pager: HTML = caseload.page == 1 && !caseload.hasNext ? "" : """
            <nav class="pager" aria-label="\(t("list.pages"))">\
            \(caseload.page == 1 ? HTML("<span></span>") : HTML("<a rel=\"prev\" href=\"\(pageLink(caseload.page - 1))\">\(t("list.previous"))</a>"))\
            \(caseload.hasNext ? HTML("<a rel=\"next\" href=\"\(pageLink(caseload.page + 1))\">\(t("list.next"))</a>") : HTML())</nav>
            """
        return Layout.page(context, title: t("caseload.title"), """
        <h1>\(t("caseload.title"))</h1><p>\(toggle) · <a href="/beneficiaries/new">\(t("registry.new_title"))</a> · \
        <a id="caseload-csv" href="\(everyone ? "/cases.csv?all=1" : "/cases.csv")" download>\(t("caseload.download"))</a> · \
        <a id="caseload-xlsx" href="\(everyone ? "/cases.xlsx?all=1" : "/cases.xlsx")" download>\(t("caseload.download_xlsx"))</a></p>\
        <p id="attention">\(t("caseload.summary", ["open": t.number(caseload.summary.open), "attention": t.number(caseload.summary.attention)]))</p>\
        \(caseload.rows.isEmpty ? HTML("<p class=\"muted\">\(t("caseload.empty"))</p>") : HTML("""
        <div class="table-wrap"><table id="caseload"><thead><tr><th scope="col">\(t("beneficiaries.name"))</th><th scope="col">\(t("case.stage"))</th>\
        <th scope="col">\(t("caseload.last_contact"))</th><th scope="col">\(t("caseload.attention"))</th></tr></thead><tbody>\(items)</tbody></table></div>
        """))\(pager)
        """)
    }

    static func page(_ context: PageContext, _ item: AccompanimentService.CaseRow, timeline: CaseQueries.Timeline,
                     partners: [TerritoryQueries.PartnerRow], diagnostics: HTML, errors e: [String: FieldProblem], notice: String?) -> HTML {
        let t = context.t
        let closed = item.stageValue == .closed
        let name = BeneficiaryViews.displayName(item.last_name, item.first_name, item.full_name_ar, t)
        let stageForm: HTML = """
        <form method="post" action="/cases/\(item.id)/stage" id="stage-form" class="inline">\(Components.csrf(context))\
        <input type="hidden" name="version" value="\(item.version)">\
        \(Components.select(name: "stage", label: t("case.stage"), options: Components.options(CaseStage.allCases, prefix: "stage", empty: nil, t), selected: item.stage, errors: e, idPrefix: "stage-", t))\
        \(Components.select(name: "closed_reason", label: t("case.closed_reason"), options: Components.options(ClosedReason.allCases, prefix: "closed_reason", empty: "—", t), selected: item.closed_reason, errors: e, idPrefix: "stage-", t))\
        \(Components.submit(t("case.move")))</form>
        """
        return Layout.page(context, title: name, """
        <p><a href="/cases">\(t("caseload.title"))</a> · <a href="/beneficiaries/\(item.beneficiary_id)">\(t("case.person_file"))</a></p>\
        <h1>\(name)</h1>\(Components.notice(notice))\(Components.formErrors(e, t))\
        <section class="card" id="case-summary"><dl class="facts">\
        <dt>\(t("case.stage"))</dt><dd id="case-stage">\(t("stage.\(item.stage)"))\(item.closed_reason.map { HTML(" · \(t("closed_reason.\($0)"))") })</dd>\
        <dt>\(t("beneficiaries.structure"))</dt><dd>\(item.structure_name)</dd>\
        <dt>\(t("case.advisor"))</dt><dd>\(item.advisor_name ?? t("case.no_advisor"))</dd>\
        <dt>\(t("case.opened"))</dt><dd>\(t.date(item.opened_at))</dd></dl>\(stageForm)</section>\
        \(diagnostics)\
        \(actions(context, item, timeline.actions, e, closed))\
        \(interactions(context, item, timeline.interactions, e, closed))\
        \(referrals(context, item, timeline.referrals, partners, e, closed))\
        \(outcomes(context, item, timeline.outcomes, e))
        """)
    }

    private static func actions(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ rows: [CaseQueries.ActionRow],
                                _ e: [String: FieldProblem], _ closed: Bool) -> HTML {
        let t = context.t
        let today = CalendarDate(Date()).string
        let list: [HTML] = rows.map { row in
            let overdue = row.status == "open" && (row.due_on ?? "9999") < today
            let done: HTML = row.status == "open" ? """
                <form method="post" action="/cases/\(item.id)/actions/\(row.id)" class="inline">\(Components.csrf(context))\
                <input type="hidden" name="status" value="done"><button type="submit" class="link">\(t("action.mark_done"))</button></form>
                """ : ""
            return "<li class=\"\(overdue ? "overdue" : row.status)\">\(row.title) · \(t("owner.\(row.owner)"))\(row.due_on.map { HTML(" · \(t("action.due", ["date": $0]))") }) · \(t("action_status.\(row.status)"))\(overdue ? HTML(" · <strong>\(t("action.overdue"))</strong>") : HTML()) \(done)</li>"
        }
        let form: HTML = closed ? "" : """
        <form method="post" action="/cases/\(item.id)/actions" id="action-form">\(Components.csrf(context))\
        \(Components.field(.init(name: "title", label: t("action.title"), idPrefix: "action-"), errors: e, t))\
        \(Components.select(name: "owner", label: t("action.owner"), options: Components.options(ActionOwner.allCases, prefix: "owner", empty: nil, t), selected: nil, errors: e, idPrefix: "action-", t))\
        \(Components.field(.init(name: "due_on", label: t("action.due_on"), type: "date", required: false, idPrefix: "action-"), errors: e, t))\
        \(Components.submit(t("action.add")))</form>
        """
        return "<section class=\"card\" id=\"plan\"><h2>\(t("case.plan"))</h2><ul>\(list)</ul>\(form)</section>"
    }

    private static func interactions(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ rows: [CaseQueries.InteractionRow],
                                     _ e: [String: FieldProblem], _ closed: Bool) -> HTML {
        let t = context.t
        let themes = ThemeTaxonomy.shipped
        let list: [HTML] = rows.map { row in
            let topics = row.topics.split(separator: ",").map { themes.name(String($0), in: context.language) }.joined(separator: ", ")
            return "<li><strong>\(row.occurred_on)</strong> · \(t("interaction.\(row.kind)"))\(row.duration_minutes.map { HTML(" · \(t("interaction.minutes", ["minutes": t.number($0)]))") })\(topics.isEmpty ? HTML() : HTML(" · \(topics)"))\(row.author_name.map { HTML(" · \($0)") })\(row.notes.map { HTML("<br>\($0)") })</li>"
        }
        let form: HTML = closed ? "" : """
        <form method="post" action="/cases/\(item.id)/interactions" id="interaction-form">\(Components.csrf(context))\
        \(Components.select(name: "kind", label: t("interaction.kind"), options: Components.options(InteractionKind.allCases, prefix: "interaction", empty: nil, t), selected: nil, errors: e, idPrefix: "interaction-", t))\
        \(Components.field(.init(name: "occurred_on", label: t("interaction.date"), type: "date", value: CalendarDate(Date()).string, required: false, idPrefix: "interaction-"), errors: e, t))\
        \(Components.field(.init(name: "duration_minutes", label: t("interaction.duration"), inputmode: "numeric", required: false, idPrefix: "interaction-"), errors: e, t))\
        <fieldset class="checks"><legend>\(t("interaction.topics"))</legend>\(themes.themes.filter { $0.parent != nil }.map { theme in
            Components.checkbox(name: "topics", label: theme.names[context.language] ?? theme.code, value: theme.code, checked: false, errors: e, idPrefix: "interaction-", t)
        })</fieldset>\
        \(Components.textarea(name: "notes", label: t("interaction.notes"), value: nil, errors: e, idPrefix: "interaction-", t))\
        \(Components.submit(t("interaction.add")))</form>
        """
        return "<section class=\"card\" id=\"timeline\"><h2>\(t("case.timeline"))</h2><ul>\(list)</ul>\(form)</section>"
    }

    private static func referrals(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ rows: [CaseQueries.ReferralRow],
                                  _ partners: [TerritoryQueries.PartnerRow], _ e: [String: FieldProblem], _ closed: Bool) -> HTML {
        let t = context.t
        let list: [HTML] = rows.map { row in
            "<li>\(row.partner_name)\(row.measure.map { HTML(" · \($0)") }) · <strong>\(t("referral_status.\(row.status)"))</strong>\(row.granted_centimes.map { HTML(" · \(t.money(Dirhams(centimes: $0).decimal))") })\(row.answer_reason.map { HTML(" · \($0)") }) · \(t.date(row.sent_at))</li>"
        }
        let form: HTML = closed ? "" : """
        <form method="post" action="/cases/\(item.id)/referrals" id="referral-form">\(Components.csrf(context))\
        \(Components.select(name: "partner_id", label: t("referral.partner"), options: [("", t("registry.choose"))] + partners.map { (String($0.id), $0.name) }, selected: nil, errors: e, idPrefix: "referral-", t))\
        \(Components.field(.init(name: "measure", label: t("referral.measure"), required: false, idPrefix: "referral-"), errors: e, t))\
        \(Components.field(.init(name: "requested_amount", label: t("referral.requested"), inputmode: "decimal", required: false, idPrefix: "referral-"), errors: e, t))\
        \(Components.textarea(name: "note", label: t("referral.note"), value: nil, errors: e, idPrefix: "referral-", t))\
        \(Components.submit(t("referral.send")))</form>
        """
        return "<section class=\"card\" id=\"referrals\"><h2>\(t("case.referrals"))</h2><ul>\(list)</ul>\(form)</section>"
    }

    private static func outcomes(_ context: PageContext, _ item: AccompanimentService.CaseRow, _ rows: [CaseQueries.OutcomeRow], _ e: [String: FieldProblem]) -> HTML {
        let t = context.t
        let list: [HTML] = rows.map { row in
            var parts: [String] = [row.occurred_on, t("outcome.\(row.kind)")]
            if let status = row.legal_status { parts.append(t("legal_status.\(status)")) }
            if let amount = row.amount_centimes { parts.append(t.money(Dirhams(centimes: amount).decimal)) }
            if let source = row.source { parts.append(source) }
            if let created = row.jobs_created { parts.append(t("outcome.jobs_created_n", ["count": t.number(created)])) }
            if let kept = row.jobs_kept { parts.append(t("outcome.jobs_kept_n", ["count": t.number(kept)])) }
            if let detail = row.detail { parts.append(detail) }
            if let confirmed = row.confirmed_at { parts.append(t("outcome.confirmed_on", ["date": t.date(confirmed)])) }
            return "<li>\(parts.joined(separator: " · "))</li>"
        }
        let form: HTML = """
        <form method="post" action="/cases/\(item.id)/outcomes" id="outcome-form">\(Components.csrf(context))\
        \(Components.select(name: "kind", label: t("outcome.kind"), options: Components.options(OutcomeKind.allCases, prefix: "outcome", empty: nil, t), selected: nil, errors: e, idPrefix: "outcome-", t))\
        \(Components.field(.init(name: "occurred_on", label: t("outcome.date"), type: "date", value: CalendarDate(Date()).string, required: false, idPrefix: "outcome-"), errors: e, t))\
        \(Components.select(name: "legal_status", label: t("outcome.legal_status"), options: Components.options(LegalStatus.allCases, prefix: "legal_status", empty: "—", t), selected: nil, errors: e, idPrefix: "outcome-", t))\
        \(Components.field(.init(name: "amount", label: t("outcome.amount"), inputmode: "decimal", required: false, idPrefix: "outcome-"), errors: e, t))\
        \(Components.field(.init(name: "source", label: t("outcome.source"), required: false, idPrefix: "outcome-"), errors: e, t))\
        \(Components.field(.init(name: "jobs_created", label: t("outcome.jobs_created"), inputmode: "numeric", required: false, idPrefix: "outcome-"), errors: e, t))\
        \(Components.field(.init(name: "jobs_kept", label: t("outcome.jobs_kept"), inputmode: "numeric", required: false, idPrefix: "outcome-"), errors: e, t))\
        \(Components.textarea(name: "detail", label: t("outcome.detail"), value: nil, errors: e, idPrefix: "outcome-", t))\
        \(Components.submit(t("outcome.add")))</form>
        """
        return "<section class=\"card\" id=\"outcomes\"><h2>\(t("case.outcomes"))</h2><ul>\(list)</ul>\(form)</section>"
    }

    static func inbox(_ context: PageContext, rows: [CaseQueries.InboxRow], errors e: [String: FieldProblem], failedID: Int?, notice: String?) -> HTML {
        let t = context.t
        let items: [HTML] = rows.map { row in
            // Without the beneficiary's consent to share, the partner sees the need and the advisor to call, not the person.
            let who: HTML = row.sharesContact
                ? "\([row.last_name, row.first_name].filter { !$0.isEmpty }.joined(separator: " ")) · <span class=\"ltr\">\(BeneficiaryViews.displayPhone(row.phone))</span>"
                : "\(t("referral.no_consent"))"
            let errors = row.id == failedID ? e : [:]
            let status = ReferralStatus(rawValue: row.status) ?? .sent
            let form: HTML = status.partnerAnswers.isEmpty ? "" : """
            <form method="post" action="/referrals/\(row.id)/answer" class="answer">\(Components.csrf(context))\
            \(Components.select(name: "status", label: t("referral.answer"), options: status.partnerAnswers.map { ($0.rawValue, t("referral_status.\($0.rawValue)")) }, selected: nil, errors: errors, idPrefix: "r\(row.id)-", t))\
            \(Components.field(.init(name: "granted_amount", label: t("referral.granted"), inputmode: "decimal", required: false, idPrefix: "r\(row.id)-"), errors: errors, t))\
            \(Components.field(.init(name: "answer_reason", label: t("referral.reason"), required: false, idPrefix: "r\(row.id)-"), errors: errors, t))\
            \(Components.submit(t("referral.send_answer")))</form>
            """
            return """
            <li class="card" id="referral-\(row.id)"><h2>\(row.measure ?? t("referral.no_measure"))</h2>\
            <p>\(who)</p><p>\(row.structure_name) · \(row.advisor_name ?? t("case.no_advisor")) · \(t.date(row.sent_at))</p>\
            \(row.note.map { HTML("<p>\($0)</p>") })\(row.requested_centimes.map { HTML("<p>\(t("referral.requested")): \(t.money(Dirhams(centimes: $0).decimal))</p>") })\
            <p><strong class="status">\(t("referral_status.\(row.status)"))</strong>\(row.granted_centimes.map { HTML(" · \(t.money(Dirhams(centimes: $0).decimal))") })\(row.answer_reason.map { HTML(" · \($0)") })</p>\(form)</li>
            """
        }
        return Layout.page(context, title: t("referral.inbox"), """
        <h1>\(t("referral.inbox"))</h1>\(Components.notice(notice))\(Components.formErrors(e, t))\
        \(rows.isEmpty ? HTML("<p class=\"muted\">\(t("referral.empty"))</p>") : HTML("<ul class=\"plain\" id=\"inbox\">\(items)</ul>"))
        """)
    }
}
