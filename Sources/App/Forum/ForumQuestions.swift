import Domain
import FluentKit
import Foundation
import SQLKit

/// Questions to a session's speakers: asked on the session's page or typed in from paper, voted on, merged when they
/// repeat (votes follow), tagged with themes, answered on the page, and reported per stop by theme.
struct ForumQuestions {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    struct Question: Sendable, Decodable {
        let id: Int
        let session_id: Int
        let text: String
        let source: String
        let asked_by_name: String?
        let asked_by_phone: String?
        let status: String
        let themes: String
        let votes: Int
        let answer: String?
        let case_id: Int?
        let merged_into_id: Int?
        /// Questions merged into this one.
        let merged: Int

        var themeCodes: [String] { themes.split(separator: ",").map(String.init) }
    }

    /// A new question; a name and phone (optional) let an advisor follow it up.
    func ask(sessionID: Int, text: String, language: Language, name: String?, phone: MoroccanPhone?, source: String, now: Date = Date()) async throws -> Int {
        try await sql.raw("""
            INSERT INTO forum_questions (session_id, text, language, source, asked_by_name, asked_by_phone, status, themes, votes, created_at)
            VALUES (\(bind: sessionID), \(bind: text), \(bind: language.rawValue), \(bind: source), \(bind: name), \(bind: phone?.e164), 'open', '', 0, \(bind: now))
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self)!
    }

    /// The session's questions still standing, most voted first.
    func list(sessionID: Int, includeHidden: Bool = false) async throws -> [Question] {
        try await sql.raw("""
            SELECT q.id, q.session_id, q.text, q.source, q.asked_by_name, q.asked_by_phone, q.status, q.themes, q.votes, q.answer, q.case_id, q.merged_into_id,
                   (SELECT COUNT(*) FROM forum_questions m WHERE m.merged_into_id = q.id) AS merged
            FROM forum_questions q WHERE q.session_id = \(bind: sessionID) AND q.merged_into_id IS NULL
              AND (q.status <> 'hidden' OR \(bind: includeHidden) = \(bind: true))
            ORDER BY q.votes DESC, q.id
            """).all(decoding: Question.self)
    }

    func find(_ id: Int) async throws -> Question? {
        try await sql.raw("""
            SELECT q.id, q.session_id, q.text, q.source, q.asked_by_name, q.asked_by_phone, q.status, q.themes, q.votes, q.answer, q.case_id, q.merged_into_id,
                   (SELECT COUNT(*) FROM forum_questions m WHERE m.merged_into_id = q.id) AS merged
            FROM forum_questions q WHERE q.id = \(bind: id)
            """).first(decoding: Question.self)
    }

    /// One vote per voter and question; a vote for a merged question counts for the one it was merged into. The vote
    /// row is written first, so on SQLite the transaction holds the write lock before anything else.
    func vote(_ id: Int, voter: String) async throws {
        let counted: Bool = try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            guard let target = try await sql.raw("""
                INSERT INTO forum_question_votes (question_id, voter)
                SELECT COALESCE(merged_into_id, id), \(bind: voter) FROM forum_questions WHERE id = \(bind: id) AND status <> 'hidden'
                ON CONFLICT (question_id, voter) DO NOTHING RETURNING question_id
                """).first(decodingColumn: "question_id", as: Int.self) else { return false }
            try await sql.raw("UPDATE forum_questions SET votes = votes + 1 WHERE id = \(bind: target)").run()
            return true
        }
        if !counted, try await find(id).map({ $0.status == "hidden" }) ?? true { throw AppError.notFound }
    }

    /// The duplicate disappears into the question it repeats; its voters count for that one, each once.
    func merge(_ id: Int, into target: Int) async throws {
        guard id != target else { throw AppError.validation(["into": FieldProblem("validation.choice")]) }
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            guard try await sql.raw("""
                UPDATE forum_questions SET merged_into_id = \(bind: target)
                WHERE id = \(bind: id) AND merged_into_id IS NULL
                  AND session_id = (SELECT session_id FROM forum_questions WHERE id = \(bind: target) AND merged_into_id IS NULL)
                RETURNING id
                """).first() != nil else { throw AppError.validation(["into": FieldProblem("validation.choice")]) }
            try await sql.raw("UPDATE forum_questions SET merged_into_id = \(bind: target) WHERE merged_into_id = \(bind: id)").run()
            try await sql.raw("""
                INSERT INTO forum_question_votes (question_id, voter)
                SELECT DISTINCT \(bind: target), voter FROM forum_question_votes WHERE question_id = \(bind: id)
                ON CONFLICT (question_id, voter) DO NOTHING
                """).run()
            try await sql.raw("DELETE FROM forum_question_votes WHERE question_id = \(bind: id)").run()
            try await sql.raw("""
                UPDATE forum_questions SET votes = (SELECT COUNT(*) FROM forum_question_votes WHERE question_id = \(bind: target)) WHERE id = \(bind: target)
                """).run()
        }
    }

    func moderate(_ id: Int, themes: [String], hidden: Bool) async throws {
        try await sql.raw("""
            UPDATE forum_questions SET themes = \(bind: themes.joined(separator: ",")),
                status = CASE WHEN \(bind: hidden) = \(bind: true) THEN 'hidden' WHEN answer IS NULL THEN 'open' ELSE 'answered' END
            WHERE id = \(bind: id)
            """).run()
    }

    func answer(_ id: Int, text: String, by userID: Int, now: Date = Date()) async throws {
        try await sql.raw("""
            UPDATE forum_questions SET answer = \(bind: text), answered_at = \(bind: now), answered_by = \(bind: userID), status = 'answered' WHERE id = \(bind: id)
            """).run()
    }

    /// Recurrent questions of a stop by theme: how many were asked (duplicates included) and the most voted.
    struct ThemeReport: Sendable {
        let theme: String
        let asked: Int
        let votes: Int
        let top: [Question]
    }

    func report(stopID: Int) async throws -> [ThemeReport] {
        let questions = try await sql.raw("""
            SELECT q.id, q.session_id, q.text, q.source, q.asked_by_name, q.asked_by_phone, q.status, q.themes, q.votes, q.answer, q.case_id, q.merged_into_id,
                   (SELECT COUNT(*) FROM forum_questions m WHERE m.merged_into_id = q.id) AS merged
            FROM forum_questions q JOIN forum_sessions s ON s.id = q.session_id
            WHERE s.stop_id = \(bind: stopID) AND q.merged_into_id IS NULL AND q.status <> 'hidden'
            """).all(decoding: Question.self)
        var byTheme: [String: [Question]] = [:]
        for question in questions {
            for theme in question.themeCodes.isEmpty ? [""] : question.themeCodes { byTheme[theme, default: []].append(question) }
        }
        return byTheme.map { theme, list in
            ThemeReport(theme: theme, asked: list.reduce(0) { $0 + 1 + $1.merged }, votes: list.reduce(0) { $0 + $1.votes },
                        top: Array(list.sorted { ($0.votes, -$0.id) > ($1.votes, -$1.id) }.prefix(5)))
        }.sorted { ($0.asked, $0.votes, $1.theme) > ($1.asked, $1.votes, $0.theme) }
    }

    /// A question someone left a phone with becomes a case for an advisor of the stop's region, the question in its notes.
    func followUp(_ id: Int, regionID: Int, by userID: Int, now: Date = Date()) async throws -> Int {
        guard let question = try await find(id) else { throw AppError.notFound }
        if let existing = question.case_id { return existing }
        guard let raw = question.asked_by_phone, let phone = try? MoroccanPhone.parse(raw) else {
            throw AppError.validation(["follow_up": FieldProblem("forum.question_no_phone")])
        }
        let names = (question.asked_by_name ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        let registrant = ForumRegistrations.Registrant(firstName: names.first ?? "—", lastName: names.count > 1 ? names[1] : (names.first ?? "—"),
                                                       phone: phone, gender: .u, language: .fr)
        guard let structure = try await BeneficiaryRegistry.regionalStructure(regionID: regionID, on: sql) else {
            throw AppError.validation(["follow_up": FieldProblem("registry.no_structure_here")])
        }
        return try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let asker = try ForumRegistrations.Person(registrant: registrant, regionID: regionID)
            let person = try await ForumRegistrations.people([asker], on: sql, now: now).ids[asker.key]!
            let service = AccompanimentService(sql: sql)
            let caseID = try await service.open(beneficiaryID: person, structureID: structure, advisorID: nil, now: now)
            try await service.addInteraction(.init(kind: .workshop, occurredOn: CalendarDate(now), durationMinutes: nil,
                                                   topics: question.themeCodes, notes: question.text),
                                             to: caseID, author: userID, scope: Policy.systemScope, now: now)
            try await sql.raw("UPDATE forum_questions SET case_id = \(bind: caseID) WHERE id = \(bind: id)").run()
            return caseID
        }
    }
}
