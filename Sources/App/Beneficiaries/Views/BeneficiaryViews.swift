import Domain
import HTML

enum BeneficiaryViews {
    struct ListContext {
        let rows: [BeneficiaryQueries.ListRow]
        let names: ReferenceNames.Snapshot
        let next: BeneficiaryQueries.Cursor?
        let isFirstPage: Bool
    }

    static func list(_ context: PageContext, _ list: ListContext) -> HTML {
        let t = context.t
        let rows: [HTML] = list.rows.map { row in
            """
            <tr><td><a href="/beneficiaries/\(row.id)">\(row.last_name) \(row.first_name)</a></td>\
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
        let body: HTML = rows.isEmpty ? "<p class=\"muted\">\(t("beneficiaries.empty"))</p>" : """
            <div class="table-wrap"><table id="beneficiaries"><caption class="muted">\(t("beneficiaries.caption"))</caption>\
            <thead><tr><th scope="col">\(t("beneficiaries.name"))</th><th scope="col">\(t("beneficiaries.name_ar"))</th>\
            <th scope="col">\(t("beneficiaries.phone"))</th><th scope="col">\(t("beneficiaries.province"))</th>\
            <th scope="col">\(t("beneficiaries.structure"))</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>\(pager)
            """
        return Layout.page(context, title: t("beneficiaries.title"), "<h1>\(t("beneficiaries.title"))</h1>\(body)")
    }

    static func detail(_ context: PageContext, _ person: BeneficiaryQueries.Detail) -> HTML {
        let t = context.t
        let facts: [(String, HTML)] = [
            (t("beneficiaries.name"), "\(person.last_name) \(person.first_name)"),
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
        return Layout.page(context, title: "\(person.last_name) \(person.first_name)", """
        <p><a href="/beneficiaries">\(t("beneficiaries.back"))</a></p>\
        <h1>\(person.last_name) \(person.first_name)</h1>\
        <section class="card"><dl class="facts">\(facts.map { HTML("<dt>\($0.0)</dt><dd>\($0.1)</dd>") })</dl></section>
        """)
    }

    static func displayPhone(_ e164: String?) -> String {
        guard let e164 else { return "" }
        return MoroccanPhone.national(e164: e164) ?? e164
    }
}
