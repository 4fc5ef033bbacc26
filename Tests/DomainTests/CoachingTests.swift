import XCTest
@testable import Domain

/// The coaching tools' formulas. Expected schedules come from an independent implementation (Python's `decimal`,
/// the bank's method: interest rounded to the centime each month, the last instalment pays what is left).
final class CoachingTests: XCTestCase {
    private func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func testAConstantInstalmentLoanMatchesTheStandardScheduleToTheCentime() throws {
        let loan = try LoanSchedule(.init(principal: 100_000, annualRatePercent: 12, months: 12))
        XCTAssertEqual(loan.instalment, d("8884.88"))
        XCTAssertEqual(loan.rows.first, .init(month: 1, payment: d("8884.88"), interest: d("1000.00"), principal: d("7884.88"), balance: d("92115.12")))
        XCTAssertEqual(loan.rows.last, .init(month: 12, payment: d("8884.85"), interest: d("87.97"), principal: d("8796.88"), balance: 0))
        XCTAssertEqual(loan.totalInterest, d("6618.53"))
        XCTAssertEqual(loan.totalPaid, d("106618.53"))

        let intelaka = try LoanSchedule(.init(principal: 1_200_000, annualRatePercent: d("1.75"), months: 120, deferralMonths: 24, fees: 1_500))
        XCTAssertEqual(intelaka.rows.count, 120)
        XCTAssertEqual(intelaka.rows[0].payment, d("1750.00"), "interest only during the deferral")
        XCTAssertEqual(intelaka.rows[23].balance, 1_200_000)
        XCTAssertEqual(intelaka.instalment, d("13404.51"))
        XCTAssertEqual(intelaka.rows.last?.payment, d("13404.27"))
        XCTAssertEqual(intelaka.totalInterest, d("128832.72"))
        XCTAssertEqual(intelaka.totalCost, d("130332.72"), "interest and fees")

        let small = try LoanSchedule(.init(principal: 50_000, annualRatePercent: 2, months: 60))
        XCTAssertEqual(small.instalment, d("876.39"))
        XCTAssertEqual(small.totalInterest, d("2583.32"))
    }

    func testTheInstalmentIsTheClosedFormula() throws {
        for (principal, rate, months) in [(100_000.0, 12.0, 12), (250_000.0, 5.5, 84), (30_000.0, 0.5, 24)] {
            let loan = try LoanSchedule(.init(principal: Decimal(principal), annualRatePercent: Decimal(rate), months: months))
            let r = rate / 1200
            let expected = principal * r / (1 - pow(1 + r, Double(-months)))
            XCTAssertEqual(NSDecimalNumber(decimal: loan.instalment).doubleValue, expected, accuracy: 0.005)
        }
    }

    func testAZeroRateSplitsThePrincipalAndACapitalisedDeferralGrowsTheDebt() throws {
        let free = try LoanSchedule(.init(principal: 100_000, annualRatePercent: 0, months: 120, deferralMonths: 24))
        XCTAssertEqual(free.instalment, d("1041.67"))
        XCTAssertEqual(free.rows.last?.payment, d("1041.35"))
        XCTAssertEqual(free.totalInterest, 0)
        XCTAssertEqual(free.totalPaid, 100_000)

        let capitalised = try LoanSchedule(.init(principal: 80_000, annualRatePercent: d("6.5"), months: 36, deferralMonths: 6, deferral: .capitalised))
        XCTAssertEqual(capitalised.rows[0], .init(month: 1, payment: 0, interest: d("433.33"), principal: d("-433.33"), balance: d("80433.33")))
        XCTAssertEqual(capitalised.instalment, d("2991.82"))
        XCTAssertEqual(capitalised.totalPaid, d("89754.45"))
        XCTAssertEqual(capitalised.totalInterest, d("9754.45"), "capitalised interest counts in the cost")
    }

    func testImpossibleTermsAreRefused() {
        func problem(_ terms: LoanSchedule.Terms) -> LoanSchedule.Problem? {
            do { _ = try LoanSchedule(terms); return nil } catch { return error }
        }
        XCTAssertEqual(problem(.init(principal: 10_000, annualRatePercent: 5, months: 12, deferralMonths: 12)), .deferralNotShorterThanDuration)
        XCTAssertEqual(problem(.init(principal: 10_000, annualRatePercent: 5, months: 12, deferralMonths: 18)), .deferralNotShorterThanDuration)
        XCTAssertEqual(problem(.init(principal: 0, annualRatePercent: 5, months: 12)), .principalNotPositive)
        XCTAssertEqual(problem(.init(principal: 10_000, annualRatePercent: -1, months: 12)), .rateOutOfRange)
        XCTAssertEqual(problem(.init(principal: 10_000, annualRatePercent: 5, months: 0)), .durationOutOfRange)
        XCTAssertEqual(problem(.init(principal: 10_000, annualRatePercent: 5, months: 12, fees: -5)), .negativeFees)
    }

    // MARK: budget

