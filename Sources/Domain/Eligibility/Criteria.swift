import Foundation

/// A measure's eligibility rule: conditions on profile fields, combined in "all" and "any" groups.
public indirect enum Criterion: Sendable, Equatable {
    case all([Criterion])
    case any([Criterion])
    case condition(Condition)
}

public struct Condition: Sendable, Equatable {
    public let field: ProfileField
    public let test: Test

    public init(field: ProfileField, test: Test) {
        self.field = field
        self.test = test
    }
}

/// The comparisons criteria are written with. Numbers are `Decimal`: amounts in dirhams stay exact.
public enum Test: Sendable, Equatable {
    case between(Decimal, Decimal)
    case atLeast(Decimal)
    case atMost(Decimal)
    /// Strictly below: "business age under 5" excludes a business of exactly five years.
    case under(Decimal)
    /// Strictly above.
    case over(Decimal)
    case oneOf([String])
    case noneOf([String])
    case `is`(Bool)

    /// The word that writes the operator in the criteria text.
    public var keyword: String {
        switch self {
        case .between: "between"
        case .atLeast: "at_least"
        case .atMost: "at_most"
        case .under: "under"
        case .over: "over"
        case .oneOf: "in"
        case .noneOf: "not_in"
        case .is: "is"
        }
    }

    /// Whether the operator compares numbers, codes or yes/no.
    var kind: ProfileField.Kind {
        switch self {
        case .between, .atLeast, .atMost, .under, .over: .number
        case .oneOf, .noneOf: .code
        case .is: .flag
        }
    }
}

extension Criterion {
    /// Every field the rule reads, in the order written.
    public var fields: [ProfileField] {
        var seen: [ProfileField] = []
        func walk(_ criterion: Criterion) {
            switch criterion {
            case .all(let children), .any(let children): children.forEach(walk)
            case .condition(let condition): if !seen.contains(condition.field) { seen.append(condition.field) }
            }
        }
        walk(self)
        return seen
    }
}
