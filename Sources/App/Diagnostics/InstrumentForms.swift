import Domain
import Foundation

/// Reads the administrator's forms for instruments and questions, with a message per field.
enum InstrumentForms {
    typealias Values = [String: String]

    static func instrument(_ values: Values, withCode: Bool) throws(AppError) -> (code: String, name: LocalizedText, description: LocalizedText, active: Bool) {
        var validator = Validator()
        let code = withCode ? validator.code("code", values["code"]) : ""
        let name = text("name", values, &validator, maxLength: 120)
        let description = optionalText("description", values, &validator, maxLength: 500) ?? LocalizedText(fr: "", ar: "", en: "")
        try validator.check()
        return (code, name, description, values["active"] != nil)
    }

    static func question(_ values: Values) throws(AppError) -> InstrumentCatalogue.QuestionDraft {
        var validator = Validator()
        let code = validator.code("code", values["code"])
        let position = Int(values["position"]?.trimmingCharacters(in: .whitespaces) ?? "")
        if position == nil || !(1...999).contains(position!) { validator.add("position", "validation.range", ["min": "1", "max": "999"]) }
        let text = text("text", values, &validator, maxLength: 300)
        let options = self.options(values["options"] ?? "", &validator)
        let recommendation = optionalText("recommendation", values, &validator, maxLength: 500)
        let theme = values["theme"].flatMap { $0.isEmpty ? nil : $0 }
        if let theme, !ThemeTaxonomy.shipped.contains(theme) { validator.add("theme", "validation.choice") }
        try validator.check()
        return .init(code: code, position: position ?? 1, text: text, options: options, recommendation: recommendation, theme: theme)
    }

    /// One option per line: the points, then the label in French, Arabic and English, separated by `|`.
    static func optionsText(_ options: [Instrument.Option]) -> String {
        options.map { "\($0.points) | \($0.fr) | \($0.ar) | \($0.en)" }.joined(separator: "\n")
    }

    private static func options(_ text: String, _ validator: inout Validator) -> [Instrument.Option] {
        var options: [Instrument.Option] = []
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (number, line) in lines.enumerated() {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, let points = Int(cells[0]), (0...100).contains(points), !cells[1...].contains(where: \.isEmpty),
                  !cells.contains(where: Validator.hasControlCharacters) else {
                validator.add("options", "instrument.option_line", ["line": String(number + 1)])
                return []
            }
            options.append(.init(points: points, fr: cells[1], ar: cells[2], en: cells[3]))
        }
        if !(2...10).contains(options.count) { validator.add("options", "instrument.option_count") }
        else if options.allSatisfy({ $0.points == 0 }) { validator.add("options", "instrument.option_points") }
        return options
    }

    private static func text(_ prefix: String, _ values: Values, _ validator: inout Validator, maxLength: Int) -> LocalizedText {
        LocalizedText(fr: validator.required("\(prefix)_fr", values["\(prefix)_fr"], maxLength: maxLength),
                      ar: validator.required("\(prefix)_ar", values["\(prefix)_ar"], maxLength: maxLength),
                      en: validator.required("\(prefix)_en", values["\(prefix)_en"], maxLength: maxLength))
    }

    /// Nothing, or the three languages: a text written in one language only would leave the others without it.
    private static func optionalText(_ prefix: String, _ values: Values, _ validator: inout Validator, maxLength: Int) -> LocalizedText? {
        let given = ["fr", "ar", "en"].contains { !(values["\(prefix)_\($0)"]?.trimmed.isEmpty ?? true) }
        return given ? text(prefix, values, &validator, maxLength: maxLength) : nil
    }
}
