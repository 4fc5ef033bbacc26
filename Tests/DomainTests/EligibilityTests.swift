import XCTest
@testable import Domain

final class EligibilityTests: XCTestCase {
    private let vocabulary = FieldVocabulary(codes: [
        .legalStatus: ["informal", "auto_entrepreneur", "company", "cooperative", "project"],
        .sector: ["trade", "services", "real_estate", "deep_sea_fishing"],
        .region: ["01", "06", "08"],
    ])

    private func rule(_ text: String) throws -> Criterion { try CriteriaText.parse(text, vocabulary: vocabulary) }

    private func verdict(_ text: String, _ values: [ProfileField: ProfileValue]) throws -> Assessment.Verdict {
        Eligibility.assess(try rule(text), EligibilityProfile(values)).verdict
    }

    private func day(_ text: String) -> Day { Day(iso: text)! }

    // MARK: operators

    func testEachNumericOperatorOnAnExactValue() throws {
        let seven: [ProfileField: ProfileValue] = [.staff: .exactly(7)]
        XCTAssertEqual(try verdict("staff at_least 7", seven), .eligible)
        XCTAssertEqual(try verdict("staff at_least 8", seven), .notEligible)
        XCTAssertEqual(try verdict("staff at_most 7", seven), .eligible)
        XCTAssertEqual(try verdict("staff at_most 6", seven), .notEligible)
        XCTAssertEqual(try verdict("staff under 7", seven), .notEligible)
        XCTAssertEqual(try verdict("staff under 8", seven), .eligible)
        XCTAssertEqual(try verdict("staff over 7", seven), .notEligible)
        XCTAssertEqual(try verdict("staff over 6", seven), .eligible)
        XCTAssertEqual(try verdict("staff between 7 and 9", seven), .eligible)
        XCTAssertEqual(try verdict("staff between 1 and 6", seven), .notEligible)
        XCTAssertEqual(try verdict("staff between 8 and 9", seven), .notEligible)
    }

    func testARangeThatStraddlesTheLimitCannotTell() throws {
        let band: [ProfileField: ProfileValue] = [.turnover: .range(500_001, 1_000_000)]
        XCTAssertEqual(try verdict("turnover at_most 10_000_000", band), .eligible)
        XCTAssertEqual(try verdict("turnover at_most 750_000", band), .cannotTell)
        XCTAssertEqual(try verdict("turnover at_most 500_000", band), .notEligible)
        let open: [ProfileField: ProfileValue] = [.turnover: .range(10_000_001, nil)]
        XCTAssertEqual(try verdict("turnover at_most 10_000_000", open), .notEligible)
        XCTAssertEqual(try verdict("turnover at_least 20_000_000", open), .cannotTell)
        XCTAssertEqual(try verdict("turnover between 1_000_000 and 200_000_000", open), .cannotTell)
    }

    func testCodesAndFlags() throws {
        let trader: [ProfileField: ProfileValue] = [.sector: .code("trade"), .graduate: .flag(false)]
        XCTAssertEqual(try verdict("sector in trade, services", trader), .eligible)
        XCTAssertEqual(try verdict("sector not_in real_estate, deep_sea_fishing", trader), .eligible)
        XCTAssertEqual(try verdict("sector not_in trade", trader), .notEligible)
        XCTAssertEqual(try verdict("graduate is yes", trader), .notEligible)
        XCTAssertEqual(try verdict("graduate is no", trader), .eligible)
    }

    func testDecimalLimitsStayExact() throws {
        XCTAssertEqual(try verdict("own_funds_share at_least 10.5", [.ownFundsShare: .exactly(Decimal(string: "10.5")!)]), .eligible)
        XCTAssertEqual(try verdict("own_funds_share at_least 10.5", [.ownFundsShare: .exactly(Decimal(string: "10.49")!)]), .notEligible)
    }

    // MARK: groups and missing data

