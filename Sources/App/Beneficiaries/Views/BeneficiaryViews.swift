import Domain
import HTML
import NIOConcurrencyHelpers

enum BeneficiaryViews {
    struct ListContext {
        let rows: [BeneficiaryQueries.ListRow]
        let names: ReferenceNames.Snapshot
        let next: BeneficiaryQueries.Cursor?
        let isFirstPage: Bool
        /// Whose records: the search form offers the provinces and advisors within it.
        let scope: PersonalDataScope
        var search = SearchQuery()
        var truncated = false
        var canRegister = false
    }

    static func list(_ context: PageContext, _ list: ListContext) -> HTML {
        let t = context.t
        let rows: [HTML] = list.rows.map { row in
            """
            <tr><td><a href="/beneficiaries/\(row.id)">\(displayName(row.last_name, row.first_name, row.full_name_ar, t))</a></td>\
            <td lang="ar" dir="rtl">\(row.full_name_ar ?? "")</td>\
            <td><span class="ltr">\(displayPhone(row.phone))</span></td>\
            <td>\(row.province_id.flatMap { list.names.provinces[$0] })</td><td>\(row.structure_id.flatMap { list.names.structures[$0] })</td></tr>
            """
        }
        let pager: HTML = """
        <nav class="pager" aria-label="\(t("list.pages"))">\
        \(list.isFirstPage ? HTML("<span></span>") : HTML("<a href=\"/beneficiaries\">\(t("list.first"))</a>"))\
        \(list.next.map { HTML("<a rel=\"next\" href=\"\(URLEncoding.url("/beneficiaries", [("after", $0.token)]))\">\(t("list.next"))</a>") })\
        </nav>
        """
        let empty = list.search.isSearch ? t("search.none") : t("beneficiaries.empty")
        let body: HTML = rows.isEmpty ? "<p class=\"muted\">\(empty)</p>" : """
            <div class="table-wrap"><table id="beneficiaries"><caption class="muted">\(t("beneficiaries.caption"))</caption>\
            <thead><tr><th scope="col">\(t("beneficiaries.name"))</th><th scope="col">\(t("beneficiaries.name_ar"))</th>\
            <th scope="col">\(t("beneficiaries.phone"))</th><th scope="col">\(t("beneficiaries.province"))</th>\
            <th scope="col">\(t("beneficiaries.structure"))</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>\(list.search.isSearch ? HTML() : pager)
            """
        let register: HTML = list.canRegister
            ? "<p class=\"actions\"><a class=\"button\" href=\"/beneficiaries/new\">\(t("registry.new_title"))</a><a href=\"/beneficiaries/import\">\(t("import.title"))</a></p>" : ""
        let truncated: HTML = list.truncated ? Components.notice(t("search.truncated")) : ""
        return Layout.page(context, title: t("beneficiaries.title"), "<h1>\(t("beneficiaries.title"))</h1>\(register)\(searchForm(context, list))\(truncated)\(body)")
    }

    private struct BlankFormKey: Hashable {
        let language: Language
        let scope: PersonalDataScope
    }

    /// The search form before any search, by language and scope, for the reference names' current snapshot: every
    /// page of a list shows it, and it was a fifth of the page's rendering.
    private static let blankForms = NIOLockedValueBox((generation: -1, forms: [BlankFormKey: HTML]()))

    private static func searchForm(_ context: PageContext, _ list: ListContext) -> HTML {
        guard !list.search.isSearch else { return renderSearchForm(context, list) }
        let key = BlankFormKey(language: context.language, scope: list.scope)
        let generation = list.names.generation
        if let form = blankForms.withLockedValue({ $0.generation == generation ? $0.forms[key] : nil }) { return form }
        let form = renderSearchForm(context, list)
        blankForms.withLockedValue { memo in
            if memo.generation != generation { memo = (generation, [:]) }
            memo.forms[key] = form
        }
        return form
    }

    private static func renderSearchForm(_ context: PageContext, _ list: ListContext) -> HTML {
        let t = context.t
        let search = list.search
        let f = search.filters
        let choices = (provinces: list.names.provinces(in: list.scope), advisors: list.names.advisors(in: list.scope))
        let provinces = [("", t("search.any"))] + choices.provinces.map { (String($0.id), $0.name) }
        let advisors = [("", t("search.any"))] + choices.advisors.map { (String($0.id), $0.name) }
        return """
        <form method="get" action="/beneficiaries" class="search" role="search">\
        <div class="field"><label for="f-q">\(t("search.label"))</label>\
        <input id="f-q" name="q" type="search" value="\(search.text)" aria-describedby="f-q-hint">\
        <p class="hint" id="f-q-hint">\(t("search.hint"))</p></div>\
        \(Components.select(name: "legal_status", label: t("registry.legal_status"), options: Components.options(LegalStatus.allCases, prefix: "legal_status", empty: t("search.any"), t), selected: f.legalStatus?.rawValue, errors: [:], t))\
        \(Components.select(name: "sector", label: t("registry.sector"), options: Components.options(Sector.allCases, prefix: "sector", empty: t("search.any"), t), selected: f.sector?.rawValue, errors: [:], t))\
        \(Components.select(name: "stage", label: t("case.stage"), options: Components.options(CaseStage.allCases, prefix: "stage", empty: t("search.any"), t), selected: f.stage?.rawValue, errors: [:], t))\
        \(Components.select(name: "province", label: t("beneficiaries.province"), options: provinces, selected: f.provinceID.map(String.init), errors: [:], t))\
        \(choices.advisors.count > 1 ? Components.select(name: "advisor", label: t("case.advisor"), options: advisors, selected: f.advisorID.map(String.init), errors: [:], t) : HTML())\
        \(Components.submit(t("search.submit")))</form>
        """
    }

