import Foundation

/// What banks weigh before lending to a micro-business, as data with its source: the share of income repayments may
/// take, the part of the project the entrepreneur should bring, the experience expected, the documents asked for.
public struct BankReadinessRules: Sendable, Equatable {
    public let maxDebtRatioPercent: Decimal
    public let minOwnContributionPercent: Decimal
    public let minExperienceMonths: Int
    /// Document codes, in the order a bank asks for them.
    public let documents: [String]
    public let validity: Validity
    public let source: String

    public init(maxDebtRatioPercent: Decimal, minOwnContributionPercent: Decimal, minExperienceMonths: Int, documents: [String],
                validity: Validity, source: String) {
        self.maxDebtRatioPercent = maxDebtRatioPercent
        self.minOwnContributionPercent = minOwnContributionPercent
        self.minExperienceMonths = minExperienceMonths
        self.documents = documents
        self.validity = validity
        self.source = source
    }
}

/// An entrepreneur's file checked against the reasons banks give for refusing, before they go to the bank.
public struct BankReadiness: Sendable, Equatable {
    public struct Application: Sendable, Equatable {
        public var requested: Decimal
        /// The loan's monthly instalment (from the loan simulator).
        public var instalment: Decimal
        public var projectCost: Decimal
        public var ownContribution: Decimal
        /// Net monthly income the repayments come from.
        public var monthlyIncome: Decimal
        public var existingRepayments: Decimal
        public var pastUnpaid: Bool
        public var experienceMonths: Int
        public var documentsHeld: Set<String>

        public init(requested: Decimal, instalment: Decimal, projectCost: Decimal, ownContribution: Decimal, monthlyIncome: Decimal,
                    existingRepayments: Decimal, pastUnpaid: Bool, experienceMonths: Int, documentsHeld: Set<String>) {
            self.requested = requested
            self.instalment = instalment
            self.projectCost = projectCost
            self.ownContribution = ownContribution
            self.monthlyIncome = monthlyIncome
            self.existingRepayments = existingRepayments
            self.pastUnpaid = pastUnpaid
            self.experienceMonths = experienceMonths
            self.documentsHeld = documentsHeld
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case negativeAmount
        case nothingRequested
        /// What the entrepreneur brings cannot exceed what the project costs.
        case contributionAboveCost
    }

    public enum Finding: Sendable, Equatable {
        /// Repayments would take this share of income (nil when there is no income to take it from).
        case debtTooHigh(ratioPercent: Decimal?, maxPercent: Decimal)
        case pastUnpaid
        /// More is asked than the project needs once the entrepreneur's part is counted.
        case amountAbovePlan(excess: Decimal)
        /// The loan and the entrepreneur's part leave the project short.
        case planNotFinanced(shortfall: Decimal)
        case lowOwnContribution(percent: Decimal, minPercent: Decimal)
        case littleExperience(months: Int, minMonths: Int)

        /// Refusals banks rarely get past without the entrepreneur first changing the plan.
        public var blocking: Bool {
            switch self {
            case .debtTooHigh, .pastUnpaid: true
            case .amountAbovePlan, .planNotFinanced, .lowOwnContribution, .littleExperience: false
            }
        }
    }

    public enum Level: String, Sendable {
        case ready, almost, notYet = "not_yet"
    }

    /// Repayments (existing and new) as a share of income, in percent with two decimals.
    public let debtRatioPercent: Decimal?
    public let findings: [Finding]
    public let missingDocuments: [String]

    public var level: Level {
        if findings.contains(where: \.blocking) { return .notYet }
        return findings.isEmpty && missingDocuments.isEmpty ? .ready : .almost
    }

    public init(_ application: Application, rules: BankReadinessRules) throws(Problem) {
        let amounts = [application.requested, application.instalment, application.projectCost, application.ownContribution,
                       application.monthlyIncome, application.existingRepayments]
        guard amounts.allSatisfy({ $0 >= 0 }), application.experienceMonths >= 0 else { throw .negativeAmount }
        guard application.requested > 0 else { throw .nothingRequested }
        guard application.ownContribution <= application.projectCost else { throw .contributionAboveCost }
        var findings: [Finding] = []
        let repayments = application.existingRepayments + application.instalment
        if application.monthlyIncome > 0 {
            let ratio = Dirhams.round(repayments * 100 / application.monthlyIncome)
            debtRatioPercent = ratio
            if ratio > rules.maxDebtRatioPercent { findings.append(.debtTooHigh(ratioPercent: ratio, maxPercent: rules.maxDebtRatioPercent)) }
        } else {
            debtRatioPercent = nil
            findings.append(.debtTooHigh(ratioPercent: nil, maxPercent: rules.maxDebtRatioPercent))
        }
        if application.pastUnpaid { findings.append(.pastUnpaid) }
        let need = application.projectCost - application.ownContribution
        if application.requested > need { findings.append(.amountAbovePlan(excess: application.requested - need)) }
        if application.requested < need { findings.append(.planNotFinanced(shortfall: need - application.requested)) }
        if application.projectCost > 0 {
            let share = Dirhams.round(application.ownContribution * 100 / application.projectCost)
            if share < rules.minOwnContributionPercent { findings.append(.lowOwnContribution(percent: share, minPercent: rules.minOwnContributionPercent)) }
        }
        if application.experienceMonths < rules.minExperienceMonths {
            findings.append(.littleExperience(months: application.experienceMonths, minMonths: rules.minExperienceMonths))
        }
        self.findings = findings
        missingDocuments = rules.documents.filter { !application.documentsHeld.contains($0) }
    }
}
