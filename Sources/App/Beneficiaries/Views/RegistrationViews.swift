import HTML

/// The form an advisor fills when meeting someone: the person, then optionally a business or a project.
enum RegistrationViews {
    struct Context {
        var fields: BeneficiaryDraft.Fields
        var errors: [String: FieldProblem] = [:]
        var duplicates: [BeneficiaryRegistry.Duplicate] = []
        var structures: [TerritoryQueries.StructureRow]
        var provinces: [TerritoryQueries.ProvinceRow]
    }

    static func form(_ context: PageContext, _ form: Context) -> HTML {
        let t = context.t
        let f = form.fields
        let e = form.errors
        func text(_ name: String, _ value: String?, inputmode: String? = nil, direction: String? = nil, hint: String? = nil, type: String = "text") -> HTML {
            Components.field(.init(name: name, label: t("registry.\(name)"), type: type, value: value, hint: hint.map { HTML("\($0)") },
                                   inputmode: inputmode, required: false, direction: direction), errors: e, t)
        }
        let structureOptions = form.structures.map { (value: String($0.id), label: $0.name) }
        let provinceOptions = [("", t("registry.unknown"))] + form.provinces.map { (value: String($0.id), label: $0.name_fr) }
        let presence = Set(f.digital_presence ?? [])
        // One structure within reach needs no question.
        let structureField: HTML = structureOptions.count == 1 && e["structure_id"] == nil
            ? "<input type=\"hidden\" name=\"structure_id\" value=\"\(structureOptions[0].value)\">"
            : Components.select(name: "structure_id", label: t("registry.structure_id"), options: [("", t("registry.choose"))] + structureOptions,
                                selected: f.structure_id, errors: e, t)
        return Layout.page(context, title: t("registry.new_title"), """
        <p><a href="/beneficiaries">\(t("beneficiaries.back"))</a></p>\
        <h1>\(t("registry.new_title"))</h1>\
        \(Components.formErrors(e, t))\(duplicatesBlock(context, form.duplicates))\
        <form method="post" action="/beneficiaries" class="stack" novalidate>\(Components.csrf(context))\
        \(personFields(context, f, e, structureField: structureField, provinces: provinceOptions))\
        <fieldset><legend>\(t("registry.activity"))</legend>\
        \(Components.select(name: "business_kind", label: t("registry.business_kind"), options: [("none", t("business_kind.none"))] + Components.options(BusinessKind.allCases, prefix: "business_kind", empty: nil, t), selected: f.business_kind ?? "none", errors: e, t))\
        \(text("business_name", f.business_name))\
        \(Components.select(name: "legal_status", label: t("registry.legal_status"), options: Components.options(LegalStatus.allCases, prefix: "legal_status", empty: t("registry.choose"), t), selected: f.legal_status, errors: e, t))\
        \(Components.select(name: "sector", label: t("registry.sector"), options: Components.options(Sector.allCases, prefix: "sector", empty: t("registry.unknown"), t), selected: f.sector, errors: e, t))\
        \(text("started_on", f.started_on, type: "date"))\(text("staff", f.staff, inputmode: "numeric"))\
        \(Components.select(name: "turnover_band", label: t("registry.turnover_band"), options: Components.options(TurnoverBand.allCases, prefix: "turnover_band", empty: t("registry.unknown"), t), selected: f.turnover_band, errors: e, t))\
        <p class="hint">\(t("registry.identifiers_hint"))</p>\
        \(text("ice", f.ice, inputmode: "numeric", direction: "ltr", hint: t("registry.ice_hint")))\(text("rc", f.rc, direction: "ltr"))\(text("tax_id", f.tax_id, inputmode: "numeric", direction: "ltr"))\
        <fieldset class="checks"><legend>\(t("registry.digital_presence"))</legend>\
        \(DigitalPresence.allCases.map { Components.checkbox(name: "digital_presence", label: t("digital_presence.\($0.rawValue)"), value: $0.rawValue, checked: presence.contains($0.rawValue), errors: e, t) })\
        </fieldset></fieldset>\
        <fieldset><legend>\(t("registry.consent_title"))</legend>\
        \(Components.checkbox(name: "consent", label: t("registry.consent"), checked: f.consent != nil, errors: e, t))\
        \(Components.checkbox(name: "share_with_partners", label: t("registry.share_with_partners"), checked: f.share_with_partners != nil, errors: e, t))\
        </fieldset>\
        \(form.duplicates.isEmpty ? HTML() : Components.checkbox(name: "confirm_duplicate", label: t("registry.confirm_duplicate"), checked: false, errors: e, t))\
        \(Components.submit(t("registry.save")))</form>
        """)
    }

