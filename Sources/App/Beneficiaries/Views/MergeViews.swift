import HTML

/// The part of a person's page where an advisor folds a duplicate record into it, and undoes such merges.
enum MergeViews {
    struct Context {
        var lookAlikes: [BeneficiaryRegistry.Duplicate] = []
        var merges: [BeneficiaryMerges.Merge] = []
        var typedID: String?
        var errors: [String: FieldProblem] = [:]
    }

    static func sections(_ page: PageContext, survivorID: Int, _ context: Context) -> HTML {
        let t = page.t
        let suggestions: [HTML] = context.lookAlikes.compactMap { duplicate in
            guard let name = duplicate.name else { return nil }
            let reasons = duplicate.reasons.map { t("duplicate.\($0.rawValue)") }.joined(separator: ", ")
            return """
            <li><a href="/beneficiaries/\(duplicate.id)">\(name)</a> · \(duplicate.structureName ?? "") · \(reasons)\
            <form method="post" action="/beneficiaries/\(survivorID)/merge" class="inline">\(Components.csrf(page))\
            <input type="hidden" name="absorbed_id" value="\(duplicate.id)"><button type="submit" class="link">\(t("merge.into_this"))</button></form></li>
            """
        }
        let list: HTML = suggestions.isEmpty ? "<p class=\"muted\">\(t("merge.none"))</p>" : "<ul id=\"look-alikes\">\(suggestions)</ul>"
        let byNumber = Components.Field(name: "absorbed_id", label: t("merge.other_id"), value: context.typedID,
                                        hint: "\(t("merge.other_id_hint"))", inputmode: "numeric", idPrefix: "merge-")
        return """
        <section class="card" id="merge"><h2>\(t("merge.title"))</h2><p class="muted">\(t("merge.explain"))</p>\(list)\
        <form method="post" action="/beneficiaries/\(survivorID)/merge" id="merge-form">\(Components.csrf(page))\
        \(Components.formErrors(context.errors, t))\(Components.field(byNumber, errors: context.errors, t))\(Components.submit(t("merge.submit")))</form>\
        </section>\(history(page, context.merges))
        """
    }

    private static func history(_ page: PageContext, _ merges: [BeneficiaryMerges.Merge]) -> HTML {
        guard !merges.isEmpty else { return HTML() }
        let t = page.t
        let items: [HTML] = merges.map { merge in
            let name = BeneficiaryViews.displayName(merge.absorbed_last_name, merge.absorbed_first_name, merge.absorbed_full_name_ar, t)
            let state: HTML = merge.undone_at.map { "<span class=\"muted\">\(t("merge.undone_on", ["date": t.date($0)]))</span>" } ?? """
                <form method="post" action="/merges/\(merge.id)/undo" class="inline">\(Components.csrf(page))\
                <button type="submit" class="link">\(t("merge.undo"))</button></form>
                """
            return """
            <li>\(t("merge.item", ["id": String(merge.absorbed_id), "name": name, "date": t.date(merge.merged_at), "who": merge.merged_by_name ?? "?"]))\
             · \(t("merge.moved", ["businesses": String(merge.movedBusinesses.count), "cases": String(merge.movedCases.count)])) · \(state)</li>
            """
        }
        return "<section class=\"card\" id=\"merges\"><h2>\(t("merge.history"))</h2><ul>\(items)</ul></section>"
    }
}
