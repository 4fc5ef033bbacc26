import HTML

/// Building blocks shared by pages: labelled fields with their error, alerts, tables, pagination.
enum Components {
    static func csrf(_ context: PageContext) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(context.csrfToken)\">"
    }

    struct Field {
        var name: String
        var label: String
        var type = "text"
        var value: String? = nil
        var hint: HTML? = nil
        var autocomplete: String? = nil
        var inputmode: String? = nil
        var required = true
        var direction: String? = nil
        /// Distinguishes ids when a page holds several forms with the same field names.
        var idPrefix = ""
    }

    /// A label, the input, an optional hint and the field's error, linked with `aria-describedby`.
    static func field(_ field: Field, errors: [String: FieldProblem], _ t: Localizer) -> HTML {
        let id = "f-\(field.idPrefix)\(field.name)"
        let problem = errors[field.name]
        var described: [String] = []
        if field.hint != nil { described.append("\(id)-hint") }
        if problem != nil { described.append("\(id)-error") }
        var attributes = HTML()
        if let value = field.value, field.type != "password" { attributes.append(" value=\"\(value)\"") }
        if let autocomplete = field.autocomplete { attributes.append(" autocomplete=\"\(autocomplete)\"") }
        if let inputmode = field.inputmode { attributes.append(" inputmode=\"\(inputmode)\"") }
        if let direction = field.direction { attributes.append(" dir=\"\(direction)\"") }
        if field.required { attributes.append(" required") }
        if problem != nil { attributes.append(" aria-invalid=\"true\"") }
        if !described.isEmpty { attributes.append(" aria-describedby=\"\(described.joined(separator: " "))\"") }
        return """
        <div class="field"><label for="\(id)">\(field.label)</label>\
        <input id="\(id)" name="\(field.name)" type="\(field.type)"\(attributes)>\
        \(field.hint.map { HTML("<p class=\"hint\" id=\"\(id)-hint\">\($0)</p>") })\
        \(problem.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\(t($0.key, $0.arguments))</p>") })\
        </div>
        """
    }

    static func alert(_ message: String?) -> HTML {
        guard let message else { return HTML() }
        return "<div class=\"alert\" role=\"alert\">\(message)</div>"
    }

    static func notice(_ message: String?) -> HTML {
        guard let message else { return HTML() }
        return "<div class=\"notice\" role=\"status\">\(message)</div>"
    }

    /// The summary above a form that failed validation.
    static func formErrors(_ errors: [String: FieldProblem], _ t: Localizer) -> HTML {
        errors.isEmpty ? HTML() : alert(t("error.validation"))
    }

    static func submit(_ label: String) -> HTML {
        "<button type=\"submit\">\(label)</button>"
    }

    static func select(name: String, label: String, options: [(value: String, label: String)], selected: String?, errors: [String: FieldProblem],
                       idPrefix: String = "", _ t: Localizer) -> HTML {
        let id = "f-\(idPrefix)\(name)"
        let problem = errors[name]
        let items: [HTML] = options.map { option in
            option.value == selected
                ? "<option value=\"\(option.value)\" selected>\(option.label)</option>"
                : "<option value=\"\(option.value)\">\(option.label)</option>"
        }
        return """
        <div class="field"><label for="\(id)">\(label)</label>\
        <select id="\(id)" name="\(name)"\(problem != nil ? HTML(" aria-invalid=\"true\" aria-describedby=\"\(id)-error\"") : HTML())>\(items)</select>\
        \(problem.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\(t($0.key, $0.arguments))</p>") })\
        </div>
        """
    }
}

extension Components {
    static func checkbox(name: String, label: String, value: String = "on", checked: Bool, errors: [String: FieldProblem], idPrefix: String = "",
                         _ t: Localizer) -> HTML {
        let id = "f-\(idPrefix)\(name)" + (value == "on" ? "" : "-\(value)")
        let problem = errors[name]
        return """
        <div class="field check"><input type="checkbox" id="\(id)" name="\(name)" value="\(value)"\(checked ? HTML(" checked") : HTML())\
        \(problem != nil ? HTML(" aria-invalid=\"true\" aria-describedby=\"\(id)-error\"") : HTML())>\
        <label for="\(id)">\(label)</label>\
        \(problem.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\(t($0.key, $0.arguments))</p>") })</div>
        """
    }

    static func textarea(name: String, label: String, value: String?, errors: [String: FieldProblem], idPrefix: String = "", _ t: Localizer) -> HTML {
        let id = "f-\(idPrefix)\(name)"
        let problem = errors[name]
        return """
        <div class="field"><label for="\(id)">\(label)</label>\
        <textarea id="\(id)" name="\(name)" rows="3"\(problem != nil ? HTML(" aria-invalid=\"true\" aria-describedby=\"\(id)-error\"") : HTML())>\(value ?? "")</textarea>\
        \(problem.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\(t($0.key, $0.arguments))</p>") })</div>
        """
    }

    /// Options for a select: an empty choice first, then codes shown through `prefix.code` locale keys.
    static func options<Code: RawRepresentable>(_ codes: [Code], prefix: String, empty: String?, _ t: Localizer) -> [(value: String, label: String)] where Code.RawValue == String {
        (empty.map { [("", $0)] } ?? []) + codes.map { ($0.rawValue, t("\(prefix).\($0.rawValue)")) }
    }
}