    /// Staff correcting what is held about a person: the same fields as at registration, consent aside (it is the
    /// person's to give or withdraw).
    static func edit(_ context: PageContext, id: Int, name: String, fields: BeneficiaryDraft.Fields, errors e: [String: FieldProblem],
                     provinces: [TerritoryQueries.ProvinceRow]) -> HTML {
        let t = context.t
        let provinceOptions = [("", t("registry.unknown"))] + provinces.map { (value: String($0.id), label: $0.name_fr) }
        return Layout.page(context, title: t("registry.edit_title"), """
        <p><a href="/beneficiaries/\(id)">\(name)</a></p><h1>\(t("registry.edit_title"))</h1>\(Components.formErrors(e, t))\
        <form method="post" action="/beneficiaries/\(id)/edit" class="stack" id="edit-form" novalidate>\(Components.csrf(context))\
        \(personFields(context, fields, e, structureField: HTML(), provinces: provinceOptions))\(Components.submit(t("registry.save")))</form>
        """)
    }

    /// The person's fieldset, shared by registration and correction by staff.
    static func personFields(_ context: PageContext, _ f: BeneficiaryDraft.Fields, _ e: [String: FieldProblem], structureField: HTML,
                             provinces provinceOptions: [(value: String, label: String)]) -> HTML {
        let t = context.t
        func text(_ name: String, _ value: String?, inputmode: String? = nil, direction: String? = nil, hint: String? = nil, type: String = "text") -> HTML {
            Components.field(.init(name: name, label: t("registry.\(name)"), type: type, value: value, hint: hint.map { HTML("\($0)") },
                                   inputmode: inputmode, required: false, direction: direction), errors: e, t)
        }
        return """
        <fieldset><legend>\(t("registry.person"))</legend>\
        <p class="hint">\(t("registry.names_hint"))</p>\
        \(text("first_name", f.first_name))\(text("last_name", f.last_name))\
        \(text("full_name_ar", f.full_name_ar, direction: "rtl"))\
        \(Components.select(name: "gender", label: t("registry.gender"), options: Components.options(Gender.allCases, prefix: "gender", empty: nil, t), selected: f.gender, errors: e, t))\
        \(text("birth_year", f.birth_year, inputmode: "numeric"))\
        \(text("phone", f.phone, inputmode: "tel", direction: "ltr", hint: t("phone.hint") + " 06 12 34 56 78", type: "tel"))\
        \(text("cin", f.cin, direction: "ltr", hint: t("registry.cin_hint")))\
        \(Components.select(name: "preferred_language", label: t("registry.preferred_language"), options: Language.allCases.map { ($0.rawValue, $0.endonym) }, selected: f.preferred_language ?? context.language.rawValue, errors: e, t))\
        \(structureField)\
        \(Components.select(name: "province_id", label: t("registry.province_id"), options: provinceOptions, selected: f.province_id, errors: e, t))\
        </fieldset>
        """
    }

    private static func duplicatesBlock(_ context: PageContext, _ duplicates: [BeneficiaryRegistry.Duplicate]) -> HTML {
        guard !duplicates.isEmpty else { return HTML() }
        let t = context.t
        let items: [HTML] = duplicates.map { duplicate in
            let reasons = duplicate.reasons.map { t("duplicate.\($0.rawValue)") }.joined(separator: ", ")
            let who: HTML = duplicate.name.map { "<a href=\"/beneficiaries/\(duplicate.id)\">\($0)</a>" }
                ?? "\(t("duplicate.outside_scope", ["structure": duplicate.structureName ?? "?"]))"
            return "<li>\(who) · \(reasons)</li>"
        }
        return "<section class=\"card warning\" id=\"duplicates\" role=\"alert\"><h2>\(t("duplicate.title"))</h2><p>\(t("duplicate.lead"))</p><ul>\(items)</ul></section>"
    }
}
