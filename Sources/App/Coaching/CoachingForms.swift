import Domain
import Foundation

/// Reads the tools' forms (sent by GET, so a result can be bookmarked, shared or printed) with a message per field.
struct CoachingForms {
    let values: [String: String]
    private(set) var problems: [String: FieldProblem] = [:]

    init(_ values: [String: String]) { self.values = values }

    /// Whether the person submitted the form (an empty page shows the form only).
    var submitted: Bool { values["go"] != nil }

    /// An amount in dirhams as people type it (`12 500`, `12.500,50`); nil and a problem when unreadable.
    mutating func amount(_ field: String, required: Bool = true) -> Decimal? {
        guard let raw = values[field]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            if required { problems[field] = FieldProblem("validation.required") }
            return required ? nil : 0
        }
        guard let amount = Dirhams(parsing: raw) else { problems[field] = FieldProblem("validation.amount"); return nil }
        return amount.decimal
    }

    /// A percentage from 0 to 100, with a comma or a point.
    mutating func percent(_ field: String) -> Decimal? {
        let raw = Digits.western(values[field] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !raw.isEmpty else { problems[field] = FieldProblem("validation.required"); return nil }
        guard raw.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Decimal(string: raw), value >= 0, value <= 100 else {
            problems[field] = FieldProblem("measure.rate_invalid"); return nil
        }
        return value
    }

    mutating func months(_ field: String, required: Bool = true) -> Int? {
        guard let raw = values[field].map(Digits.western)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            if required { problems[field] = FieldProblem("validation.required") }
            return required ? nil : 0
        }
        guard let months = Int(raw), (0...600).contains(months) else {
            problems[field] = FieldProblem("validation.range", ["min": "0", "max": "600"]); return nil
        }
        return months
    }

    mutating func add(_ field: String, _ key: String) { problems[field] = FieldProblem(key) }

    mutating func add(_ fields: [String: FieldProblem]) { problems.merge(fields) { first, _ in first } }
}

extension LoanSchedule.Problem {
    /// The field to blame and the message.
    var field: (name: String, key: String) {
        switch self {
        case .principalNotPositive: ("principal", "coaching.principal_positive")
        case .rateOutOfRange: ("rate", "measure.rate_invalid")
        case .durationOutOfRange: ("months", "coaching.months_range")
        case .deferralNotShorterThanDuration: ("deferral", "coaching.deferral_too_long")
        case .negativeFees: ("fees", "validation.amount")
        }
    }
}
