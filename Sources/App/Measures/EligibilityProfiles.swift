import Domain
import Foundation

/// Builds what the eligibility engine reads from what the registry holds. Everything the registry does not know
/// (urban or rural, diploma, the loan sought...) stays unknown, so a measure that needs it "cannot tell" and names it.
enum EligibilityProfiles {
    struct Person: Sendable {
        var birthYear: Int?
        var gender: String?
        var regionCode: String?
    }

    struct Business: Sendable {
        var name: String
        var kind: String
        var legalStatus: String?
        var sector: String?
        var startedOn: String?
        var staff: Int?
        var turnoverBand: String?
    }

    /// The person's profile once per business (a measure may suit one of them and not another), or alone.
    static func profiles(_ person: Person, _ businesses: [Business], on day: Day) -> [(business: String?, profile: EligibilityProfile)] {
        var base = EligibilityProfile()
        if let year = person.birthYear { base[.age] = .age(birthYear: year, on: day) }
        if let gender = person.gender, gender != Gender.u.rawValue { base[.gender] = .code(gender) }
        if let region = person.regionCode { base[.region] = .code(region) }
        guard !businesses.isEmpty else { return [(nil, base)] }
        return businesses.map { business in
            var profile = base
            if business.kind == BusinessKind.project.rawValue {
                // A project has not started: no status yet, no age, no sales.
                profile[.legalStatus] = .code(EligibilityVocabulary.projectStatus)
                profile[.businessAge] = .exactly(0)
                profile[.turnover] = .exactly(0)
            } else {
                if let status = business.legalStatus { profile[.legalStatus] = .code(status) }
                if let started = business.startedOn.flatMap({ Day(iso: $0) }) { profile[.businessAge] = .years(since: started, on: day) }
                if let band = business.turnoverBand.flatMap(TurnoverBand.init(rawValue:)) { profile[.turnover] = band.range }
            }
            if let sector = business.sector { profile[.sector] = .code(sector) }
            if let staff = business.staff { profile[.staff] = .exactly(Decimal(staff)) }
            return (business.name, profile)
        }
    }

    /// The best answer over the person's businesses: eligible through one of them beats cannot tell, which beats no.
    static func best(_ criterion: Criterion, _ profiles: [(business: String?, profile: EligibilityProfile)]) -> (assessment: Assessment, business: String?) {
        var best: (assessment: Assessment, business: String?)?
        for (business, profile) in profiles {
            let assessment = Eligibility.assess(criterion, profile)
            if best == nil || rank(assessment.verdict) > rank(best!.assessment.verdict) { best = (assessment, business) }
            if assessment.verdict == .eligible { break }
        }
        return best!
    }

    static func rank(_ verdict: Assessment.Verdict) -> Int {
        switch verdict {
        case .eligible: 2
        case .cannotTell: 1
        case .notEligible: 0
        }
    }
}

extension TurnoverBand {
    /// Yearly turnover in dirhams that the band covers, both ends included.
    var range: ProfileValue {
        switch self {
        case .under100k: .range(0, 99_999)
        case .upTo500k: .range(100_000, 500_000)
        case .upTo1m: .range(500_001, 1_000_000)
        case .upTo3m: .range(1_000_001, 3_000_000)
        case .upTo10m: .range(3_000_001, 10_000_000)
        case .over10m: .range(10_000_001, nil)
        }
    }
}
