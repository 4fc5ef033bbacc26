import Foundation

/// A micro-business's first twelve months: sales, costs, loan repayments and the cash left at the end of each month,
/// with the warnings an advisor would give.
public struct BudgetForecast: Sendable, Equatable {
    public struct Plan: Sendable, Equatable {
        /// Twelve months of expected sales, in dirhams.
        public var monthlySales: [Decimal]
        /// Purchases and other costs that follow sales, in percent of sales.
        public var variableCostPercent: Decimal
        /// Rent, salaries, telephone…: the same every month.
        public var monthlyFixedCosts: Decimal
        /// Equipment, stock and works bought before the first month.
        public var investments: Decimal
        public var ownFunds: Decimal
        public var grant: Decimal
        public var loan: LoanSchedule.Terms?
        public var honourLoan: LoanSchedule.Terms?

        public init(monthlySales: [Decimal], variableCostPercent: Decimal, monthlyFixedCosts: Decimal, investments: Decimal,
                    ownFunds: Decimal, grant: Decimal = 0, loan: LoanSchedule.Terms? = nil, honourLoan: LoanSchedule.Terms? = nil) {
            self.monthlySales = monthlySales
            self.variableCostPercent = variableCostPercent
            self.monthlyFixedCosts = monthlyFixedCosts
            self.investments = investments
            self.ownFunds = ownFunds
            self.grant = grant
            self.loan = loan
            self.honourLoan = honourLoan
        }

        /// Sales of an average month spread by a template's twelve coefficients (1 is an average month).
        public static func seasonal(averageMonth: Decimal, coefficients: [Decimal]) -> [Decimal] {
            coefficients.map { Dirhams.round(averageMonth * $0) }
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case notTwelveMonths
        case negativeAmount
        case variableCostsOutOfRange
        case loan(LoanSchedule.Problem)
        case honourLoan(LoanSchedule.Problem)
    }

    public struct Month: Sendable, Equatable {
        public let month: Int
        public let sales: Decimal
        public let variableCosts: Decimal
        /// Sales less variable costs.
        public let margin: Decimal
        public let fixedCosts: Decimal
        public let repayments: Decimal
        public let net: Decimal
        public let cash: Decimal
    }

    public enum Warning: Sendable, Equatable {
        /// The money put in does not pay for the investments.
        case financingShort(missing: Decimal)
        /// The cash goes below zero for the first time in this month.
        case cashNegative(month: Int, cash: Decimal)
        /// What the business earns after fixed costs does not cover the loan repayments, first in this month.
        case repaymentsAboveEarnings(month: Int)
        /// Average monthly sales below the sales needed to cover fixed costs.
        case belowBreakEven(averageSales: Decimal, breakEven: Decimal)
    }

    public let plan: Plan
    /// Cash at the start, once investments are paid from the money put in.
    public let openingCash: Decimal
    public let months: [Month]
    /// Monthly sales that cover fixed costs; nil when variable costs take every dirham of sales.
    public let breakEvenSales: Decimal?
    public let warnings: [Warning]

    public var yearSales: Decimal { months.reduce(0) { $0 + $1.sales } }
    public var yearMargin: Decimal { months.reduce(0) { $0 + $1.margin } }
    public var yearNet: Decimal { months.reduce(0) { $0 + $1.net } }

    public init(_ plan: Plan) throws(Problem) {
        guard plan.monthlySales.count == 12 else { throw .notTwelveMonths }
        let amounts = plan.monthlySales + [plan.monthlyFixedCosts, plan.investments, plan.ownFunds, plan.grant]
        guard amounts.allSatisfy({ $0 >= 0 }) else { throw .negativeAmount }
        guard plan.variableCostPercent >= 0, plan.variableCostPercent <= 100 else { throw .variableCostsOutOfRange }
        let loan: LoanSchedule?
        do { loan = try plan.loan.map(LoanSchedule.init) } catch { throw .loan(error) }
        let honour: LoanSchedule?
        do { honour = try plan.honourLoan.map(LoanSchedule.init) } catch { throw .honourLoan(error) }
        self.plan = plan
        let financing = plan.ownFunds + plan.grant + (plan.loan.map { $0.principal - $0.fees } ?? 0) + (plan.honourLoan.map { $0.principal - $0.fees } ?? 0)
        openingCash = financing - plan.investments
        var warnings: [Warning] = []
        if openingCash < 0 { warnings.append(.financingShort(missing: -openingCash)) }
        var cash = openingCash
        var months: [Month] = []
        for (index, sales) in plan.monthlySales.enumerated() {
            let month = index + 1
            let variable = Dirhams.round(sales * plan.variableCostPercent / 100)
            let repayments = (loan?.rows.first { $0.month == month }?.payment ?? 0) + (honour?.rows.first { $0.month == month }?.payment ?? 0)
            let net = sales - variable - plan.monthlyFixedCosts - repayments
            cash += net
            months.append(Month(month: month, sales: sales, variableCosts: variable, margin: sales - variable, fixedCosts: plan.monthlyFixedCosts,
                                repayments: repayments, net: net, cash: cash))
        }
        if let first = months.first(where: { $0.cash < 0 }) { warnings.append(.cashNegative(month: first.month, cash: first.cash)) }
        if let first = months.first(where: { $0.repayments > 0 && $0.margin - $0.fixedCosts < $0.repayments }) {
            warnings.append(.repaymentsAboveEarnings(month: first.month))
        }
        let breakEven: Decimal? = plan.variableCostPercent < 100 ? Dirhams.round(plan.monthlyFixedCosts * 100 / (100 - plan.variableCostPercent)) : nil
        let average = Dirhams.round(plan.monthlySales.reduce(0, +) / 12)
        if let breakEven, average < breakEven { warnings.append(.belowBreakEven(averageSales: average, breakEven: breakEven)) }
        if breakEven == nil, plan.monthlyFixedCosts > 0 { warnings.append(.belowBreakEven(averageSales: average, breakEven: 0)) }
        self.months = months
        self.breakEvenSales = breakEven
        self.warnings = warnings
    }
}
