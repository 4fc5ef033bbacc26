import Foundation
import Domain
import HTML

/// The entrepreneur's view of their own record.
enum MyDataViews {
    static func register(_ context: PageContext, fields f: BeneficiaryDraft.Fields, provinces: [TerritoryQueries.ProvinceRow], errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        func text(_ name: String, _ value: String?, direction: String? = nil) -> HTML {
            Components.field(.init(name: name, label: t("registry.\(name)"), value: value, required: false, direction: direction), errors: e, t)
        }
        return Layout.page(context, title: t("rights.title"), """
        <h1>\(t("rights.title"))</h1><p>\(t("rights.register_lead"))</p>\(Components.formErrors(e, t))\
        <form method="post" action="/me/data/register" id="self-register-form" novalidate>\(Components.csrf(context))\
        \(text("first_name", f.first_name))\(text("last_name", f.last_name))\(text("full_name_ar", f.full_name_ar, direction: "rtl"))\
        \(Components.select(name: "gender", label: t("registry.gender"), options: Components.options(Gender.allCases, prefix: "gender", empty: nil, t), selected: f.gender, errors: e, t))\
        \(Components.field(.init(name: "birth_year", label: t("registry.birth_year"), value: f.birth_year, inputmode: "numeric", required: false), errors: e, t))\
        \(Components.select(name: "province_id", label: t("registry.province_id"), options: [("", t("registry.choose"))] + provinces.map { (String($0.id), $0.name_fr) }, selected: f.province_id, errors: e, t))\
        \(Components.select(name: "preferred_language", label: t("registry.preferred_language"), options: Language.allCases.map { ($0.rawValue, $0.endonym) }, selected: f.preferred_language ?? context.language.rawValue, errors: e, t))\
        \(Components.select(name: "business_kind", label: t("registry.business_kind"), options: [("none", t("business_kind.none"))] + Components.options(BusinessKind.allCases, prefix: "business_kind", empty: nil, t), selected: f.business_kind ?? "none", errors: e, t))\
        \(text("business_name", f.business_name))\
        \(Components.select(name: "legal_status", label: t("registry.legal_status"), options: Components.options(LegalStatus.allCases, prefix: "legal_status", empty: t("registry.choose"), t), selected: f.legal_status, errors: e, t))\
        \(Components.checkbox(name: "consent", label: t("rights.consent"), checked: f.consent != nil, errors: e, t))\
        \(Components.checkbox(name: "share_with_partners", label: t("registry.share_with_partners"), checked: f.share_with_partners != nil, errors: e, t))\
        \(Components.submit(t("rights.register")))</form>
        """)
    }

    /// A result as the person reads it, with a button to confirm it: the programme's figures count confirmed results apart.
    private static func outcome(_ context: PageContext, _ outcome: APIDTO.Outcome) -> HTML {
        let t = context.t
        var parts = [outcome.occurredOn, t("outcome.\(outcome.kind)")]
        if let status = outcome.legalStatus { parts.append(t("legal_status.\(status)")) }
        if let amount = outcome.amount.flatMap({ Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }) { parts.append(t.money(amount)) }
        if let created = outcome.jobsCreated { parts.append(t("outcome.jobs_created_n", ["count": t.number(created)])) }
        if let kept = outcome.jobsKept { parts.append(t("outcome.jobs_kept_n", ["count": t.number(kept)])) }
        let state: HTML = outcome.confirmedAt.map { " · \(t("outcome.confirmed_on", ["date": t.date($0)]))" } ?? """
             <form method="post" action="/me/data/outcomes/\(outcome.id)/confirm" class="inline">\(Components.csrf(context))\
            <button type="submit" class="link">\(t("outcome.confirm"))</button></form>
            """
        return "<li class=\"outcome\">\(parts.joined(separator: " · "))\(state)</li>"
    }

    /// Earlier records of the same person, merged into this one by an advisor: still held, so shown.
    private static func merged(_ context: PageContext, _ records: [PersonalDataRights.Copy.Person]) -> HTML {
        guard !records.isEmpty else { return HTML() }
        let t = context.t
        let items: [HTML] = records.map { record in
            let name = BeneficiaryViews.displayName(record.lastName, record.firstName, record.fullNameAr, t)
            let details = [BeneficiaryViews.displayPhone(record.phone), record.cin ?? "", record.structure ?? ""].filter { !$0.isEmpty }
            return "<li>\(name)\(details.isEmpty ? "" : " · " + details.joined(separator: " · "))</li>"
        }
        return "<section class=\"card\" id=\"merged-records\"><h2>\(t("rights.merged_records"))</h2><ul>\(items)</ul></section>"
    }

