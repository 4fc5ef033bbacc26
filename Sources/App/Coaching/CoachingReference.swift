import Domain
import Foundation

/// The coaching tools' figures, shipped in `Resources/Reference/coaching.json` with their sources and validity:
/// the auto-entrepreneur status's ceilings and rates, and the budget templates by activity.
struct CoachingReference: Sendable {
    struct Template: Sendable, Decodable {
        let code: String
        let name: LocalizedText
        let averageMonth: Decimal
        let variableCostPercent: Decimal
        let monthlyFixedCosts: Decimal
        let investments: Decimal
        let coefficients: [Decimal]
    }

    /// The financing a template suggests before the person types their own.
    struct Financing: Sendable, Decodable {
        let loanShareOfInvestmentsPercent: Decimal
        let loanRatePercent: Decimal
        let loanMonths: Int
        let honourLoanMonths: Int
    }

    /// A named code (an activity, a document) in the reference data.
    struct Named: Sendable, Decodable {
        let code: String
        let name: LocalizedText
    }

    let autoEntrepreneur: [(rules: AutoEntrepreneurRules, activities: [Named])]
    let templates: [Template]
    let financing: Financing
    let bankReadiness: [(rules: BankReadinessRules, documents: [Named])]

    /// The rules in force on the day, with the activities they name.
    func autoEntrepreneurRules(on day: Day) -> (rules: AutoEntrepreneurRules, activities: [Named])? {
        autoEntrepreneur.first { $0.rules.validity.contains(day) }
    }

    func bankReadinessRules(on day: Day) -> (rules: BankReadinessRules, documents: [Named])? {
        bankReadiness.first { $0.rules.validity.contains(day) }
    }

    static let shipped: CoachingReference = {
        guard let url = Bundle.module.url(forResource: "coaching", withExtension: "json", subdirectory: "Resources/Reference"),
              let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            return CoachingReference(autoEntrepreneur: [], templates: [],
                                     financing: .init(loanShareOfInvestmentsPercent: 0, loanRatePercent: 0, loanMonths: 12, honourLoanMonths: 12), bankReadiness: [])
        }
        return CoachingReference(autoEntrepreneur: file.autoEntrepreneur.compactMap(\.rules), templates: file.budgetTemplates,
                                 financing: file.budgetFinancing, bankReadiness: file.bankReadiness.compactMap(\.rules))
    }()

    private struct File: Decodable {
        struct RuleSet: Decodable {
            struct ActivityEntry: Decodable {
                let ceiling: String
                let ratePercent: String
                let isService: Bool
                let name: LocalizedText
            }
            let validFrom: String
            let validUntil: String?
            let source: String
            let activities: [String: ActivityEntry]
            let singleClientThreshold: String
            let singleClientWithholdingPercent: String

            var rules: (rules: AutoEntrepreneurRules, activities: [Named])? {
                guard let from = Day(iso: validFrom), let threshold = Decimal(string: singleClientThreshold),
                      let withholding = Decimal(string: singleClientWithholdingPercent) else { return nil }
                var parsed: [String: AutoEntrepreneurRules.Activity] = [:]
                for (code, entry) in activities {
                    guard let ceiling = Decimal(string: entry.ceiling), let rate = Decimal(string: entry.ratePercent) else { return nil }
                    parsed[code] = .init(ceiling: ceiling, ratePercent: rate, isService: entry.isService)
                }
                let rules = AutoEntrepreneurRules(activities: parsed, singleClientThreshold: threshold, singleClientWithholdingPercent: withholding,
                                                  validity: Validity(from: from, until: validUntil.flatMap { Day(iso: $0) }), source: source)
                return (rules, activities.keys.sorted().map { Named(code: $0, name: activities[$0]!.name) })
            }
        }
        struct BankRules: Decodable {
            let validFrom: String
            let validUntil: String?
            let source: String
            let maxDebtRatioPercent: String
            let minOwnContributionPercent: String
            let minExperienceMonths: Int
            let documents: [Named]

            var rules: (rules: BankReadinessRules, documents: [Named])? {
                guard let from = Day(iso: validFrom), let ratio = Decimal(string: maxDebtRatioPercent),
                      let own = Decimal(string: minOwnContributionPercent) else { return nil }
                return (BankReadinessRules(maxDebtRatioPercent: ratio, minOwnContributionPercent: own, minExperienceMonths: minExperienceMonths,
                                           documents: documents.map(\.code), validity: Validity(from: from, until: validUntil.flatMap { Day(iso: $0) }),
                                           source: source), documents)
            }
        }
        let autoEntrepreneur: [RuleSet]
        let bankReadiness: [BankRules]
        let budgetTemplates: [Template]
        let budgetFinancing: Financing
    }
}
