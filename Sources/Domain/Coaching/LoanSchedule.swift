import Foundation

/// A constant-instalment loan: the schedule, month by month, exact to the centime.
public struct LoanSchedule: Sendable, Equatable {
    public enum Deferral: String, Sendable, CaseIterable {
        /// Interest is paid during the deferral; the principal waits.
        case interestOnly = "interest_only"
        /// Nothing is paid; interest is added to the principal.
        case capitalised
    }

    public struct Terms: Sendable, Equatable {
        public var principal: Decimal
        /// Nominal yearly rate in percent (2 means 2 %), charged monthly at a twelfth.
        public var annualRatePercent: Decimal
        public var months: Int
        public var deferralMonths: Int
        public var deferral: Deferral
        /// Paid once at the start; part of the loan's cost.
        public var fees: Decimal

        public init(principal: Decimal, annualRatePercent: Decimal, months: Int, deferralMonths: Int = 0, deferral: Deferral = .interestOnly, fees: Decimal = 0) {
            self.principal = principal
            self.annualRatePercent = annualRatePercent
            self.months = months
            self.deferralMonths = deferralMonths
            self.deferral = deferral
            self.fees = fees
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case principalNotPositive
        case rateOutOfRange
        case durationOutOfRange
        /// The deferral must leave at least one month of repayment.
        case deferralNotShorterThanDuration
        case negativeFees
    }

    public struct Row: Sendable, Equatable {
        public let month: Int
        public let payment: Decimal
        public let interest: Decimal
        public let principal: Decimal
        /// What is still owed after this month.
        public let balance: Decimal
    }

    public let terms: Terms
    public let rows: [Row]
    /// The constant instalment after the deferral (the last one may differ by the rounding of the others).
    public let instalment: Decimal

    /// Interest paid and interest capitalised during a deferral.
    public var totalInterest: Decimal { rows.reduce(0) { $0 + $1.interest } }
    public var totalPaid: Decimal { rows.reduce(0) { $0 + $1.payment } }
    /// Interest and fees: what the loan costs beyond the money borrowed.
    public var totalCost: Decimal { totalInterest + terms.fees }

    public init(_ terms: Terms) throws(Problem) {
        guard terms.principal > 0 else { throw .principalNotPositive }
        guard terms.annualRatePercent >= 0, terms.annualRatePercent <= 100 else { throw .rateOutOfRange }
        guard (1...600).contains(terms.months) else { throw .durationOutOfRange }
        guard terms.deferralMonths >= 0, terms.deferralMonths < terms.months else { throw .deferralNotShorterThanDuration }
        guard terms.fees >= 0 else { throw .negativeFees }
        self.terms = terms
        let rate = terms.annualRatePercent / 1200
        var balance = Dirhams.round(terms.principal)
        var rows: [Row] = []
        for month in stride(from: 1, through: terms.deferralMonths, by: 1) {
            let interest = Self.interest(on: balance, annualPercent: terms.annualRatePercent)
            switch terms.deferral {
            case .interestOnly:
                rows.append(Row(month: month, payment: interest, interest: interest, principal: 0, balance: balance))
            case .capitalised:
                balance += interest
                // Interest accrues unpaid: the debt grows by it (a negative repayment of principal).
                rows.append(Row(month: month, payment: 0, interest: interest, principal: -interest, balance: balance))
            }
        }
        let repayments = terms.months - terms.deferralMonths
        let instalment = Dirhams.round(Self.instalment(balance, rate: rate, months: repayments))
        for index in 1...repayments {
            let interest = Self.interest(on: balance, annualPercent: terms.annualRatePercent)
            // The last month pays what is left, so the balance ends at exactly zero.
            let principal = index == repayments ? balance : min(balance, instalment - interest)
            balance -= principal
            rows.append(Row(month: terms.deferralMonths + index, payment: principal + interest, interest: interest, principal: principal, balance: balance))
        }
        self.rows = rows
        self.instalment = instalment
    }

    /// A month's interest, the balance times the yearly rate divided last: `rate / 1200` first would cut a repeating
    /// decimal and could move a half-centime.
    static func interest(on balance: Decimal, annualPercent: Decimal) -> Decimal {
        Dirhams.round(balance * annualPercent / 1200)
    }

    /// `P·r / (1 − (1 + r)^−n)`, or `P / n` without interest.
    static func instalment(_ principal: Decimal, rate: Decimal, months: Int) -> Decimal {
        guard rate > 0 else { return principal / Decimal(months) }
        let growth = pow(1 + rate, months)
        return principal * rate * growth / (growth - 1)
    }
}