    static func detail(_ context: PageContext, _ person: BeneficiaryQueries.Detail, businesses: [BeneficiaryQueries.BusinessRow],
                       cases: [AccompanimentService.CaseRow], notice: String? = nil, merging: MergeViews.Context? = nil) -> HTML {
        let t = context.t
        let name = displayName(person.last_name, person.first_name, person.full_name_ar, t)
        let facts: [(String, HTML)] = [
            (t("beneficiaries.name"), "\(name)"),
            (t("beneficiaries.name_ar"), "<span lang=\"ar\" dir=\"rtl\">\(person.full_name_ar ?? "")</span>"),
            (t("beneficiaries.gender"), "\(t("gender.\(person.gender)"))"),
            (t("beneficiaries.birth_year"), "\(person.birth_year.map(String.init) ?? "")"),
            (t("beneficiaries.phone"), "<span class=\"ltr\">\(displayPhone(person.phone))</span>"),
            (t("beneficiaries.cin"), "\(person.cin ?? "")"),
            (t("beneficiaries.language"), "\(Language(rawValue: person.preferred_language)?.endonym ?? person.preferred_language)"),
            (t("beneficiaries.region"), "\(person.region_name)"),
            (t("beneficiaries.province"), "\(person.province_name ?? "")"),
            (t("beneficiaries.structure"), "\(person.structure_name ?? "")"),
            (t("beneficiaries.consent"), "\(person.consent_at.map { t.date($0) + " · " + t("consent.\(person.consent_purpose ?? "accompaniment")") } ?? t("beneficiaries.no_consent"))"),
        ]
        let businessList: HTML = businesses.isEmpty ? "<p class=\"muted\">\(t("registry.no_business"))</p>" : "\(businesses.map { business($0, t) })"
        return Layout.page(context, title: name, """
        <p><a href="/beneficiaries">\(t("beneficiaries.back"))</a></p>\
        <h1>\(name)</h1>\(Components.notice(notice))\(mergedInto(person, t))\
        \(merging == nil ? HTML() : HTML("<p class=\"actions\"><a href=\"/beneficiaries/\(person.id)/edit\">\(t("registry.edit_title"))</a></p>"))\
        <section class="card"><dl class="facts">\(facts.map { HTML("<dt>\($0.0)</dt><dd>\($0.1)</dd>") })</dl></section>\
        <section class="card" id="businesses"><h2>\(t("registry.activity"))</h2>\(businessList)</section>\
        <section class="card" id="cases"><h2>\(t("case.list_title"))</h2><ul>\(cases.map { item -> HTML in
            "<li><a href=\"/cases/\(item.id)\">\(t("stage.\(item.stage)"))</a> · \(item.structure_name) · \(item.advisor_name ?? t("case.no_advisor")) · \(t.date(item.opened_at))</li>"
        })</ul></section>\(merging.map { MergeViews.sections(context, survivorID: person.id, $0) })
        """)
    }

    private static func mergedInto(_ person: BeneficiaryQueries.Detail, _ t: Localizer) -> HTML {
        guard let survivor = person.merged_into_id else { return HTML() }
        return "<p class=\"notice\" role=\"status\"><a href=\"/beneficiaries/\(survivor)\">\(t("merge.merged_into", ["id": String(survivor)]))</a></p>"
    }

    private static func business(_ row: BeneficiaryQueries.BusinessRow, _ t: Localizer) -> HTML {
        var facts: [(String, String)] = [(t("registry.business_kind"), t("business_kind.\(row.kind)"))]
        if let status = row.legal_status { facts.append((t("registry.legal_status"), t("legal_status.\(status)"))) }
        if let sector = row.sector { facts.append((t("registry.sector"), t("sector.\(sector)"))) }
        if let started = row.started_on { facts.append((t("registry.started_on"), started)) }
        if let staff = row.staff { facts.append((t("registry.staff"), t.number(staff))) }
        if let band = row.turnover_band { facts.append((t("registry.turnover_band"), t("turnover_band.\(band)"))) }
        if let ice = row.ice { facts.append((t("registry.ice"), ice)) }
        if let rc = row.rc { facts.append((t("registry.rc"), rc)) }
        if let taxID = row.tax_id { facts.append((t("registry.tax_id"), taxID)) }
        let presence = (row.digital_presence ?? "").split(separator: ",").map { t("digital_presence.\($0)") }
        if !presence.isEmpty { facts.append((t("registry.digital_presence"), presence.joined(separator: ", "))) }
        return "<h3>\(row.name)</h3><dl class=\"facts\">\(facts.map { HTML("<dt>\($0.0)</dt><dd>\($0.1)</dd>") })</dl>"
    }

    /// "Last First" in Latin script; the Arabic name when only that was given; a plain label once erased.
    static func displayName(_ last: String, _ first: String, _ arabic: String?, _ t: Localizer) -> String {
        if !last.isEmpty || !first.isEmpty { return "\(last) \(first)" }
        return arabic ?? t("beneficiaries.anonymised")
    }

    static func displayPhone(_ e164: String?) -> String {
        guard let e164 else { return "" }
        return MoroccanPhone.national(e164: e164) ?? e164
    }
}