    private func plan(sales: Decimal = 20_000) -> BudgetForecast.Plan {
        .init(monthlySales: Array(repeating: sales, count: 12), variableCostPercent: 40, monthlyFixedCosts: 6_000, investments: 60_000,
              ownFunds: 20_000, grant: 10_000, loan: .init(principal: 40_000, annualRatePercent: 2, months: 36))
    }

    func testAHealthyBudgetKeepsItsCashAndNamesItsBreakEven() throws {
        let forecast = try BudgetForecast(plan())
        XCTAssertEqual(forecast.openingCash, 10_000)
        let loan = try LoanSchedule(.init(principal: 40_000, annualRatePercent: 2, months: 36))
        XCTAssertEqual(forecast.months[0].margin, 12_000)
        XCTAssertEqual(forecast.months[0].repayments, loan.rows[0].payment)
        XCTAssertEqual(forecast.months[0].net, 12_000 - 6_000 - loan.rows[0].payment)
        XCTAssertEqual(forecast.months[11].cash, 10_000 + forecast.yearNet)
        XCTAssertEqual(forecast.breakEvenSales, 10_000, "6,000 of fixed costs at a 60% margin")
        XCTAssertEqual(forecast.warnings, [])
    }

    func testAWeakBudgetWarnsInPlainTerms() throws {
        var weak = plan(sales: 9_000)
        weak.monthlySales[0] = 0
        weak.monthlySales[1] = 0
        let forecast = try BudgetForecast(weak)
        XCTAssertTrue(forecast.warnings.contains(.cashNegative(month: 2, cash: forecast.months[1].cash)), "\(forecast.warnings)")
        XCTAssertTrue(forecast.warnings.contains(.repaymentsAboveEarnings(month: 1)))
        XCTAssertTrue(forecast.warnings.contains(.belowBreakEven(averageSales: 7_500, breakEven: 10_000)))

        var short = plan()
        short.ownFunds = 0
        XCTAssertEqual(try BudgetForecast(short).warnings.first, .financingShort(missing: 10_000))
    }

    func testBudgetInputsAreChecked() {
        var eleven = plan()
        eleven.monthlySales.removeLast()
        XCTAssertThrowsError(try BudgetForecast(eleven)) { XCTAssertEqual($0 as? BudgetForecast.Problem, .notTwelveMonths) }
        var deferral = plan()
        deferral.loan = .init(principal: 40_000, annualRatePercent: 2, months: 12, deferralMonths: 12)
        XCTAssertThrowsError(try BudgetForecast(deferral)) { XCTAssertEqual($0 as? BudgetForecast.Problem, .loan(.deferralNotShorterThanDuration)) }
        XCTAssertEqual(BudgetForecast.Plan.seasonal(averageMonth: 10_000, coefficients: [d("0.5"), d("1.5")]), [5_000, 15_000])
    }

    // MARK: auto-entrepreneur

    private let rules = AutoEntrepreneurRules(
        activities: ["commercial": .init(ceiling: 500_000, ratePercent: Decimal(string: "0.5")!, isService: false),
                     "services": .init(ceiling: 200_000, ratePercent: 1, isService: true)],
        singleClientThreshold: 80_000, singleClientWithholdingPercent: 30,
        validity: Validity(from: Day(iso: "2023-01-01")!, until: nil), source: "Loi 114-13; loi de finances 2023")

    func testTheCeilingReachedExactlyStillFits() throws {
        let exact = try AutoEntrepreneurEstimate(turnover: 200_000, activity: "services", rules: rules)
        XCTAssertTrue(exact.fits)
        XCTAssertEqual(exact.headroom, 0)
        XCTAssertEqual(exact.tax, 2_000)
        let above = try AutoEntrepreneurEstimate(turnover: d("200000.01"), activity: "services", rules: rules)
        XCTAssertFalse(above.fits)
        XCTAssertEqual(try AutoEntrepreneurEstimate(turnover: 300_000, activity: "commercial", rules: rules).tax, 1_500)
    }

    func testServiceTurnoverFromOneClientAboveTheThresholdIsWithheldAtSource() throws {
        let estimate = try AutoEntrepreneurEstimate(turnover: 150_000, activity: "services", largestClient: 100_000, rules: rules)
        XCTAssertEqual(estimate.turnoverWithheld, 20_000)
        XCTAssertEqual(estimate.withholding, 6_000)
        XCTAssertEqual(estimate.tax, 1_300, "1% of the 130,000 not withheld")
        XCTAssertEqual(estimate.totalTax, 7_300)
        XCTAssertEqual(try AutoEntrepreneurEstimate(turnover: 150_000, activity: "commercial", largestClient: 100_000, rules: rules).withholding, 0)
        XCTAssertThrowsError(try AutoEntrepreneurEstimate(turnover: 50_000, activity: "services", largestClient: 60_000, rules: rules))
        XCTAssertThrowsError(try AutoEntrepreneurEstimate(turnover: 50_000, activity: "farming", rules: rules))
    }
}
