import Domain
import Foundation

/// The public questionnaire keeps no state on the server: answers travel in the page's query (`a_age=24`,
/// `skipped=graduate,turnover`), so it works without an account, without cookies and without JavaScript.
struct QuestionnaireAnswers: Sendable {
    var profile = EligibilityProfile()
    var skipped: Set<ProfileField> = []
    /// The canonical text of each answer, written back into the next page's hidden inputs.
    var raw: [ProfileField: String] = [:]
    /// The one answer that could not be read, with its message.
    var problem: (field: ProfileField, problem: FieldProblem)?

    init(query: [String: String]) {
        for field in (query["skipped"] ?? "").split(separator: ",").compactMap({ ProfileField(rawValue: String($0)) }) { skipped.insert(field) }
        if let skip = query["skip"].flatMap(ProfileField.init(rawValue:)) { skipped.insert(skip) }
        for field in ProfileField.allCases where !skipped.contains(field) {
            guard let text = query["a_\(field.rawValue)"]?.trimmed, !text.isEmpty else { continue }
            switch Self.read(field, text) {
            case .success(let (value, canonical)): profile[field] = value; raw[field] = canonical
            case .failure(let error): problem = (field, error.problem)
            }
        }
    }

    private static func read(_ field: ProfileField, _ text: String) -> Result<(ProfileValue, String), FieldProblemError> {
        switch field.kind {
        case .number:
            guard let amount = Dirhams(parsing: text), amount.centimes >= 0 else { return .failure(.init(FieldProblem("eligibility.answer_number"))) }
            let value = amount.decimal
            let limit: Decimal? = switch field {
            case .age: 120
            case .ownFundsShare: 100
            case .businessAge: 100
            default: nil
            }
            if let limit, value > limit { return .failure(.init(FieldProblem("eligibility.answer_max", ["max": "\(limit)"]))) }
            return .success((.exactly(value), "\(value)"))
        case .code:
            let code = text.lowercased()
            guard EligibilityVocabulary.fields.codes[field]?.contains(code) == true else { return .failure(.init(FieldProblem("validation.choice"))) }
            return .success((.code(code), code))
        case .flag:
            switch text.lowercased() {
            case "yes": return .success((.flag(true), "yes"))
            case "no": return .success((.flag(false), "no"))
            default: return .failure(.init(FieldProblem("validation.choice")))
            }
        }
    }

    /// The answers and skips as hidden fields' name and value pairs.
    var hiddenFields: [(name: String, value: String)] {
        var fields = ProfileField.allCases.compactMap { field in raw[field].map { ("a_\(field.rawValue)", $0) } }
        if !skipped.isEmpty { fields.append(("skipped", ProfileField.allCases.filter(skipped.contains).map(\.rawValue).joined(separator: ","))) }
        return fields
    }

    var answeredCount: Int { raw.count + skipped.count }
}

struct FieldProblemError: Error {
    let problem: FieldProblem
    init(_ problem: FieldProblem) { self.problem = problem }
}