    static func show(_ context: PageContext, _ copy: PersonalDataRights.Copy, errors e: [String: FieldProblem], notice: String?) -> HTML {
        let t = context.t
        let p = copy.person
        let facts: [(String, String)] = [
            (t("registry.first_name"), p.firstName), (t("registry.last_name"), p.lastName), (t("registry.full_name_ar"), p.fullNameAr ?? ""),
            (t("registry.gender"), t("gender.\(p.gender)")), (t("registry.birth_year"), p.birthYear.map(String.init) ?? ""),
            (t("registry.phone"), BeneficiaryViews.displayPhone(p.phone)), (t("beneficiaries.cin"), p.cin ?? ""),
            (t("beneficiaries.region"), p.region), (t("beneficiaries.province"), p.province ?? ""), (t("beneficiaries.structure"), p.structure ?? ""),
            (t("beneficiaries.consent"), p.consentAt.map { t.date($0) + " · " + t("consent.\(p.consentPurpose ?? "accompaniment")") } ?? t("beneficiaries.no_consent")),
        ]
        let cases: [HTML] = copy.cases.map { item in
            """
            <li>\(t("stage.\(item.stage)")) · \(item.structure) · \(item.advisor ?? t("case.no_advisor"))\
            <ul>\(item.actions.map { HTML("<li>\($0.title) · \(t("action_status.\($0.status)"))\($0.dueOn.map { d in HTML(" · \(t("action.due", ["date": d]))") })</li>") })\
            \(item.referrals.map { HTML("<li>\($0.partner) · \(t("referral_status.\($0.status)"))</li>") })\
            \(item.outcomes.map { outcome(context, $0) })</ul></li>
            """
        }
        let accesses: [HTML] = copy.accesses.prefix(50).map { "<li>\(t.dateTime($0.at)) · \($0.who) · \(t("rights.access.\($0.action)"))</li>" }
        return Layout.page(context, title: t("rights.title"), """
        <h1>\(t("rights.title"))</h1>\(Components.notice(notice))\(Components.formErrors(e, t))\
        <p>\(t("rights.lead"))</p>\
        <p><a class="button" id="download-data" href="/me/data.json" download>\(t("rights.download"))</a></p>\
        <section class="card" id="held"><h2>\(t("rights.held"))</h2><dl class="facts">\(facts.map { HTML("<dt>\($0.0)</dt><dd>\($0.1)</dd>") })</dl>\
        \(copy.businesses.map { HTML("<p>\($0.name) · \(t("business_kind.\($0.kind)"))\($0.legalStatus.map { s in HTML(" · \(t("legal_status.\(s)"))") })</p>") })</section>\
        \(merged(context, copy.mergedRecords))\
        <section class="card" id="my-cases"><h2>\(t("case.list_title"))</h2><ul>\(cases)</ul></section>\
        <section class="card" id="accesses"><h2>\(t("rights.accesses"))</h2><ul>\(accesses)</ul></section>\
        <section class="card"><h2>\(t("rights.correct"))</h2>\
        <form method="post" action="/me/data/correct" id="correct-form" novalidate>\(Components.csrf(context))\
        \(Components.field(.init(name: "first_name", label: t("registry.first_name"), value: p.firstName, required: false), errors: e, t))\
        \(Components.field(.init(name: "last_name", label: t("registry.last_name"), value: p.lastName, required: false), errors: e, t))\
        \(Components.field(.init(name: "full_name_ar", label: t("registry.full_name_ar"), value: p.fullNameAr, required: false, direction: "rtl"), errors: e, t))\
        \(Components.select(name: "gender", label: t("registry.gender"), options: Components.options(Gender.allCases, prefix: "gender", empty: nil, t), selected: p.gender, errors: e, t))\
        \(Components.field(.init(name: "birth_year", label: t("registry.birth_year"), value: p.birthYear.map(String.init), inputmode: "numeric", required: false), errors: e, t))\
        \(Components.select(name: "preferred_language", label: t("registry.preferred_language"), options: Language.allCases.map { ($0.rawValue, $0.endonym) }, selected: p.preferredLanguage, errors: e, t))\
        \(Components.submit(t("rights.save_correction")))</form></section>\
        \(p.consentAt == nil ? HTML() : HTML("""
        <section class="card"><h2>\(t("rights.withdraw"))</h2><p>\(t("rights.withdraw_lead"))</p>\
        <form method="post" action="/me/data/consent" id="withdraw-form">\(Components.csrf(context))\(Components.submit(t("rights.withdraw")))</form></section>
        """))\
        <section class="card"><h2>\(t("rights.erase"))</h2><p>\(t("rights.erase_lead"))</p>\
        <form method="post" action="/me/data/erase" id="erase-form">\(Components.csrf(context))\
        \(Components.checkbox(name: "confirm", label: t("rights.erase_confirm"), checked: false, errors: e, t))\
        \(Components.submit(t("rights.erase")))</form></section>
        """)
    }
}
