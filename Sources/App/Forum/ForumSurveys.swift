import Domain
import FluentKit
import Foundation
import SQLKit

/// The satisfaction survey after a stop: sent once to each person who came through the door, answered once, and
/// read per stop, session, speaker and partner (average scores, net promoter score, comments).
struct ForumSurveys {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    enum Kind: String, Sendable, CaseIterable { case score, nps, text }
    enum About: String, Sendable, CaseIterable { case stop, session, speaker, partner }

    struct Question: Sendable {
        let id: Int
        let code: String
        let kind: Kind
        let about: About
        let text: LocalizedText

        var range: ClosedRange<Int> { kind == .nps ? 0...10 : 1...5 }
    }

    func questions() async throws -> [Question] {
        struct Row: Decodable { let id: Int; let code: String; let kind: String; let about: String; let text_fr: String; let text_ar: String; let text_en: String }
        return try await sql.raw("SELECT id, code, kind, about, text_fr, text_ar, text_en FROM forum_survey_questions WHERE active = \(bind: true) ORDER BY position")
            .all(decoding: Row.self).compactMap { row in
                guard let kind = Kind(rawValue: row.kind), let about = About(rawValue: row.about) else { return nil }
                return Question(id: row.id, code: row.code, kind: kind, about: about, text: .init(fr: row.text_fr, ar: row.text_ar, en: row.text_en))
            }
    }

    /// What an organiser writes of a question. Its kind and subject are fixed once it has answers, so results keep
    /// their meaning; its wording, place and whether it is asked can change at any time.
    struct QuestionDraft: Sendable {
        var kind: Kind
        var about: About
        var text: LocalizedText
        var position: Int
        var active: Bool
    }

    struct EditableQuestion: Sendable, Decodable {
        let id: Int; let code: String; let kind: String; let about: String
        let text_fr: String; let text_ar: String; let text_en: String; let position: Int; let active: Bool; let answers: Int
    }

    /// Every question, asked or not, with how many answers it has.
    func editableQuestions() async throws -> [EditableQuestion] {
        try await sql.raw("""
            SELECT q.id, q.code, q.kind, q.about, q.text_fr, q.text_ar, q.text_en, q.position, q.active,
                   (SELECT COUNT(*) FROM forum_survey_answers a WHERE a.question_id = q.id) AS answers
            FROM forum_survey_questions q ORDER BY q.position, q.id
            """).all(decoding: EditableQuestion.self)
    }

