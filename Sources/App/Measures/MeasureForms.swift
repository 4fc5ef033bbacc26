import Domain
import Foundation

/// What an administrator writes about a measure (everything but its rule), checked field by field.
struct MeasureDraft: Sendable, Codable, Equatable {
    var code: String
    var kind: MeasureKind
    var name: LocalizedText
    var summary: LocalizedText
    var operatorName: String
    var benefits: LocalizedText
    var maxAmount: Dirhams?
    var ratePercent: Decimal?
    var durationMonths: Int?
    var deferralMonths: Int?
    var documents: LocalizedText
    var howToApply: LocalizedText
    var sourceURL: String
    var status: MeasureStatus
    var opensOn: String?
    var closesOn: String?
    var themes: [String]
}

/// A new version of a measure's rule: its criteria text, the day it starts, and the text of law or programme it
/// comes from.
struct RuleDraft: Sendable, Codable, Equatable {
    var text: String
    var validFrom: String
    var source: String
}

enum MeasureForms {
    typealias Values = [String: String]

    /// Reads the measure form; `themes` arrive as one comma-separated value (the API) or as checked boxes joined.
    static func measure(_ values: Values, code fixedCode: String?) throws(AppError) -> MeasureDraft {
        var validator = Validator()
        let code = fixedCode ?? validator.code("code", values["code"])
        let kind = MeasureKind(rawValue: values["kind"] ?? "")
        if kind == nil { validator.add("kind", "validation.choice") }
        let status = MeasureStatus(rawValue: values["status"] ?? "")
        if status == nil { validator.add("status", "validation.choice") }
        let name = validator.localized("name", values, maxLength: 160)
        let summary = validator.localized("summary", values, maxLength: 600)
        let benefits = validator.localized("benefits", values, maxLength: 1000)
        // One document per line; a one-line input separates them with ";".
        let typed = validator.localized("documents", values, maxLength: 2000, required: false)
        func lines(_ text: String) -> String {
            text.split(whereSeparator: { $0 == ";" || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
        }
        let documents = LocalizedText(fr: lines(typed.fr), ar: lines(typed.ar), en: lines(typed.en))
        let apply = validator.localized("apply", values, maxLength: 1000)
        let operatorName = validator.required("operator_name", values["operator_name"], maxLength: 200)
        let source = values["source_url"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !(source.hasPrefix("https://") || source.hasPrefix("http://")) || source.count > 500 || source.contains(" ") {
            validator.add("source_url", "measure.source_url_invalid")
        }
        var maxAmount: Dirhams?
        if let raw = given(values["max_amount"]) {
            maxAmount = Dirhams(parsing: raw)
            if maxAmount == nil { validator.add("max_amount", "validation.amount") }
        }
        var rate: Decimal?
        if let raw = given(values["rate_percent"]) {
            rate = Decimal(string: raw.replacingOccurrences(of: ",", with: "."), locale: Locale(identifier: "en_US_POSIX"))
            if rate == nil || rate! < 0 || rate! > 100 || !raw.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }) {
                validator.add("rate_percent", "measure.rate_invalid"); rate = nil
            }
        }
        let duration = months("duration_months", values, &validator)
        let deferral = months("deferral_months", values, &validator)
        if let duration, let deferral, deferral >= duration { validator.add("deferral_months", "measure.deferral_too_long") }
        let opens = day("opens_on", values, &validator)
        let closes = day("closes_on", values, &validator)
        if let opens, let closes, closes < opens { validator.add("closes_on", "measure.closes_before_opening") }
        if status == .upcoming, opens == nil, validator.problems["opens_on"] == nil { validator.add("opens_on", "measure.opening_required") }
        let themes = (values["themes"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if themes.contains(where: { !ThemeTaxonomy.shipped.contains($0) }) { validator.add("themes", "validation.choice") }
        try validator.check()
        return MeasureDraft(code: code, kind: kind!, name: name, summary: summary, operatorName: operatorName, benefits: benefits,
                            maxAmount: maxAmount, ratePercent: rate, durationMonths: duration, deferralMonths: deferral, documents: documents,
                            howToApply: apply, sourceURL: source, status: status!, opensOn: opens?.description, closesOn: closes?.description,
                            themes: themes)
    }

    /// Reads a new rule version; the criteria text is parsed so a mistake is refused with its line.
    static func rule(_ values: Values) throws(AppError) -> (draft: RuleDraft, criteria: Criterion) {
        var validator = Validator()
        let text = values["criteria"] ?? ""
        var criteria: Criterion = .all([])
        if text.count > 5000 { validator.add("criteria", "validation.too_long", ["max": "5000"]) }
        else {
            do { criteria = try CriteriaText.parse(text, vocabulary: EligibilityVocabulary.fields) }
            catch { validator.add("criteria", EligibilityVocabulary.problem(error).key, EligibilityVocabulary.problem(error).arguments) }
        }
        let from = day("valid_from", values, &validator)
        if from == nil, validator.problems["valid_from"] == nil { validator.add("valid_from", "validation.date") }
        let source = validator.required("rule_source", values["rule_source"], maxLength: 1000)
        try validator.check()
        return (RuleDraft(text: CriteriaText.render(criteria), validFrom: from!.description, source: source), criteria)
    }

    private static func given(_ value: String?) -> String? {
        guard let value = value?.trimmed, !value.isEmpty else { return nil }
        return value
    }

    private static func months(_ field: String, _ values: Values, _ validator: inout Validator) -> Int? {
        guard let raw = given(values[field]) else { return nil }
        guard let months = Int(raw), (1...600).contains(months) else { validator.add(field, "validation.range", ["min": "1", "max": "600"]); return nil }
        return months
    }

    private static func day(_ field: String, _ values: Values, _ validator: inout Validator) -> Day? {
        guard let raw = given(values[field]) else { return nil }
        guard let day = Day(iso: raw) else { validator.add(field, "validation.date"); return nil }
        return day
    }
}

extension MeasureDraft {
    init(shipped entry: ShippedMeasures.Entry) throws {
        self.init(code: entry.code, kind: entry.kind, name: entry.name, summary: entry.summary, operatorName: entry.operator, benefits: entry.benefits,
                  maxAmount: entry.maxAmount.flatMap(Dirhams.init(parsing:)), ratePercent: entry.ratePercent.flatMap { Decimal(string: $0) },
                  durationMonths: entry.durationMonths, deferralMonths: entry.deferralMonths, documents: entry.documents, howToApply: entry.apply,
                  sourceURL: entry.sourceURL, status: entry.status, opensOn: entry.opensOn, closesOn: entry.closesOn, themes: entry.themes)
    }

    /// The form's values for this draft, to fill the edit page.
    var values: MeasureForms.Values {
        var values: MeasureForms.Values = ["code": code, "kind": kind.rawValue, "operator_name": operatorName, "source_url": sourceURL,
                                           "status": status.rawValue, "opens_on": opensOn ?? "", "closes_on": closesOn ?? "",
                                           "themes": themes.joined(separator: ","),
                                           "max_amount": maxAmount.map { "\($0.decimal)" } ?? "", "rate_percent": ratePercent.map { "\($0)" } ?? "",
                                           "duration_months": durationMonths.map(String.init) ?? "", "deferral_months": deferralMonths.map(String.init) ?? ""]
        let documentsLine = LocalizedText(fr: documents.fr.replacingOccurrences(of: "\n", with: " ; "), ar: documents.ar.replacingOccurrences(of: "\n", with: " ; "),
                                          en: documents.en.replacingOccurrences(of: "\n", with: " ; "))
        for (prefix, text) in [("name", name), ("summary", summary), ("benefits", benefits), ("documents", documentsLine), ("apply", howToApply)] {
            values["\(prefix)_fr"] = text.fr; values["\(prefix)_ar"] = text.ar; values["\(prefix)_en"] = text.en
        }
        return values
    }
}
