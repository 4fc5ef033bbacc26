import Foundation
import SQLKit

/// Reading and editing the diagnostic instruments. Questions are deleted for good: past diagnostics keep their own
/// copy of what was asked.
struct InstrumentCatalogue {
    let sql: any SQLDatabase

    struct QuestionDraft: Sendable {
        var code: String
        var position: Int
        var text: LocalizedText
        var options: [Instrument.Option]
        var recommendation: LocalizedText?
        var theme: String?
    }

    private struct InstrumentRow: Decodable {
        let id: Int; let code: String; let active: Bool
        let name_fr: String; let name_ar: String; let name_en: String
        let description_fr: String; let description_ar: String; let description_en: String
    }

    private struct QuestionRow: Decodable {
        let id: Int; let instrument_id: Int; let code: String; let position: Int
        let text_fr: String; let text_ar: String; let text_en: String; let options: String
        let recommendation_fr: String?; let recommendation_ar: String?; let recommendation_en: String?; let theme: String?
    }

    func all(activeOnly: Bool = false) async throws -> [Instrument] {
        try await instruments(activeOnly ? "active = \(bind: true)" : "1 = 1")
    }

    func find(_ id: Int) async throws -> Instrument? { try await instruments("id = \(bind: id)").first }

    func find(code: String) async throws -> Instrument? { try await instruments("code = \(bind: code)").first }

    private func instruments(_ condition: SQLQueryString) async throws -> [Instrument] {
        let rows = try await sql.raw("""
            SELECT id, code, active, name_fr, name_ar, name_en, description_fr, description_ar, description_en
            FROM instruments WHERE \(condition) ORDER BY id
            """).all(decoding: InstrumentRow.self)
        guard !rows.isEmpty else { return [] }
        let questions = try await sql.raw("""
            SELECT id, instrument_id, code, position, text_fr, text_ar, text_en, options, recommendation_fr, recommendation_ar, recommendation_en, theme
            FROM instrument_questions WHERE instrument_id IN (\(SQLList(rows.map { SQLBind($0.id) }))) ORDER BY position, id
            """).all(decoding: QuestionRow.self)
        let byInstrument = Dictionary(grouping: questions, by: \.instrument_id)
        return rows.map { row in
            Instrument(id: row.id, code: row.code, name: .init(fr: row.name_fr, ar: row.name_ar, en: row.name_en),
                       description: .init(fr: row.description_fr, ar: row.description_ar, en: row.description_en), active: row.active,
                       questions: (byInstrument[row.id] ?? []).map(Self.question))
        }
    }

    private static func question(_ row: QuestionRow) -> Instrument.Question {
        let options = (try? JSONDecoder().decode([Instrument.Option].self, from: Data(row.options.utf8))) ?? []
        let recommendation = row.recommendation_fr.map { LocalizedText(fr: $0, ar: row.recommendation_ar ?? "", en: row.recommendation_en ?? "") }
        return .init(id: row.id, code: row.code, position: row.position, text: .init(fr: row.text_fr, ar: row.text_ar, en: row.text_en),
                     options: options, recommendation: recommendation, theme: row.theme)
    }

    /// A new instrument, inactive until it has questions and an administrator switches it on.
    func create(code: String, name: LocalizedText, description: LocalizedText) async throws -> Int {
        if try await find(code: code) != nil { throw AppError.validation(["code": FieldProblem("instrument.code_taken")]) }
        return try await sql.insert(into: "instruments")
            .columns("code", "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en", "active", "updated_at")
            .values(SQLBind(code), SQLBind(name.fr), SQLBind(name.ar), SQLBind(name.en), SQLBind(description.fr), SQLBind(description.ar),
                    SQLBind(description.en), SQLBind(false), SQLBind(Date()))
            .returning("id").first(decodingColumn: "id", as: Int.self)!
    }

    func update(_ id: Int, name: LocalizedText, description: LocalizedText, active: Bool) async throws {
        guard try await find(id) != nil else { throw AppError.notFound }
        try await sql.raw("""
            UPDATE instruments SET name_fr = \(bind: name.fr), name_ar = \(bind: name.ar), name_en = \(bind: name.en),
                description_fr = \(bind: description.fr), description_ar = \(bind: description.ar), description_en = \(bind: description.en),
                active = \(bind: active), updated_at = \(bind: Date()) WHERE id = \(bind: id)
            """).run()
    }

    func addQuestion(_ draft: QuestionDraft, to instrumentID: Int) async throws {
        guard let instrument = try await find(instrumentID) else { throw AppError.notFound }
        if instrument.questions.contains(where: { $0.code == draft.code }) { throw AppError.validation(["code": FieldProblem("instrument.code_taken")]) }
        try await Self.insert(question: draft, instrumentID: instrumentID, on: sql)
    }

    func updateQuestion(_ questionID: Int, of instrumentID: Int, _ draft: QuestionDraft) async throws {
        guard let instrument = try await find(instrumentID), instrument.questions.contains(where: { $0.id == questionID }) else { throw AppError.notFound }
        if instrument.questions.contains(where: { $0.code == draft.code && $0.id != questionID }) {
            throw AppError.validation(["code": FieldProblem("instrument.code_taken")])
        }
        try await sql.raw("""
            UPDATE instrument_questions SET code = \(bind: draft.code), position = \(bind: draft.position), text_fr = \(bind: draft.text.fr),
                text_ar = \(bind: draft.text.ar), text_en = \(bind: draft.text.en), options = \(bind: try Self.json(draft.options)),
                recommendation_fr = \(bind: draft.recommendation?.fr), recommendation_ar = \(bind: draft.recommendation?.ar),
                recommendation_en = \(bind: draft.recommendation?.en), theme = \(bind: draft.theme)
            WHERE id = \(bind: questionID) AND instrument_id = \(bind: instrumentID)
            """).run()
    }

    func deleteQuestion(_ questionID: Int, of instrumentID: Int) async throws {
        try await sql.raw("DELETE FROM instrument_questions WHERE id = \(bind: questionID) AND instrument_id = \(bind: instrumentID)").run()
    }

    static func insert(question: QuestionDraft, instrumentID: Int, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "instrument_questions")
            .columns("instrument_id", "code", "position", "text_fr", "text_ar", "text_en", "options", "recommendation_fr", "recommendation_ar",
                     "recommendation_en", "theme")
            .values(SQLBind(instrumentID), SQLBind(question.code), SQLBind(question.position), SQLBind(question.text.fr), SQLBind(question.text.ar),
                    SQLBind(question.text.en), SQLBind(try json(question.options)), SQLBind(question.recommendation?.fr),
                    SQLBind(question.recommendation?.ar), SQLBind(question.recommendation?.en), SQLBind(question.theme))
            .run()
    }

    private static func json(_ options: [Instrument.Option]) throws -> String {
        String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
    }
}
