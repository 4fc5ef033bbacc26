import HTML

enum ImportViews {
    static func upload(_ context: PageContext, structures: [TerritoryQueries.StructureRow], errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        let structureField: HTML = structures.count == 1
            ? "<input type=\"hidden\" name=\"structure_id\" value=\"\(structures[0].id)\">"
            : Components.select(name: "structure_id", label: t("registry.structure_id"), options: [("", t("registry.choose"))] + structures.map { (String($0.id), $0.name) },
                                selected: nil, errors: e, t)
        return Layout.page(context, title: t("import.title"), """
        <p><a href="/beneficiaries">\(t("beneficiaries.back"))</a></p><h1>\(t("import.title"))</h1>\(Components.formErrors(e, t))\
        <p>\(t("import.lead"))</p>\
        <form method="post" action="/beneficiaries/import" enctype="multipart/form-data" id="import-form">\(Components.csrf(context))\
        <div class="field"><label for="f-file">\(t("import.file"))</label><input id="f-file" name="file" type="file" accept=".csv,.txt,.xlsx" required\
        \(e["file"] != nil ? HTML(" aria-invalid=\"true\" aria-describedby=\"f-file-error\"") : HTML())>\
        \(e["file"].map { HTML("<p class=\"field-error\" id=\"f-file-error\">\(t($0.key, $0.arguments))</p>") })</div>\
        \(structureField)\
        \(Components.checkbox(name: "consent_attested", label: t("import.consent"), checked: false, errors: e, t))\
        \(Components.submit(t("import.upload")))</form>
        """)
    }

    static func preview(_ context: PageContext, _ upload: BeneficiaryImport.Uploaded, checked: BeneficiaryImport.Checked?, errors e: [String: FieldProblem]) -> HTML {
        let t = context.t
        let targets = BeneficiaryImport.Target.allCases.map { ($0.rawValue, t("import.target.\($0.rawValue)")) }
        let mapping: [HTML] = upload.header.enumerated().map { index, heading in
            let sample = upload.rows.prefix(3).map { index < $0.count ? $0[index] : "" }.joined(separator: " · ")
            return "<tr><td>\(heading)</td><td class=\"muted\">\(sample)</td><td>\(Components.select(name: "column_\(index)", label: t("import.meaning", ["column": heading]), options: targets, selected: upload.mapping[index].rawValue, errors: [:], t))</td></tr>"
        }
        var summary = HTML()
        if let checked {
            let problems: [HTML] = checked.verdicts.compactMap { line, verdict in
                switch verdict {
                case .rejected(let fields): return "<li>\(t("import.line", ["line": String(line)])) : \(fields.sorted { $0.key < $1.key }.map { "\(t("import.target.\(fieldTarget($0.key))")) — \(t($0.value.key, $0.value.arguments))" }.joined(separator: " ; "))</li>"
                case .skipped(let reason): return "<li>\(t("import.line", ["line": String(line)])) : \(t(reason))</li>"
                case .ready: return nil
                }
            }
            summary = """
            <section class="card" id="import-summary"><h2>\(t("import.check"))</h2>\
            <p>\(t("import.counts", ["ready": t.number(checked.ready.count), "rejected": t.number(checked.rejectedCount), "skipped": t.number(checked.skippedCount)]))</p>\
            <ul>\(problems.prefix(50))</ul>\(problems.count > 50 ? HTML("<p class=\"muted\">\(t("import.more_in_report"))</p>") : HTML())\
            <form method="post" action="/beneficiaries/import/\(upload.id)/run" id="import-run-form">\(Components.csrf(context))\
            \(Components.submit(t("import.run", ["count": t.number(checked.ready.count)])))</form></section>
            """
        }
        return Layout.page(context, title: t("import.title"), """
        <h1>\(t("import.title"))</h1><p>\(upload.filename) · \(t("import.rows", ["count": t.number(upload.rows.count)]))</p>\
        \(Components.formErrors(e, t))\(e["mapping"].map { Components.alert(t($0.key)) } ?? HTML())\
        <form method="post" action="/beneficiaries/import/\(upload.id)/mapping" id="mapping-form">\(Components.csrf(context))\
        <div class="table-wrap"><table id="mapping"><thead><tr><th scope="col">\(t("import.column"))</th><th scope="col">\(t("import.sample"))</th>\
        <th scope="col">\(t("import.target"))</th></tr></thead><tbody>\(mapping)</tbody></table></div>\
        \(Components.submit(t("import.recheck")))</form>\(summary)
        """)
    }

    static func done(_ context: PageContext, _ upload: BeneficiaryImport.Uploaded) -> HTML {
        let t = context.t
        return Layout.page(context, title: t("import.title"), """
        <h1>\(t("import.title"))</h1>\
        <section class="card" id="import-done"><p>\(upload.filename)</p>\
        <p>\(t("import.done", ["imported": t.number(upload.imported ?? 0), "rejected": t.number(upload.rejected ?? 0), "skipped": t.number(upload.skipped ?? 0)]))</p>\
        <p><a id="import-report" href="/beneficiaries/import/\(upload.id)/report.csv" download>\(t("import.report"))</a> · <a href="/cases?all=1">\(t("caseload.title"))</a></p></section>
        """)
    }

    /// Rejected and skipped lines with their reasons, then the line as it was in the file.
    static func report(_ upload: BeneficiaryImport.Uploaded, _ checked: BeneficiaryImport.Checked, _ t: Localizer) -> String {
        var csv = CSVExport(header: [t("import.report_line"), t("import.report_reason")] + upload.header)
        for (line, verdict) in checked.verdicts {
            let reason: String
            switch verdict {
            case .ready: continue
            case .rejected(let fields): reason = fields.sorted { $0.key < $1.key }.map { "\(t("import.target.\(fieldTarget($0.key))")) : \(t($0.value.key, $0.value.arguments))" }.joined(separator: " ; ")
            case .skipped(let key): reason = t(key)
            }
            csv.append([String(line), reason] + (upload.rows.indices.contains(line - 2) ? upload.rows[line - 2] : []))
        }
        return csv.text
    }

    /// The registration form's field names as the import's column meanings.
    private static func fieldTarget(_ field: String) -> String {
        switch field {
        case "province_id": "province"
        case "business_kind": "business_name"
        default: BeneficiaryImport.Target(rawValue: field) != nil ? field : "ignore"
        }
    }
}
