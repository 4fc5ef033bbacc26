import Foundation

/// What is known of a field: a number (maybe only as a range, like a birth year or a turnover band), a code, a flag.
public enum ProfileValue: Sendable, Equatable {
    /// Between `low` and `high` inclusive; no `high` means no upper bound.
    case range(Decimal, Decimal?)
    case code(String)
    case flag(Bool)

    public static func exactly(_ value: Decimal) -> ProfileValue { .range(value, value) }

    /// Someone born in `birthYear` is one of two ages on `day`, depending on their birthday.
    public static func age(birthYear: Int, on day: Day) -> ProfileValue {
        let age = Decimal(day.year - birthYear)
        return .range(max(0, age - 1), age)
    }

    /// Years since `start` on `day`, counted in whole months: 4 years and 11 months is below 5.
    public static func years(since start: Day, on day: Day) -> ProfileValue {
        .exactly(Decimal(max(0, day.months(since: start))) / 12)
    }
}

public struct EligibilityProfile: Sendable, Equatable {
    public var values: [ProfileField: ProfileValue]

    public init(_ values: [ProfileField: ProfileValue] = [:]) { self.values = values }

    public subscript(field: ProfileField) -> ProfileValue? {
        get { values[field] }
        set { values[field] = newValue }
    }
}

/// Three-valued: a condition on a field nobody filled in is neither met nor failed.
public enum Outcome: String, Sendable {
    case met, notMet = "not_met", unknown
}

/// Why a rule gave its answer, condition by condition, in the rule's own shape.
public indirect enum Explanation: Sendable {
    case group(any: Bool, outcome: Outcome, [Explanation])
    /// `found` is what the profile held (nil: nothing).
    case condition(Condition, outcome: Outcome, found: ProfileValue?)

    public var outcome: Outcome {
        switch self {
        case .group(_, let outcome, _), .condition(_, let outcome, _): outcome
        }
    }
}

public struct Assessment: Sendable {
    public enum Verdict: String, Sendable {
        case eligible, notEligible = "not_eligible", cannotTell = "cannot_tell"
    }

    public let verdict: Verdict
    public let explanation: Explanation
    /// The fields whose answer could still change the verdict, in the order the rule reads them.
    public let missing: [ProfileField]
}

public enum Eligibility {
    public static func assess(_ criterion: Criterion, _ profile: EligibilityProfile) -> Assessment {
        let explanation = explain(criterion, profile)
        let verdict: Assessment.Verdict = switch explanation.outcome {
        case .met: .eligible
        case .notMet: .notEligible
        case .unknown: .cannotTell
        }
        var missing: [ProfileField] = []
        collectMissing(explanation, into: &missing)
        return Assessment(verdict: verdict, explanation: explanation, missing: missing)
    }

    /// Only an undecided branch can need more information: a met `any` or a failed `all` is settled.
    private static func collectMissing(_ explanation: Explanation, into missing: inout [ProfileField]) {
        guard explanation.outcome == .unknown else { return }
        switch explanation {
        case .group(_, _, let children): children.forEach { collectMissing($0, into: &missing) }
        case .condition(let condition, _, _): if !missing.contains(condition.field) { missing.append(condition.field) }
        }
    }

    private static func explain(_ criterion: Criterion, _ profile: EligibilityProfile) -> Explanation {
        switch criterion {
        case .all(let children):
            let parts = children.map { explain($0, profile) }
            let outcome: Outcome = parts.contains { $0.outcome == .notMet } ? .notMet : parts.contains { $0.outcome == .unknown } ? .unknown : .met
            return .group(any: false, outcome: outcome, parts)
        case .any(let children):
            let parts = children.map { explain($0, profile) }
            let outcome: Outcome = parts.contains { $0.outcome == .met } ? .met : parts.contains { $0.outcome == .unknown } ? .unknown : .notMet
            return .group(any: true, outcome: outcome, parts)
        case .condition(let condition):
            let found = profile[condition.field]
            return .condition(condition, outcome: found.map { test(condition.test, $0) } ?? .unknown, found: found)
        }
    }

    static func test(_ test: Test, _ value: ProfileValue) -> Outcome {
        switch (test, value) {
        case (.atLeast(let bound), .range(let low, let high)):
            return low >= bound ? .met : (high.map { $0 < bound } ?? false) ? .notMet : .unknown
        case (.atMost(let bound), .range(let low, let high)):
            return (high.map { $0 <= bound } ?? false) ? .met : low > bound ? .notMet : .unknown
        case (.under(let bound), .range(let low, let high)):
            return (high.map { $0 < bound } ?? false) ? .met : low >= bound ? .notMet : .unknown
        case (.over(let bound), .range(let low, let high)):
            return low > bound ? .met : (high.map { $0 <= bound } ?? false) ? .notMet : .unknown
        case (.between(let min, let max), .range(let low, let high)):
            if low >= min, let high, high <= max { return .met }
            return (high.map { $0 < min } ?? false) || low > max ? .notMet : .unknown
        case (.oneOf(let codes), .code(let code)): return codes.contains(code) ? .met : .notMet
        case (.noneOf(let codes), .code(let code)): return codes.contains(code) ? .notMet : .met
        case (.is(let expected), .flag(let flag)): return expected == flag ? .met : .notMet
        default: return .unknown
        }
    }
}

/// The public "am I eligible?" questionnaire asks one question at a time, only about what still decides something.
public enum Questionnaire {
    /// The field missing from the most undecided rules; nil when every rule is decided or nothing left can be asked.
    public static func nextQuestion(_ rules: [Criterion], _ profile: EligibilityProfile, skipped: Set<ProfileField>) -> ProfileField? {
        var counts: [ProfileField: Int] = [:]
        for rule in rules {
            for field in Eligibility.assess(rule, profile).missing where profile[field] == nil && !skipped.contains(field) {
                counts[field, default: 0] += 1
            }
        }
        // Ties go to the field listed first, so the order of questions is stable.
        return ProfileField.allCases.filter { counts[$0] != nil }.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && fieldIndex($0) > fieldIndex($1)) }
    }

    private static func fieldIndex(_ field: ProfileField) -> Int { ProfileField.allCases.firstIndex(of: field)! }
}
