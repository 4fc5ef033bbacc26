import Domain
import HTML

enum CampaignViews {
    struct Failed {
        var form: String
        var values: [String: String]
        var errors: [String: FieldProblem]
    }

    static func list(_ context: PageContext, _ campaigns: [Campaigns.Summary], measures: [Measure], scopes: [(value: String, label: String)], failed: Failed?) -> HTML {
        let t = context.t
        let names = Dictionary(uniqueKeysWithValues: measures.map { ($0.id, $0.name[context.language]) })
        let rows: [HTML] = campaigns.map { campaign in
            """
            <tr><td><a href="/campaigns/\(campaign.id)">\(names[campaign.measure_id] ?? "#\(campaign.measure_id)")</a></td>\
            <td>\(t.dateTime(campaign.created_at))</td><td>\(t("campaign.status.\(campaign.status)"))</td>\
            <td>\(t.number(campaign.eligible))</td><td>\(t.number(campaign.probable))</td><td>\(t.number(campaign.notified))</td></tr>
            """
        }
        let values = failed?.values ?? [:]
        let errors = failed?.errors ?? [:]
        return Layout.page(context, title: t("campaign.title"), """
        <h1>\(t("campaign.title"))</h1><p class="muted">\(t("campaign.lead"))</p>\
        <section class="card"><h2>\(t("campaign.new"))</h2><form method="post" action="/campaigns" id="campaign-new">\(Components.csrf(context))\
        \(Components.formErrors(errors, t))\
        \(Components.select(name: "measure_id", label: t("campaign.measure"), options: [("", t("registry.choose"))] + measures.map { (String($0.id), $0.name[context.language]) }, selected: values["measure_id"], errors: errors, t))\
        \(Components.select(name: "scope", label: t("campaign.scope"), options: scopes, selected: values["scope"], errors: errors, t))\
        \(Components.checkbox(name: "include_probable", label: t("campaign.include_probable"), checked: values["include_probable"] != nil, errors: errors, t))\
        \(Components.submit(t("campaign.create")))</form></section>\
        <div class="table-wrap"><table id="campaigns"><thead><tr><th scope="col">\(t("campaign.measure"))</th><th scope="col">\(t("campaign.created"))</th>\
        <th scope="col">\(t("measure.status"))</th><th scope="col">\(t("campaign.eligible"))</th><th scope="col">\(t("campaign.probable"))</th>\
        <th scope="col">\(t("campaign.notified"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """)
    }

    static func show(_ context: PageContext, _ campaign: Campaigns.Summary, measure: Measure?, recipients: [Campaigns.Recipient], after: Int) -> HTML {
        let t = context.t
        let rows: [HTML] = recipients.map { person in
            let toggle: HTML = campaign.status == Campaigns.Status.ready.rawValue ? """
                <form method="post" action="/campaigns/\(campaign.id)/recipients/\(person.beneficiary_id)" class="inline">\(Components.csrf(context))\
                <input type="hidden" name="excluded" value="\(person.excluded ? "0" : "1")"><input type="hidden" name="after" value="\(after)">\
                <button type="submit" class="link">\(t(person.excluded ? "campaign.include" : "campaign.exclude"))</button></form>
                """ : HTML()
            return """
            <tr\(person.excluded ? HTML(" class=\"excluded\"") : HTML())><td><a href="/beneficiaries/\(person.beneficiary_id)">\(person.last_name) \(person.first_name)</a>\
            \(person.full_name_ar.map { HTML(" <span dir=\"rtl\">\($0)</span>") })</td>\
            <td>\(t("eligibility.verdict.\(person.verdict)"))</td><td>\(t(person.reachable ? "campaign.reachable" : "campaign.unreachable"))</td>\
            <td>\(person.excluded ? t("campaign.excluded") : "")\(toggle)</td></tr>
            """
        }
        let next: HTML = recipients.count == 100 ? "<p><a rel=\"next\" href=\"/campaigns/\(campaign.id)?after=\(recipients.last!.beneficiary_id)\">\(t("pagination.next"))</a></p>" : HTML()
        let send: HTML = campaign.status == Campaigns.Status.ready.rawValue ? """
            <form method="post" action="/campaigns/\(campaign.id)/send" id="campaign-send">\(Components.csrf(context))\(Components.submit(t("campaign.send")))</form>
            """ : HTML()
        return Layout.page(context, title: t("campaign.title"), """
        <p><a href="/campaigns">\(t("campaign.title"))</a></p>\
        <h1>\(measure?.name[context.language] ?? "#\(campaign.measure_id)")</h1>\
        <p id="campaign-status"><strong>\(t("campaign.status.\(campaign.status)"))</strong> · \
        \(t("campaign.counts", ["scanned": t.number(campaign.scanned), "eligible": t.number(campaign.eligible), "probable": t.number(campaign.probable), "notified": t.number(campaign.notified)]))</p>\
        \(campaign.status == Campaigns.Status.building.rawValue ? HTML("<p><a href=\"/campaigns/\(campaign.id)\">\(t("campaign.refresh"))</a></p>") : HTML())\
        \(send)\
        <div class="table-wrap"><table id="recipients"><thead><tr><th scope="col">\(t("registry.name"))</th><th scope="col">\(t("campaign.verdict"))</th>\
        <th scope="col">\(t("campaign.contact"))</th><th scope="col"></th></tr></thead><tbody>\(rows)</tbody></table></div>\(next)
        """)
    }
}
