import Domain
import Foundation

// Pure-computation benchmarks for `scripts/bench`: one line per benchmark, `name<TAB>microseconds per run`.
// Built in release mode; the median of many runs keeps a noisy neighbour on 2 cores from deciding the figure.

/// Criteria of the shapes the catalogue holds, varied by thresholds so 300 rules are not 300 copies.
func catalogue(size: Int) throws -> [Criterion] {
    let vocabulary = FieldVocabulary(codes: [:])
    func shape(_ n: Int) -> String {
        switch n % 6 {
        case 0: return "setting in urban\nturnover at_most \(1_000_000 * (1 + n % 10))\nsector not_in real_estate, deep_sea_fishing\nany:\n  business_age under \(3 + n % 4)\n  exports_to_africa is yes"
        case 1: return "age at_least \(18 + n % 5)\nresidence in morocco, diaspora, foreign_resident"
        case 2: return "investment between \(1_000_000 + n) and 50_000_000\nany:\n  business_age under 1\n  turnover between 1_000_000 and 200_000_000\nany:\n  own_funds_share at_least 10\n  bank_loan is yes"
        case 3: return "legal_status in auto_entrepreneur, sole_proprietor, company, cooperative\nloan_amount at_most \(500_000 + 10_000 * n)"
        case 4: return "age between 18 and \(30 + n % 10)"
        default: return "age at_least 18\nlegal_status in informal, project\nany:\n  all:\n    sector not_in services, digital, transport, tourism\n    turnover at_most 500_000\n  all:\n    sector in services, digital, transport, tourism\n    turnover at_most 200_000"
        }
    }
    return try (0..<size).map { try CriteriaText.parse(shape($0), vocabulary: vocabulary) }
}

func median(_ runs: Int, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    return samples.sorted()[samples.count / 2]
}

let rules = try catalogue(size: 300)
let profile = EligibilityProfile([
    .age: .age(birthYear: 1998, on: Day(iso: "2026-11-24")!), .setting: .code("urban"), .residence: .code("morocco"),
    .legalStatus: .code("auto_entrepreneur"), .sector: .code("services"), .businessAge: .years(since: Day(iso: "2023-02-01")!, on: Day(iso: "2026-11-24")!),
    .turnover: .range(100_000, 500_000), .loanAmount: .exactly(150_000),
])
var sink = 0
let perProfile = median(2_000) {
    for rule in rules where Eligibility.assess(rule, profile).verdict == .eligible { sink += 1 }
}
let nextQuestion = median(500) {
    if Questionnaire.nextQuestion(rules, profile, skipped: []) != nil { sink += 1 }
}
let plan = BudgetForecast.Plan(monthlySales: BudgetForecast.Plan.seasonal(averageMonth: 9_000, coefficients: [0.8, 0.8, 1, 1.5, 1.3, 0.9, 1.2, 1.1, 0.8, 0.8, 0.8, 1]),
                               variableCostPercent: 35, monthlyFixedCosts: 2_000, investments: 25_000, ownFunds: 12_500,
                               loan: .init(principal: 12_500, annualRatePercent: 2, months: 24), honourLoan: .init(principal: 10_000, annualRatePercent: 0, months: 36, deferralMonths: 6))
let budget = median(2_000) {
    if let forecast = try? BudgetForecast(plan), forecast.warnings.isEmpty { sink += 1 }
}
let schedule = median(2_000) {
    if let loan = try? LoanSchedule(.init(principal: 1_200_000, annualRatePercent: 1.75, months: 120, deferralMonths: 24)), loan.totalInterest > 0 { sink += 1 }
}
print("eligibility_300\t\(String(format: "%.1f", perProfile))")
print("budget_12_months\t\(String(format: "%.1f", budget))")
print("loan_120_months\t\(String(format: "%.1f", schedule))")
print("next_question_300\t\(String(format: "%.1f", nextQuestion))")
if sink < 0 { print(sink) }
