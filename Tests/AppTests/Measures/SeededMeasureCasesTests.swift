import Domain
import XCTest
@testable import App

/// The shipped catalogue against people advisors meet, each with the verdict a programme officer would give.
final class SeededMeasureCasesTests: XCTestCase {
    private let today = Day(iso: "2026-11-24")!

    private func rules() throws -> [String: Criterion] {
        Dictionary(uniqueKeysWithValues: try ShippedMeasures.load().map { ($0.code, try CriteriaText.parse($0.rule.criteria, vocabulary: EligibilityVocabulary.fields)) })
    }

    private func verdicts(_ person: EligibilityProfiles.Person, _ business: EligibilityProfiles.Business?, extra: [ProfileField: ProfileValue]) throws -> [String: Assessment.Verdict] {
        let profiles = EligibilityProfiles.profiles(person, business.map { [$0] } ?? [], on: today).map { entry in
            var profile = entry.profile
            for (field, value) in extra { profile[field] = value }
            return (entry.business, profile)
        }
        return try rules().mapValues { EligibilityProfiles.best($0, profiles).assessment.verdict }
    }

    func testEveryShippedRuleParsesAndNamesItsSource() throws {
        let shipped = try ShippedMeasures.load()
        XCTAssertEqual(shipped.count, 10)
        for entry in shipped {
            XCTAssertNoThrow(try CriteriaText.parse(entry.rule.criteria, vocabulary: EligibilityVocabulary.fields), entry.code)
            XCTAssertTrue(entry.sourceURL.hasPrefix("https://"), entry.code)
            XCTAssertFalse(entry.rule.source.isEmpty, entry.code)
            XCTAssertFalse(entry.name.ar.isEmpty, entry.code)
        }
    }

    func testAYoungUrbanGraduateWithADigitalProject() throws {
        let verdicts = try verdicts(.init(birthYear: 2001, gender: "f", regionCode: "06"),
                                    .init(name: "Appli de livraison", kind: "project", sector: "digital"),
                                    extra: [.setting: .code("urban"), .residence: .code("morocco"), .graduate: .flag(true), .loanAmount: .exactly(50_000)])
        XCTAssertEqual(verdicts["forsa"], .eligible)
        XCTAssertEqual(verdicts["indh_youth"], .eligible, "24 or 25 in 2026, within 18-34")
        XCTAssertEqual(verdicts["intelaka_urban"], .eligible, "a project has no age and no turnover yet")
        XCTAssertEqual(verdicts["intelaka_rural"], .notEligible)
        XCTAssertEqual(verdicts["auto_entrepreneur"], .eligible)
        XCTAssertEqual(verdicts["damane_express"], .notEligible, "a guarantee is for a business with a legal form")
        XCTAssertEqual(verdicts["tatwir"], .notEligible)
    }

    func testAnInformalTraderInCasablanca() throws {
        let verdicts = try verdicts(.init(birthYear: 1985, gender: "m", regionCode: "06"),
                                    .init(name: "Épicerie", kind: "business", legalStatus: "informal", sector: "trade", startedOn: "2018-03-01", turnoverBand: "100k_500k"),
                                    extra: [.setting: .code("urban"), .residence: .code("morocco"), .exportsToAfrica: .flag(false)])
        XCTAssertEqual(verdicts["auto_entrepreneur"], .eligible, "trade under the 500,000 MAD ceiling: the way out of the informal sector")
        XCTAssertEqual(verdicts["intelaka_urban"], .notEligible, "eight years old and not exporting")
        XCTAssertEqual(verdicts["indh_youth"], .notEligible)
        XCTAssertEqual(verdicts["forsa"], .eligible)
        XCTAssertEqual(verdicts["damane_express"], .notEligible)
    }

    func testAServicesBusinessAboveTheServicesCeilingIsNotForTheAutoEntrepreneurStatus() throws {
        let verdicts = try verdicts(.init(birthYear: 1990, gender: "f", regionCode: "07"),
                                    .init(name: "Coiffure", kind: "business", legalStatus: "informal", sector: "services", turnoverBand: "100k_500k"), extra: [:])
        XCTAssertEqual(verdicts["auto_entrepreneur"], .cannotTell, "the 100k-500k band straddles the 200,000 MAD services ceiling")
        let exact = try self.verdicts(.init(birthYear: 1990, gender: "f", regionCode: "07"),
                                      .init(name: "Coiffure", kind: "business", legalStatus: "informal", sector: "services"), extra: [.turnover: .exactly(250_000)])
        XCTAssertEqual(exact["auto_entrepreneur"], .notEligible)
    }

    func testACooperativeInDraaTafilalet() throws {
        let verdicts = try verdicts(.init(birthYear: 1991, gender: "f", regionCode: "08"),
                                    .init(name: "Coopérative des dattes", kind: "business", legalStatus: "cooperative", sector: "agriculture",
                                          startedOn: "2024-05-01", staff: 12, turnoverBand: "100k_500k"),
                                    extra: [.setting: .code("rural"), .loanAmount: .exactly(200_000), .exportsToAfrica: .flag(false)])
        XCTAssertEqual(verdicts["intelaka_rural"], .eligible)
        XCTAssertEqual(verdicts["intelaka_urban"], .notEligible)
        XCTAssertEqual(verdicts["damane_express"], .eligible)
        XCTAssertEqual(verdicts["damane_istitmar"], .notEligible, "the loan is under 1 MDH")
        XCTAssertEqual(verdicts["auto_entrepreneur"], .notEligible)
        XCTAssertEqual(verdicts["tatwir"], .notEligible)
    }

    func testASixYearOldCompany() throws {
        let company = EligibilityProfiles.Business(name: "Sud Services SARL", kind: "business", legalStatus: "company", sector: "services",
                                                   startedOn: "2020-06-01", staff: 9, turnoverBand: "1m_3m")
        let extra: [ProfileField: ProfileValue] = [.setting: .code("urban"), .loanAmount: .exactly(1_500_000), .investment: .exactly(3_000_000),
                                                   .ownFundsShare: .exactly(15), .exportsToAfrica: .flag(false)]
        let verdicts = try verdicts(.init(birthYear: 1980, gender: "m", regionCode: "01"), company, extra: extra)
        XCTAssertEqual(verdicts["intelaka_urban"], .notEligible, "over 5 years old")
        XCTAssertEqual(verdicts["damane_istitmar"], .eligible)
        XCTAssertEqual(verdicts["damane_express"], .notEligible)
        XCTAssertEqual(verdicts["tpme_charter"], .eligible, "investment 3 MDH, turnover 1-3 MDH, 15% own funds")
        var exporter = extra
        exporter[.exportsToAfrica] = .flag(true)
        XCTAssertEqual(try self.verdicts(.init(birthYear: 1980, gender: "m", regionCode: "01"), company, extra: exporter)["intelaka_urban"], .eligible,
                       "exporters to Africa have no age limit")
    }

    func testNothingKnownCannotTellAndNamesTheQuestions() throws {
        let forsa = try XCTUnwrap(try rules()["forsa"])
        let assessment = Eligibility.assess(forsa, EligibilityProfile())
        XCTAssertEqual(assessment.verdict, .cannotTell)
        XCTAssertEqual(assessment.missing, [.age, .residence])
    }
}
