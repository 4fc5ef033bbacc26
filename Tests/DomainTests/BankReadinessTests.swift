import XCTest
@testable import Domain

/// The bank-readiness check: each refusal reason banks give, computed by hand.
final class BankReadinessTests: XCTestCase {
    private let rules = BankReadinessRules(maxDebtRatioPercent: 40, minOwnContributionPercent: 10, minExperienceMonths: 12,
                                           documents: ["cin", "plan", "quotes"], validity: Validity(from: Day(iso: "2024-01-01")!, until: nil),
                                           source: "test")

    private func application(requested: Decimal = 90_000, instalment: Decimal = 1_600, cost: Decimal = 100_000, own: Decimal = 10_000,
                             income: Decimal = 5_000, existing: Decimal = 0, unpaid: Bool = false, experience: Int = 24,
                             documents: Set<String> = ["cin", "plan", "quotes"]) -> BankReadiness.Application {
        .init(requested: requested, instalment: instalment, projectCost: cost, ownContribution: own, monthlyIncome: income,
              existingRepayments: existing, pastUnpaid: unpaid, experienceMonths: experience, documentsHeld: documents)
    }

    func testASoundFileIsReadyAndTheDebtRatioIsExact() throws {
        let check = try BankReadiness(application(), rules: rules)
        XCTAssertEqual(check.debtRatioPercent, 32, "1 600 of 5 000")
        XCTAssertEqual(check.findings, [])
        XCTAssertEqual(check.level, .ready)
    }

    func testTheDebtRatioLimitReachedExactlyStillPasses() throws {
        let atLimit = try BankReadiness(application(instalment: 1_500, income: 5_000, existing: 500), rules: rules)
        XCTAssertEqual(atLimit.debtRatioPercent, 40)
        XCTAssertEqual(atLimit.level, .ready)
        let above = try BankReadiness(application(instalment: 1_500, income: 5_000, existing: 501), rules: rules)
        XCTAssertEqual(above.findings, [.debtTooHigh(ratioPercent: Decimal(string: "40.02")!, maxPercent: 40)])
        XCTAssertEqual(above.level, .notYet)
    }

    func testNoIncomeMeansTheRepaymentsCannotBeCarried() throws {
        let check = try BankReadiness(application(income: 0), rules: rules)
        XCTAssertNil(check.debtRatioPercent)
        XCTAssertEqual(check.findings, [.debtTooHigh(ratioPercent: nil, maxPercent: 40)])
    }

    func testEachRefusalReasonIsNamed() throws {
        let check = try BankReadiness(application(requested: 98_000, cost: 100_000, own: 5_000, unpaid: true, experience: 3,
                                                  documents: ["plan"]), rules: rules)
        XCTAssertEqual(check.findings, [.pastUnpaid, .amountAbovePlan(excess: 3_000), .lowOwnContribution(percent: 5, minPercent: 10),
                                        .littleExperience(months: 3, minMonths: 12)])
        XCTAssertEqual(check.missingDocuments, ["cin", "quotes"], "in the order the bank asks for them")
        XCTAssertEqual(check.level, .notYet, "past unpaid loans block")

        let short = try BankReadiness(application(requested: 60_000, documents: []), rules: rules)
        XCTAssertEqual(short.findings, [.planNotFinanced(shortfall: 30_000)])
        XCTAssertEqual(short.level, .almost, "a plan to rework and documents to gather, nothing blocking")
    }

    func testImpossibleInputsAreRefused() {
        XCTAssertThrowsError(try BankReadiness(application(requested: 0), rules: rules)) { XCTAssertEqual($0 as? BankReadiness.Problem, .nothingRequested) }
        XCTAssertThrowsError(try BankReadiness(application(income: -1), rules: rules)) { XCTAssertEqual($0 as? BankReadiness.Problem, .negativeAmount) }
        XCTAssertThrowsError(try BankReadiness(application(cost: 5_000, own: 6_000), rules: rules)) {
            XCTAssertEqual($0 as? BankReadiness.Problem, .contributionAboveCost)
        }
    }
}
