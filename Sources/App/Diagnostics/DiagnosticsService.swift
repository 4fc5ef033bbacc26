import Domain
import Foundation
import SQLKit

/// Taking a diagnostic within a case: every question answered, a score out of 100, advice for each answer below the
/// best, all stored as asked so the result reads the same after the instrument changes.
struct DiagnosticsService {
    let sql: any SQLDatabase

    struct Answer: Codable, Sendable {
        let question: String
        let text: LocalizedText
        let answer: LocalizedText
        let points: Int
        let max: Int
    }

    struct Recommendation: Codable, Sendable {
        let question: String
        let theme: String?
        let text: LocalizedText
    }

    struct Diagnostic: Sendable {
        let id: Int
        let caseID: Int
        let instrumentID: Int
        let instrumentCode: String
        let instrumentName: LocalizedText
        let takenOn: String
        let authorName: String?
        let points: Int
        let maxPoints: Int
        let score: Int
        let answers: [Answer]
        let recommendations: [Recommendation]
    }

    /// Scores the answers (question code → option index). Unanswered or unknown choices are field errors named
    /// `q_<question code>`.
    static func assess(_ instrument: Instrument, answers: [String: Int]) throws(AppError) -> (answers: [Answer], recommendations: [Recommendation]) {
        var validator = Validator()
        var scored: [Answer] = []
        var advice: [(points: Int, Recommendation)] = []
        for question in instrument.questions {
            guard let index = answers[question.code], question.options.indices.contains(index) else {
                validator.add("q_\(question.code)", "diagnostic.answer_required")
                continue
            }
            let option = question.options[index]
            scored.append(Answer(question: question.code, text: question.text, answer: option.label, points: option.points, max: question.maxPoints))
            if option.points < question.maxPoints, let text = question.recommendation {
                advice.append((option.points, Recommendation(question: question.code, theme: question.theme, text: text)))
            }
        }
        try validator.check()
        // Weakest answers first: that is where the plan starts.
        return (scored, advice.enumerated().sorted { ($0.element.points, $0.offset) < ($1.element.points, $1.offset) }.map(\.element.1))
    }

    static func score(_ answers: [Answer]) -> (points: Int, max: Int, percent: Int) {
        let points = answers.map(\.points).reduce(0, +)
        let max = answers.map(\.max).reduce(0, +)
        return (points, max, percent(points: points, max: max))
    }

    /// Percent rounded half up, in integers.
    static func percent(points: Int, max: Int) -> Int { max == 0 ? 0 : (points * 200 + max) / (2 * max) }

    /// Records a diagnostic on a case the caller has already found within scope.
    func take(_ instrument: Instrument, answers: [String: Int], takenOn: CalendarDate, caseID: Int, authorID: Int, now: Date = Date()) async throws -> Int {
        guard instrument.active, !instrument.questions.isEmpty else { throw AppError.validation(["instrument": FieldProblem("validation.choice")]) }
        let (scored, advice) = try Self.assess(instrument, answers: answers)
        let total = Self.score(scored)
        let encoder = JSONEncoder()
        return try await sql.insert(into: "diagnostics")
            .columns("accompaniment_id", "instrument_id", "taken_on", "author_id", "points", "max_points", "score", "answers", "recommendations", "created_at")
            .values(SQLBind(caseID), SQLBind(instrument.id), SQLBind(takenOn.string), SQLBind(authorID), SQLBind(total.points), SQLBind(total.max),
                    SQLBind(total.percent), SQLBind(String(decoding: try encoder.encode(scored), as: UTF8.self)),
                    SQLBind(String(decoding: try encoder.encode(advice), as: UTF8.self)), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int.self)!
    }

    private struct Row: Decodable {
        let id: Int; let accompaniment_id: Int; let instrument_id: Int; let code: String
        let name_fr: String; let name_ar: String; let name_en: String
        let taken_on: String; let author_name: String?; let points: Int; let max_points: Int; let score: Int
        let answers: String; let recommendations: String
    }

    /// A case's diagnostics, oldest first within each instrument, so progress reads left to right.
    func diagnostics(ofCase caseID: Int) async throws -> [Diagnostic] {
        try await rows("d.accompaniment_id = \(bind: caseID)")
    }

    func find(_ id: Int, caseID: Int) async throws -> Diagnostic? {
        try await rows("d.id = \(bind: id) AND d.accompaniment_id = \(bind: caseID)").first
    }

    private func rows(_ condition: SQLQueryString) async throws -> [Diagnostic] {
        let decoder = JSONDecoder()
        return try await sql.raw("""
            SELECT d.id, d.accompaniment_id, d.instrument_id, i.code, i.name_fr, i.name_ar, i.name_en, d.taken_on, u.display_name AS author_name,
                   d.points, d.max_points, d.score, d.answers, d.recommendations
            FROM diagnostics d JOIN instruments i ON i.id = d.instrument_id LEFT JOIN users u ON u.id = d.author_id
            WHERE \(condition) ORDER BY d.instrument_id, d.taken_on, d.id
            """).all(decoding: Row.self).map { row in
            Diagnostic(id: row.id, caseID: row.accompaniment_id, instrumentID: row.instrument_id, instrumentCode: row.code,
                       instrumentName: .init(fr: row.name_fr, ar: row.name_ar, en: row.name_en), takenOn: row.taken_on, authorName: row.author_name,
                       points: row.points, maxPoints: row.max_points, score: row.score,
                       answers: try decoder.decode([Answer].self, from: Data(row.answers.utf8)),
                       recommendations: try decoder.decode([Recommendation].self, from: Data(row.recommendations.utf8)))
        }
    }
}
