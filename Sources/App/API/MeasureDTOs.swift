import Domain
import Foundation
import Vapor

extension APIDTO {
    struct Rule: Content {
        let criteria: String
        let validFrom: String
        let validUntil: String?
        let source: String

        init(_ version: MeasureCatalogue.RuleVersion) {
            criteria = version.criteria; validFrom = version.valid_from; validUntil = version.valid_until; source = version.source
        }
    }

    struct Measure: Content {
        let id: Int
        let code: String
        let kind: String
        let name: LocalizedText
        let summary: LocalizedText
        let `operator`: String
        let benefits: LocalizedText
        /// Dirhams as text with two decimals.
        let maxAmount: String?
        let ratePercent: String?
        let durationMonths: Int?
        let deferralMonths: Int?
        let documents: LocalizedText
        let howToApply: LocalizedText
        let sourceUrl: String
        /// As of today: an upcoming measure past its opening day is open.
        let status: String
        let opensOn: String?
        let closesOn: String?
        let themes: [String]
        /// The rule in force today.
        let rule: Rule?

        init(_ measure: App.Measure, today: Day) {
            id = measure.id; code = measure.code; kind = measure.kind.rawValue; name = measure.name; summary = measure.summary
            `operator` = measure.operatorName; benefits = measure.benefits
            maxAmount = measure.maxAmount.map { String(format: "%lld.%02lld", $0.centimes / 100, $0.centimes % 100) }
            ratePercent = measure.ratePercent.map { "\($0)" }; durationMonths = measure.durationMonths; deferralMonths = measure.deferralMonths
            documents = measure.documents; howToApply = measure.howToApply; sourceUrl = measure.sourceURL; status = measure.status(on: today).rawValue
            opensOn = measure.opensOn?.description; closesOn = measure.closesOn?.description; themes = measure.themes
            rule = measure.rule.map { Rule(.init(criteria: $0.text, valid_from: $0.validity.from.description, valid_until: $0.validity.until?.description, source: $0.source)) }
        }
    }

    struct RuleInput: Content {
        let criteria: String
        let validFrom: String
        let source: String
    }

    struct MeasureInput: Content {
        let code: String?
        let kind: String
        let name: LocalizedText
        let summary: LocalizedText
        let `operator`: String
        let benefits: LocalizedText
        let maxAmount: String?
        let ratePercent: String?
        let durationMonths: Int?
        let deferralMonths: Int?
        let documents: LocalizedText?
        let howToApply: LocalizedText
        let sourceUrl: String
        let status: String
        let opensOn: String?
        let closesOn: String?
        let themes: [String]?
        /// Required when creating; a rule changes later through `/rules`.
        let rule: RuleInput?
    }

    struct SubscriptionInput: Content {
        let phone: String
    }

    struct EligibilityInput: Content {
        /// Field name → answer as text: numbers (`"120000"`), codes (`"urban"`), `"yes"`/`"no"`.
        let answers: [String: String]
        /// Fields the person cannot answer: not asked again.
        let skipped: [String]?
    }

    /// A rule's explanation in its own shape: groups (`all`/`any`) and conditions with what was found.
    final class Reason: Content, @unchecked Sendable {
        let kind: String
        let outcome: String
        let field: String?
        let `operator`: String?
        /// The required value as the criteria text writes it (`18 and 34`, `urban, rural`).
        let required: String?
        let found: String?
        let children: [Reason]?

        init(_ explanation: Explanation) {
            switch explanation {
            case .group(let any, let outcome, let parts):
                kind = any ? "any" : "all"; self.outcome = outcome.rawValue; children = parts.map(Reason.init)
                field = nil; `operator` = nil; required = nil; found = nil
            case .condition(let condition, let outcome, let value):
                kind = "condition"; self.outcome = outcome.rawValue; field = condition.field.rawValue; `operator` = condition.test.keyword
                required = CriteriaText.valueText(condition.test); children = nil
                found = value.map { value in
                    switch value {
                    case .range(let low, let high) where low == high: "\(low)"
                    case .range(let low, let high): "\(low)..\(high.map { "\($0)" } ?? "")"
                    case .code(let code): code
                    case .flag(let flag): flag ? "yes" : "no"
                    }
                }
            }
        }
    }

    struct Match: Content {
        let code: String
        let name: LocalizedText
        let verdict: String
        let business: String?
        /// Fields whose answer could still change the verdict.
        let missing: [String]
        let explanation: Reason

        init(_ match: EligibilityService.Match) {
            code = match.measure.code; name = match.measure.name; verdict = match.assessment.verdict.rawValue; business = match.business
            missing = match.assessment.missing.map(\.rawValue); explanation = Reason(match.assessment.explanation)
        }
    }

    struct EligibilityResult: Content {
        let matches: [Match]
        let nextQuestion: String?
    }

    struct CampaignInput: Content {
        let measureId: Int
        let regionId: Int?
        let structureId: Int?
        let includeProbable: Bool?
    }

    struct Campaign: Content {
        let id: Int
        let measureId: Int
        let regionId: Int?
        let structureId: Int?
        let includeProbable: Bool
        let status: String
        let scanned: Int
        let eligible: Int
        let probable: Int
        let notified: Int
        let createdAt: Date
        let builtAt: Date?
        let sentAt: Date?

        init(_ summary: Campaigns.Summary) {
            id = summary.id; measureId = summary.measure_id; regionId = summary.region_id; structureId = summary.structure_id
            includeProbable = summary.include_probable; status = summary.status; scanned = summary.scanned; eligible = summary.eligible
            probable = summary.probable; notified = summary.notified; createdAt = summary.created_at; builtAt = summary.built_at; sentAt = summary.sent_at
        }
    }

    struct Recipient: Content {
        let beneficiaryId: Int
        let name: String
        let verdict: String
        let excluded: Bool
        let reachable: Bool

        init(_ row: Campaigns.Recipient) {
            beneficiaryId = row.beneficiary_id; name = "\(row.first_name) \(row.last_name)"; verdict = row.verdict; excluded = row.excluded; reachable = row.reachable
        }
    }
}
