import Foundation
import Vapor

/// Shapes of the JSON API. Models never leave the server as they are: these are the contract.
enum APIDTO {
    struct Me: Content {
        let id: Int
        let displayName: String
        let email: String?
        let phone: String?
        let grants: [GrantDTO]
    }

    struct GrantDTO: Content {
        let role: String
        let scopeKind: String
        let scopeId: Int?
    }

    struct Region: Content {
        let id: Int
        let code: String
        let nameFr: String
        let nameAr: String
        let capital: String
    }

    struct Province: Content {
        let id: Int
        let code: String
        let nameFr: String
        let regionId: Int
    }

    struct Structure: Content {
        let id: Int
        let name: String
        let kind: String
        let regionId: Int
        let parentId: Int?
        let city: String
    }

    struct BeneficiarySummary: Content {
        let id: Int
        let firstName: String
        let lastName: String
        let fullNameAr: String?
        let phone: String?
        let province: String?
        let structure: String?
    }

    struct BeneficiaryPage: Content {
        let items: [BeneficiarySummary]
        let next: String?
    }

    struct Beneficiary: Content {
        let id: Int
        let firstName: String
        let lastName: String
        let fullNameAr: String?
        let gender: String
        let birthYear: Int?
        let phone: String?
        let cin: String?
        let preferredLanguage: String
        let consentAt: Date?
        let consentPurpose: String?
        let regionId: Int
        let region: String
        let province: String?
        let structure: String?
        let businesses: [Business]
    }
}
