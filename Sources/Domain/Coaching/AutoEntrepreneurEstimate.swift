import Foundation

/// The auto-entrepreneur status's figures (law 114-13 and finance laws): data with a source and a validity period,
/// read from the product's reference data, never written here.
public struct AutoEntrepreneurRules: Sendable, Equatable {
    public struct Activity: Sendable, Equatable {
        /// Yearly turnover above which the status no longer applies.
        public let ceiling: Decimal
        /// Tax on turnover, in percent.
        public let ratePercent: Decimal
        /// Whether the rule on a single client applies (services).
        public let isService: Bool

        public init(ceiling: Decimal, ratePercent: Decimal, isService: Bool) {
            self.ceiling = ceiling
            self.ratePercent = ratePercent
            self.isService = isService
        }
    }

    public let activities: [String: Activity]
    /// Service turnover from one client above this bears a final withholding by that client.
    public let singleClientThreshold: Decimal
    public let singleClientWithholdingPercent: Decimal
    public let validity: Validity
    public let source: String

    public init(activities: [String: Activity], singleClientThreshold: Decimal, singleClientWithholdingPercent: Decimal, validity: Validity, source: String) {
        self.activities = activities
        self.singleClientThreshold = singleClientThreshold
        self.singleClientWithholdingPercent = singleClientWithholdingPercent
        self.validity = validity
        self.source = source
    }
}

public struct AutoEntrepreneurEstimate: Sendable, Equatable {
    public enum Problem: Error, Equatable, Sendable {
        case unknownActivity
        case negativeAmount
        /// The largest client cannot account for more than the whole turnover.
        case clientAboveTurnover
    }

    /// Whether the turnover stays within the activity's ceiling (reaching it exactly still fits).
    public let fits: Bool
    public let ceiling: Decimal
    /// What is left below the ceiling (negative when above).
    public let headroom: Decimal
    /// Turnover from the largest client above the threshold, withheld at source by that client.
    public let turnoverWithheld: Decimal
    public let withholding: Decimal
    /// The status's tax on the rest of the turnover.
    public let tax: Decimal
    public var totalTax: Decimal { tax + withholding }

    public init(turnover: Decimal, activity code: String, largestClient: Decimal = 0, rules: AutoEntrepreneurRules) throws(Problem) {
        guard let activity = rules.activities[code] else { throw .unknownActivity }
        guard turnover >= 0, largestClient >= 0 else { throw .negativeAmount }
        guard largestClient <= turnover else { throw .clientAboveTurnover }
        ceiling = activity.ceiling
        fits = turnover <= activity.ceiling
        headroom = activity.ceiling - turnover
        // The withholding is final: the part it taxes is not taxed again at the status's rate.
        turnoverWithheld = activity.isService ? max(0, largestClient - rules.singleClientThreshold) : 0
        withholding = Dirhams.round(turnoverWithheld * rules.singleClientWithholdingPercent / 100)
        tax = Dirhams.round((turnover - turnoverWithheld) * activity.ratePercent / 100)
    }
}