    func testAllFailsOnOneFailureEvenWithUnknownsAndAnySucceedsOnOneSuccess() throws {
        let text = """
        age at_least 18
        turnover at_most 1_000_000
        any:
          graduate is yes
          business_age under 5
        """
        XCTAssertEqual(try verdict(text, [.age: .exactly(16)]), .notEligible)
        XCTAssertEqual(try verdict(text, [.age: .exactly(30), .turnover: .exactly(1), .businessAge: .exactly(2)]), .eligible)
        XCTAssertEqual(try verdict(text, [.age: .exactly(30), .turnover: .exactly(1), .businessAge: .exactly(8), .graduate: .flag(false)]), .notEligible)

        let partial = Eligibility.assess(try rule(text), EligibilityProfile([.age: .exactly(30), .businessAge: .exactly(8)]))
        XCTAssertEqual(partial.verdict, .cannotTell)
        XCTAssertEqual(partial.missing, [.turnover, .graduate], "the failed business age is not missing; the graduate question could still decide")
    }

    func testASettledBranchAsksNothingMore() throws {
        let text = """
        any:
          graduate is yes
          age between 18 and 34
        """
        let settled = Eligibility.assess(try rule(text), EligibilityProfile([.graduate: .flag(true)]))
        XCTAssertEqual(settled.verdict, .eligible)
        XCTAssertEqual(settled.missing, [])
    }

    func testTheExplanationKeepsTheFoundAndRequiredValues() throws {
        let assessment = Eligibility.assess(try rule("age between 18 and 45\nregion in 06"), EligibilityProfile([.age: .exactly(52)]))
        guard case .group(false, .notMet, let parts) = assessment.explanation,
              case .condition(let age, .notMet, .range(52, 52)) = parts[0],
              case .condition(let region, .unknown, nil) = parts[1] else { return XCTFail("unexpected explanation \(assessment.explanation)") }
        XCTAssertEqual(age.test, .between(18, 45))
        XCTAssertEqual(region.field, .region)
    }

    func testAnEmptyRuleIsForEveryone() throws {
        XCTAssertEqual(try verdict("# open to all\n", [:]), .eligible)
    }

    // MARK: dates

    func testAgeFromABirthYearIsKnownExceptInTheYearOfTheLimit() throws {
        let onDay = day("2026-11-24")
        XCTAssertEqual(try verdict("age at_least 18", [.age: .age(birthYear: 2007, on: onDay)]), .eligible, "18 or 19")
        XCTAssertEqual(try verdict("age at_least 18", [.age: .age(birthYear: 2008, on: onDay)]), .cannotTell, "17 or 18 depending on the birthday")
        XCTAssertEqual(try verdict("age at_least 18", [.age: .age(birthYear: 2009, on: onDay)]), .notEligible)
        XCTAssertEqual(try verdict("age between 18 and 34", [.age: .age(birthYear: 1991, on: onDay)]), .cannotTell, "34 or 35")
    }

    func testBusinessAgeCountsWholeMonths() throws {
        let started = day("2021-11-25")
        XCTAssertEqual(try verdict("business_age under 5", [.businessAge: .years(since: started, on: day("2026-11-24"))]), .eligible)
        XCTAssertEqual(try verdict("business_age under 5", [.businessAge: .years(since: started, on: day("2026-11-25"))]), .notEligible)
        XCTAssertEqual(Day(iso: "2026-02-28")!.months(since: day("2026-01-31")), 1, "end of a short month")
        XCTAssertEqual(Day(iso: "2026-02-27")!.months(since: day("2026-01-31")), 0)
    }

    func testValidityIncludesBothEnds() {
        let validity = Validity(from: day("2026-01-01"), until: day("2026-12-31"))
        XCTAssertTrue(validity.contains(day("2026-01-01")))
        XCTAssertTrue(validity.contains(day("2026-12-31")))
        XCTAssertFalse(validity.contains(day("2025-12-31")))
        XCTAssertFalse(validity.contains(day("2027-01-01")))
        XCTAssertTrue(Validity(from: day("2020-02-01"), until: nil).contains(day("2099-01-01")))
        XCTAssertNil(Day(iso: "2026-02-29"))
        XCTAssertNotNil(Day(iso: "2028-02-29"))
    }

    // MARK: the text

