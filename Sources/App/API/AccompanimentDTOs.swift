import Foundation
import Vapor

/// JSON shapes of the registry and accompaniment API: camelCase, typed, converted to the same checks as the forms.
extension APIDTO {
    struct NewBeneficiary: Content {
        var firstName: String?
        var lastName: String?
        var fullNameAr: String?
        var gender: String
        var birthYear: Int?
        var phone: String?
        var cin: String?
        var preferredLanguage: String?
        var consent: Bool
        var shareWithPartners: Bool?
        var structureId: Int?
        var provinceId: Int?
        var business: NewBusiness?
        var confirmDuplicate: Bool?

        var fields: BeneficiaryDraft.Fields {
            BeneficiaryDraft.Fields(
                first_name: firstName, last_name: lastName, full_name_ar: fullNameAr, gender: gender, birth_year: birthYear.map(String.init),
                phone: phone, cin: cin, preferred_language: preferredLanguage, consent: consent ? "true" : nil,
                share_with_partners: shareWithPartners == true ? "true" : nil, structure_id: structureId.map(String.init),
                province_id: provinceId.map(String.init), business_kind: business?.kind ?? "none", business_name: business?.name,
                legal_status: business?.legalStatus, sector: business?.sector, started_on: business?.startedOn, staff: business?.staff.map(String.init),
                turnover_band: business?.turnoverBand, ice: business?.ice, rc: business?.rc, tax_id: business?.taxId,
                digital_presence: business?.digitalPresence, confirm_duplicate: confirmDuplicate == true ? "true" : nil)
        }
    }

    struct NewBusiness: Content {
        var kind: String
        var name: String
        var legalStatus: String?
        var sector: String?
        var startedOn: String?
        var staff: Int?
        var turnoverBand: String?
        var ice: String?
        var rc: String?
        var taxId: String?
        var digitalPresence: [String]?
    }

    struct Registered: Content {
        let beneficiaryId: Int
        let caseId: Int
        /// Accepted, but worth checking: field name → message.
        let warnings: [String: String]
    }

    struct Business: Content {
        let id: Int
        let kind: String
        let name: String
        let legalStatus: String?
        let sector: String?
        let startedOn: String?
        let staff: Int?
        let turnoverBand: String?
        let ice: String?
        let rc: String?
        let taxId: String?
        let digitalPresence: [String]
    }

    struct CaseSummary: Content {
        let id: Int
        let beneficiaryId: Int
        let name: String
        let stage: String
        let lastContactAt: Date?
        let overdueActions: Int
        let waitingReferrals: Int
    }

    struct Case: Content {
        let id: Int
        let beneficiaryId: Int
        let name: String
        let structure: String
        let advisor: String?
        let stage: String
        let closedReason: String?
        let openedAt: Date
        let closedAt: Date?
        let version: Int
        let interactions: [Interaction]
        let actions: [Action]
        let referrals: [Referral]
        let outcomes: [Outcome]
        let diagnostics: [Diagnostic]
    }

    struct Interaction: Content {
        let id: Int
        let kind: String
        let occurredOn: String
        let durationMinutes: Int?
        let topics: [String]
        let notes: String?
    }

    struct Action: Content {
        let id: Int
        let title: String
        let owner: String
        let dueOn: String?
        let status: String
    }

    /// Amounts are decimal strings in dirhams ("40000.00"), exact.
    struct Referral: Content {
        let id: Int
        let partner: String
        let measure: String?
        let status: String
        let requestedAmount: String?
        let grantedAmount: String?
        let answerReason: String?
        let sentAt: Date
    }

    struct Outcome: Content {
        let id: Int
        let kind: String
        let occurredOn: String
        let legalStatus: String?
        let amount: String?
        let source: String?
        let jobsCreated: Int?
        let jobsKept: Int?
        let confirmedAt: Date?
    }

    struct StageChange: Content {
        var stage: String
        var closedReason: String?
        var version: Int
    }

    struct NewInteraction: Content {
        var kind: String
        var occurredOn: String?
        var durationMinutes: Int?
        var topics: [String]?
        var notes: String?
    }

    struct InboxItem: Content {
        let id: Int
        let partnerId: Int
        let measure: String?
        let note: String?
        let status: String
        let requestedAmount: String?
        let sentAt: Date
        let structure: String
        /// Only when the beneficiary agreed to share their contact with the partners they are referred to.
        let contactName: String?
        let contactPhone: String?
    }

    struct ReferralAnswer: Content {
        var status: String
        var grantedAmount: String?
        var answerReason: String?
    }

    static func amount(_ centimes: Int64?) -> String? {
        centimes.map { String(format: "%lld.%02lld", $0 / 100, $0 % 100) }
    }
}
