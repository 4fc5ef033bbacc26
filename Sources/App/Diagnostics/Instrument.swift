import Foundation
import SQLKit

/// A text an administrator writes in each of the product's languages.
struct LocalizedText: Codable, Sendable, Equatable {
    var fr: String
    var ar: String
    var en: String

    /// French stands in for a translation not written yet.
    subscript(language: Language) -> String {
        switch language {
        case .fr: fr
        case .ar: ar.isEmpty ? fr : ar
        case .en: en.isEmpty ? fr : en
        }
    }
}

/// A diagnostic questionnaire (needs, financial health, digital maturity...): data an administrator edits.
struct Instrument: Sendable {
    struct Option: Codable, Sendable, Equatable {
        let points: Int
        let fr: String
        let ar: String
        let en: String

        var label: LocalizedText { LocalizedText(fr: fr, ar: ar, en: en) }
    }

    struct Question: Sendable {
        let id: Int
        let code: String
        let position: Int
        let text: LocalizedText
        let options: [Option]
        /// Advice given when the answer scores below the question's best.
        let recommendation: LocalizedText?
        /// A code of the theme taxonomy, linking the advice to workshops and measures on the same theme.
        let theme: String?

        var maxPoints: Int { options.map(\.points).max() ?? 0 }
    }

    let id: Int
    let code: String
    let name: LocalizedText
    let description: LocalizedText
    let active: Bool
    let questions: [Question]
}

/// The instruments shipped with the product, loaded into the database once; administrators take it from there.
enum ShippedInstruments {
    struct Entry: Decodable {
        struct Question: Decodable {
            let code: String
            let theme: String?
            let text: LocalizedText
            let options: [Instrument.Option]
            let recommendation: LocalizedText?
        }
        let code: String
        let name: LocalizedText
        let description: LocalizedText
        let questions: [Question]
    }

    static func load() throws -> [Entry] {
        guard let url = Bundle.module.url(forResource: "instruments", withExtension: "json", subdirectory: "Resources/Reference") else { return [] }
        return try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url))
    }

    static func insert(_ entry: Entry, on sql: any SQLDatabase) async throws {
        let id = try await sql.insert(into: "instruments")
            .columns("code", "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en", "active", "updated_at")
            .values(SQLBind(entry.code), SQLBind(entry.name.fr), SQLBind(entry.name.ar), SQLBind(entry.name.en), SQLBind(entry.description.fr),
                    SQLBind(entry.description.ar), SQLBind(entry.description.en), SQLBind(true), SQLBind(Date()))
            .returning("id").first(decodingColumn: "id", as: Int.self)!
        for (position, question) in entry.questions.enumerated() {
            try await InstrumentCatalogue.insert(question: .init(code: question.code, position: position + 1, text: question.text,
                                                                 options: question.options, recommendation: question.recommendation,
                                                                 theme: question.theme),
                                                 instrumentID: id, on: sql)
        }
    }
}