    func testTheTextRoundTripsThroughItsCanonicalForm() throws {
        let text = """
        # Intelaka
        age at_least 18
        turnover at_most 10000000   # 10 MDH
        any:
            business_age under 5
            all:
                exports_to_africa is yes
                sector not_in real_estate, deep_sea_fishing
        """
        let parsed = try rule(text)
        let canonical = CriteriaText.render(parsed)
        XCTAssertEqual(canonical, """
        age at_least 18
        turnover at_most 10_000_000
        any:
          business_age under 5
          all:
            exports_to_africa is yes
            sector not_in real_estate, deep_sea_fishing
        """)
        XCTAssertEqual(try rule(canonical), parsed)
        XCTAssertEqual(try rule(CriteriaText.render(.any([.condition(.init(field: .age, test: .under(30)))]))),
                       .any([.condition(.init(field: .age, test: .under(30)))]))
    }

    func testLinesFromABrowserFormEndWithCRLF() throws {
        let typed = "age at_least 18 # adults\r\nany:\r\n  sector not_in real_estate\r\n  graduate is yes\r\n"
        XCTAssertEqual(try rule(typed), .all([.condition(.init(field: .age, test: .atLeast(18))),
                                              .any([.condition(.init(field: .sector, test: .noneOf(["real_estate"]))),
                                                    .condition(.init(field: .graduate, test: .is(true)))])]))
    }

    func testEachMistakeNamesItsLineAndWhatIsExpected() {
        func problem(_ text: String) -> CriteriaText.Error? {
            do { _ = try CriteriaText.parse(text, vocabulary: vocabulary); return nil } catch { return error }
        }
        XCTAssertEqual(problem("age at_least 18\nincome at_most 5"), .init(line: 2, problem: .unknownField("income")))
        XCTAssertEqual(problem("age greater 18"), .init(line: 1, problem: .unknownOperator("greater")))
        XCTAssertEqual(problem("sector at_least 3"), .init(line: 1, problem: .operatorNotForField("at_least", .sector)))
        XCTAssertEqual(problem("age at_least dix-huit"), .init(line: 1, problem: .badNumber("dix-huit")))
        XCTAssertEqual(problem("age at_least 1,5"), .init(line: 1, problem: .badNumber("1,5")))
        XCTAssertEqual(problem("age between 40 and 18"), .init(line: 1, problem: .badRange))
        XCTAssertEqual(problem("age between 18"), .init(line: 1, problem: .badRange))
        XCTAssertEqual(problem("age at_most"), .init(line: 1, problem: .missingValue))
        XCTAssertEqual(problem("legal_status in sarl"), .init(line: 1, problem: .unknownCode("sarl", .legalStatus)))
        XCTAssertEqual(problem("graduate is maybe"), .init(line: 1, problem: .badFlag("maybe")))
        XCTAssertEqual(problem("any:\nage at_least 18"), .init(line: 1, problem: .emptyGroup))
        XCTAssertEqual(problem("age at_least 18\n  staff at_most 3"), .init(line: 2, problem: .indentation))
        XCTAssertEqual(problem("any:\n    age at_least 18\n  staff at_most 3"), .init(line: 3, problem: .indentation))
        XCTAssertEqual(problem("any:\n\tage at_least 18"), .init(line: 2, problem: .indentation))
    }

    // MARK: questionnaire

    func testTheQuestionnaireAsksWhatDecidesTheMostMeasuresThenStops() throws {
        let rules = [try rule("age at_least 18"), try rule("age between 18 and 34\ngraduate is yes"), try rule("turnover at_most 500_000")]
        var profile = EligibilityProfile()
        XCTAssertEqual(Questionnaire.nextQuestion(rules, profile, skipped: []), .age)
        profile[.age] = .exactly(40)
        XCTAssertEqual(Questionnaire.nextQuestion(rules, profile, skipped: []), .turnover, "at 40 the graduate question no longer matters")
        XCTAssertNil(Questionnaire.nextQuestion(rules, profile, skipped: [.turnover]), "a question the person cannot answer is not asked again")
        profile[.turnover] = .exactly(100_000)
        XCTAssertNil(Questionnaire.nextQuestion(rules, profile, skipped: []))
    }
}
