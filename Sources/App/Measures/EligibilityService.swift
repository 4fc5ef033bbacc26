import Domain
import Foundation
import SQLKit

/// Which measures suit a person: the rules in force today against what the registry knows of them.
struct EligibilityService {
    let sql: any SQLDatabase

    struct Match: Sendable {
        let measure: Measure
        let assessment: Assessment
        /// The business through which the verdict was reached, when the person has several.
        let business: String?
    }

    /// Measures open or upcoming on `day`, best verdicts first; nil when the person is out of scope.
    func matches(beneficiaryID: Int, scope: PersonalDataScope, on day: Day) async throws -> [Match]? {
        guard let detail = try await BeneficiaryQueries.detail(id: beneficiaryID, scope: scope, on: sql), detail.anonymised_at == nil else { return nil }
        let businesses = try await BeneficiaryQueries.businesses(of: beneficiaryID, on: sql).map {
            EligibilityProfiles.Business(name: $0.name, kind: $0.kind, legalStatus: $0.legal_status, sector: $0.sector, startedOn: $0.started_on,
                                         staff: $0.staff, turnoverBand: $0.turnover_band)
        }
        let person = EligibilityProfiles.Person(birthYear: detail.birth_year, gender: detail.gender, regionCode: try await regionCodes()[detail.region_id])
        let profiles = EligibilityProfiles.profiles(person, businesses, on: day)
        return Self.rank(try await MeasureCatalogue(sql: sql).live(on: day).map { measure in
            let best = EligibilityProfiles.best(measure.rule!.criteria, profiles)
            return Match(measure: measure, assessment: best.assessment, business: best.business)
        })
    }

    /// Eligible first, then those that cannot tell yet, then the others; by name within each.
    static func rank(_ matches: [Match]) -> [Match] {
        matches.sorted {
            let left = EligibilityProfiles.rank($0.assessment.verdict), right = EligibilityProfiles.rank($1.assessment.verdict)
            return left != right ? left > right : $0.measure.name.fr < $1.measure.name.fr
        }
    }

    func regionCodes() async throws -> [Int: String] {
        Dictionary(uniqueKeysWithValues: try await TerritoryQueries.regions(on: sql).map { ($0.id, $0.code) })
    }
}