    func addQuestion(_ draft: QuestionDraft) async throws -> Int {
        // The code names the question in exports and the API; a new one gets a stable code of its own.
        let code = "\(draft.about.rawValue)_\(draft.kind.rawValue)_\(RandomToken.make().prefix(6).lowercased())"
        return try await sql.raw("""
            INSERT INTO forum_survey_questions (code, kind, about, text_fr, text_ar, text_en, position, active)
            VALUES (\(bind: code), \(bind: draft.kind.rawValue), \(bind: draft.about.rawValue), \(bind: draft.text.fr), \(bind: draft.text.ar),
                    \(bind: draft.text.en), \(bind: draft.position), \(bind: draft.active))
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self)!
    }

    func updateQuestion(_ id: Int, _ draft: QuestionDraft) async throws {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            // Touching the row first takes SQLite's write lock before the answers are counted.
            guard let current = try await sql.raw("""
                UPDATE forum_survey_questions SET position = position WHERE id = \(bind: id) RETURNING kind, about
                """).first() else { throw AppError.notFound }
            let answered = try await sql.raw("SELECT 1 FROM forum_survey_answers WHERE question_id = \(bind: id) LIMIT 1").first() != nil
            if answered, try current.decode(column: "kind", as: String.self) != draft.kind.rawValue
                || current.decode(column: "about", as: String.self) != draft.about.rawValue {
                throw AppError.validation(["kind": FieldProblem("forum.survey_kind_locked")])
            }
            try await sql.raw("""
                UPDATE forum_survey_questions SET kind = \(bind: draft.kind.rawValue), about = \(bind: draft.about.rawValue), text_fr = \(bind: draft.text.fr),
                    text_ar = \(bind: draft.text.ar), text_en = \(bind: draft.text.en), position = \(bind: draft.position), active = \(bind: draft.active)
                WHERE id = \(bind: id)
                """).run()
        }
    }

    /// One invitation per attendee who has none yet, its text queued with it; returns how many were sent.
    func invite(stopID: Int, baseURL: URL, now: Date = Date()) async throws -> Int {
        struct Attendee: Decodable { let registration_id: Int; let phone: String?; let preferred_language: String }
        let attendees = try await sql.raw("""
            SELECT r.id AS registration_id, b.phone, b.preferred_language FROM forum_checkins c JOIN forum_registrations r ON r.id = c.registration_id
            JOIN beneficiaries b ON b.id = r.beneficiary_id
            WHERE c.stop_id = \(bind: stopID) AND NOT EXISTS (SELECT 1 FROM forum_survey_invitations i WHERE i.registration_id = r.id)
            """).all(decoding: Attendee.self)
        var sent = 0
        for attendee in attendees {
            guard let phone = attendee.phone else { continue }
            let token = RandomToken.make()
            let invited: Bool = try await database.transaction { transaction in
                let sql = transaction as! any SQLDatabase
                guard try await sql.raw("""
                    INSERT INTO forum_survey_invitations (registration_id, token, sent_at) VALUES (\(bind: attendee.registration_id), \(bind: token), \(bind: now))
                    ON CONFLICT (registration_id) DO NOTHING RETURNING id
                    """).first() != nil else { return false }
                try await Outbox(database: sql).enqueue(channel: .sms, to: phone, template: "forum_survey",
                                                        language: Language(rawValue: attendee.preferred_language) ?? .fr,
                                                        data: ["url": baseURL.appendingPathComponent("forum/survey/\(token)").absoluteString])
                return true
            }
            if invited { sent += 1 }
        }
        return sent
    }

    struct Invitation: Sendable, Decodable {
        let id: Int
        let registration_id: Int
        let stop_id: Int
        let completed_at: Date?
    }

    func invitation(token: String) async throws -> Invitation? {
        try await sql.raw("""
            SELECT i.id, i.registration_id, r.stop_id, i.completed_at FROM forum_survey_invitations i JOIN forum_registrations r ON r.id = i.registration_id
            WHERE i.token = \(bind: token)
            """).first(decoding: Invitation.self)
    }

    /// What the person is asked about: the sessions they held a seat in, those sessions' speakers, the stop's partners.
    struct Subject: Sendable { let id: Int; let name: String }

    func subjects(of invitation: Invitation, language: Language) async throws -> [About: [Subject]] {
        struct Named: Decodable { let id: Int; let name: String }
        let sessions = try await sql.raw("""
            SELECT s.id, CASE \(bind: language.rawValue) WHEN 'ar' THEN s.title_ar WHEN 'en' THEN s.title_en ELSE s.title_fr END AS name
            FROM forum_seats x JOIN forum_sessions s ON s.id = x.session_id
            WHERE x.registration_id = \(bind: invitation.registration_id) AND x.status = 'confirmed' ORDER BY s.starts_at
            """).all(decoding: Named.self)
        let speakers = try await sql.raw("""
            SELECT DISTINCT sp.id, sp.name FROM forum_seats x JOIN forum_session_speakers ss ON ss.session_id = x.session_id
            JOIN forum_speakers sp ON sp.id = ss.speaker_id WHERE x.registration_id = \(bind: invitation.registration_id) AND x.status = 'confirmed'
            ORDER BY sp.name
            """).all(decoding: Named.self)
        let partners = try await sql.raw("""
            SELECT p.id, p.name FROM forum_stop_partners sp JOIN partner_institutions p ON p.id = sp.partner_id WHERE sp.stop_id = \(bind: invitation.stop_id) ORDER BY p.name
            """).all(decoding: Named.self)
        return [.stop: [Subject(id: 0, name: "")], .session: sessions.map { Subject(id: $0.id, name: $0.name.isEmpty ? "—" : $0.name) },
                .speaker: speakers.map { Subject(id: $0.id, name: $0.name) }, .partner: partners.map { Subject(id: $0.id, name: $0.name) }]
    }

    /// The answers, once: fields `q_<question>_<subject>`; the stop's scores are required, the rest may be skipped.
    func submit(_ invitation: Invitation, values: [String: String], questions: [Question], subjects: [About: [Subject]], now: Date = Date()) async throws {
        var validator = Validator()
        var answers: [(question: Int, subject: Int?, score: Int?, text: String?)] = []
        for question in questions {
            for subject in subjects[question.about] ?? [] {
                let field = "q_\(question.id)_\(subject.id)"
                let raw = Digits.western(values[field] ?? "").trimmed
                let subjectID: Int? = question.about == .stop ? nil : subject.id
                if question.kind == .text {
                    if raw.count > 1_000 { validator.add(field, "validation.too_long", ["max": "1000"]) }
                    if !raw.isEmpty { answers.append((question.id, subjectID, nil, raw)) }
                } else if raw.isEmpty {
                    if question.about == .stop { validator.add(field, "validation.required") }
                } else if let score = Int(raw), question.range.contains(score) {
                    answers.append((question.id, subjectID, score, nil))
                } else {
                    validator.add(field, "validation.range", ["min": String(question.range.lowerBound), "max": String(question.range.upperBound)])
                }
            }
        }
        try validator.check()
        let collected = answers
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            guard try await sql.raw("""
                UPDATE forum_survey_invitations SET completed_at = \(bind: now) WHERE id = \(bind: invitation.id) AND completed_at IS NULL RETURNING id
                """).first() != nil else { throw AppError.conflict }
            for answer in collected {
                try await sql.raw("""
                    INSERT INTO forum_survey_answers (invitation_id, question_id, subject_id, score, text)
                    VALUES (\(bind: invitation.id), \(bind: answer.question), \(bind: answer.subject), \(bind: answer.score), \(bind: answer.text))
                    """).run()
            }
        }
    }

    struct Result: Sendable {
        let question: Question
        /// Per subject (nil for the stop itself): answers, average score (one decimal), and for the NPS question the score.
        let rows: [(subject: String?, answers: Int, average: Decimal?, netPromoter: Int?)]
        let comments: [String]
    }

    func results(stopID: Int, language: Language) async throws -> (invited: Int, answered: Int, results: [Result]) {
        struct Row: Decodable { let question_id: Int; let subject_id: Int?; let score: Int?; let text: String? }
        let rows = try await sql.raw("""
            SELECT a.question_id, a.subject_id, a.score, a.text FROM forum_survey_answers a JOIN forum_survey_invitations i ON i.id = a.invitation_id
            JOIN forum_registrations r ON r.id = i.registration_id WHERE r.stop_id = \(bind: stopID)
            """).all(decoding: Row.self)
        struct Counts: Decodable { let invited: Int; let answered: Int }
        let counts = try await sql.raw("""
            SELECT COUNT(*) AS invited, COUNT(i.completed_at) AS answered FROM forum_survey_invitations i
            JOIN forum_registrations r ON r.id = i.registration_id WHERE r.stop_id = \(bind: stopID)
            """).first(decoding: Counts.self)!
        struct Named: Decodable { let id: Int; let name: String }
        let names: [About: [Int: String]] = [
            .session: Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT id, \(unsafeRaw: language == .ar ? "title_ar" : "title_fr") AS name FROM forum_sessions WHERE stop_id = \(bind: stopID)")
                .all(decoding: Named.self).map { ($0.id, $0.name) }),
            .speaker: Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT id, name FROM forum_speakers").all(decoding: Named.self).map { ($0.id, $0.name) }),
            .partner: Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT id, name FROM partner_institutions").all(decoding: Named.self).map { ($0.id, $0.name) }),
        ]
        var results: [Result] = []
        for question in try await questions() {
            let mine = rows.filter { $0.question_id == question.id }
            if question.kind == .text {
                results.append(Result(question: question, rows: [], comments: mine.compactMap(\.text)))
                continue
            }
            let bySubject = Dictionary(grouping: mine, by: \.subject_id)
            let summary = bySubject.keys.sorted { ($0 ?? 0) < ($1 ?? 0) }.map { subject -> (String?, Int, Decimal?, Int?) in
                let scores = bySubject[subject]!.compactMap(\.score)
                let average = scores.isEmpty ? nil : Self.round(Decimal(scores.reduce(0, +)) / Decimal(scores.count), places: 1)
                let promoters = scores.filter { $0 >= 9 }.count, detractors = scores.filter { $0 <= 6 }.count
                // Promoters (9 and 10) less detractors (0 to 6), in percent of the answers, rounded.
                let nps = question.kind == .nps && !scores.isEmpty
                    ? NSDecimalNumber(decimal: Self.round(Decimal(promoters - detractors) * 100 / Decimal(scores.count), places: 0)).intValue : nil
                return (subject.flatMap { names[question.about]?[$0] }, scores.count, average, nps)
            }
            results.append(Result(question: question, rows: summary, comments: []))
        }
        return (counts.invited, counts.answered, results)
    }

    private static func round(_ value: Decimal, places: Int) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return output
    }
}
