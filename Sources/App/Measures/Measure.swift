import Domain
import Foundation

enum MeasureKind: String, CaseIterable, Sendable, Codable {
    case loan, guarantee, grant, honourLoan = "honour_loan", advance, training, taxStatus = "tax_status", coaching, other
}

/// What an administrator sets. What a visitor sees also depends on the day: see `Measure.status(on:)`.
enum MeasureStatus: String, CaseIterable, Sendable, Codable {
    case upcoming, open, closed
}

/// A support measure of the catalogue: what an administrator wrote (`MeasureDraft`, read through this type) and the
/// eligibility rule in force on the day it was read.
@dynamicMemberLookup
struct Measure: Sendable {
    let id: Int
    let draft: MeasureDraft
    var rule: Rule?

    subscript<Value>(dynamicMember keyPath: KeyPath<MeasureDraft, Value>) -> Value { draft[keyPath: keyPath] }

    var opensOn: Day? { draft.opensOn.flatMap { Day(iso: $0) } }
    var closesOn: Day? { draft.closesOn.flatMap { Day(iso: $0) } }

    struct Rule: Sendable {
        let id: Int
        let criteria: Criterion
        let text: String
        let validity: Validity
        let source: String
    }

    /// An upcoming measure opens by itself on its opening day; any measure closes after its closing day.
    func status(on day: Day) -> MeasureStatus {
        if draft.status == .closed || closesOn.map({ $0 < day }) == true { return .closed }
        if draft.status == .upcoming { return opensOn.map { $0 <= day } == true ? .open : .upcoming }
        return opensOn.map { $0 > day } == true ? .upcoming : .open
    }
}

extension Day {
    /// Today in Morocco: a measure closing "on the 30th" is still open on the evening of the 30th in Casablanca.
    static func today(_ now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.morocco
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

/// The measures shipped with the product (`Resources/Reference/measures.json`, from the public sources named in each).
enum ShippedMeasures {
    struct Entry: Decodable {
        struct RuleEntry: Decodable {
            let criteria: String
            let validFrom: String
            let source: String
        }
        let code: String
        let kind: MeasureKind
        let name, summary, benefits, documents, apply: LocalizedText
        let `operator`: String
        let maxAmount, ratePercent: String?
        let durationMonths, deferralMonths: Int?
        let sourceURL: String
        let status: MeasureStatus
        let opensOn, closesOn: String?
        let themes: [String]
        let rule: RuleEntry
    }

    static func load() throws -> [Entry] {
        guard let url = Bundle.module.url(forResource: "measures", withExtension: "json", subdirectory: "Resources/Reference") else { return [] }
        return try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url))
    }
}
