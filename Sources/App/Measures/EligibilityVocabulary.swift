import Domain
import Foundation

/// Where a person runs their business, as Intelaka's urban and rural products distinguish it.
enum Setting: String, CaseIterable, Sendable {
    case urban, rural
}

/// Forsa is open to residents, the diaspora and foreigners legally resident in Morocco.
enum Residence: String, CaseIterable, Sendable {
    case morocco, diaspora, foreignResident = "foreign_resident"
}

/// The product's vocabularies as the eligibility engine sees them, and how fields and values read in each language.
enum EligibilityVocabulary {
    /// A project has no legal status yet: criteria name it beside the statuses.
    static let projectStatus = "project"

    static let fields: FieldVocabulary = FieldVocabulary(codes: [
        .gender: ["f", "m"],
        .region: regionCodes,
        .setting: Setting.allCases.map(\.rawValue),
        .residence: Residence.allCases.map(\.rawValue),
        .legalStatus: LegalStatus.allCases.map(\.rawValue) + [projectStatus],
        .sector: Sector.allCases.map(\.rawValue),
    ])

    private static let regionCodes: [String] = ((try? TerritoryReference.load()) ?? []).map(\.code)

    /// The choices offered for a code field, each with its label.
    static func choices(_ field: ProfileField, _ t: Localizer) -> [(value: String, label: String)] {
        (fields.codes[field] ?? []).map { ($0, codeLabel(field, $0, t)) }
    }

    static func codeLabel(_ field: ProfileField, _ code: String, _ t: Localizer) -> String {
        switch field {
        case .gender: t("gender.\(code)")
        case .region: regionNames[code].map { t.language == .ar ? $0.ar : $0.fr } ?? code
        case .legalStatus: t("legal_status.\(code)")
        case .sector: t("sector.\(code)")
        default: t("eligibility.\(field.rawValue).\(code)")
        }
    }

    private static let regionNames: [String: (fr: String, ar: String)] = Dictionary(
        uniqueKeysWithValues: ((try? TerritoryReference.load()) ?? []).map { ($0.code, ($0.nameFR, $0.nameAR)) })

    /// A number in the field's unit: `45 ans`, `1 200 000 DH`, `10 %`.
    static func number(_ field: ProfileField, _ value: Decimal, _ t: Localizer) -> String {
        let text = value.formatted(Decimal.FormatStyle(locale: t.language.locale).precision(.fractionLength(0...1)))
        return t("eligibility.unit.\(field.rawValue)", ["n": text])
    }

    /// What the profile held, as the explanation shows it.
    static func found(_ field: ProfileField, _ value: ProfileValue, _ t: Localizer) -> String {
        switch value {
        case .range(let low, let high) where low == high: number(field, low, t)
        case .range(let low, nil): t("eligibility.range_open", ["low": number(field, low, t)])
        case .range(let low, let high?): t("eligibility.range", ["low": number(field, low, t), "high": number(field, high, t)])
        case .code(let code): codeLabel(field, code, t)
        case .flag(let flag): t(flag ? "eligibility.yes" : "eligibility.no")
        }
    }

    /// What the criterion requires, in words: `au plus 10 000 000 DH`, `parmi : Commerce, Services`.
    static func required(_ condition: Condition, _ t: Localizer) -> String {
        let field = condition.field
        switch condition.test {
        case .between(let low, let high): return t("eligibility.op.between", ["low": number(field, low, t), "high": number(field, high, t)])
        case .atLeast(let value): return t("eligibility.op.at_least", ["value": number(field, value, t)])
        case .atMost(let value): return t("eligibility.op.at_most", ["value": number(field, value, t)])
        case .under(let value): return t("eligibility.op.under", ["value": number(field, value, t)])
        case .over(let value): return t("eligibility.op.over", ["value": number(field, value, t)])
        case .oneOf(let codes): return t("eligibility.op.in", ["values": codes.map { codeLabel(field, $0, t) }.joined(separator: ", ")])
        case .noneOf(let codes): return t("eligibility.op.not_in", ["values": codes.map { codeLabel(field, $0, t) }.joined(separator: ", ")])
        case .is(let flag): return t(flag ? "eligibility.yes" : "eligibility.no")
        }
    }

    /// A criteria-text problem in the administrator's language, with its line.
    static func problem(_ error: CriteriaText.Error) -> FieldProblem {
        let line = String(error.line)
        switch error.problem {
        case .indentation: return FieldProblem("criteria.indentation", ["line": line])
        case .emptyGroup: return FieldProblem("criteria.empty_group", ["line": line])
        case .unknownField(let word):
            return FieldProblem("criteria.unknown_field", ["line": line, "word": word, "fields": ProfileField.allCases.map(\.rawValue).joined(separator: ", ")])
        case .unknownOperator(let word): return FieldProblem("criteria.unknown_operator", ["line": line, "word": word])
        case .operatorNotForField(let word, let field): return FieldProblem("criteria.operator_for_field", ["line": line, "word": word, "field": field.rawValue])
        case .missingValue: return FieldProblem("criteria.missing_value", ["line": line])
        case .badNumber(let word): return FieldProblem("criteria.bad_number", ["line": line, "word": word])
        case .badRange: return FieldProblem("criteria.bad_range", ["line": line])
        case .unknownCode(let code, let field):
            return FieldProblem("criteria.unknown_code", ["line": line, "word": code, "field": field.rawValue,
                                                          "codes": (fields.codes[field] ?? []).joined(separator: ", ")])
        case .badFlag(let word): return FieldProblem("criteria.bad_flag", ["line": line, "word": word])
        }
    }
}
