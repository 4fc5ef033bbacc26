import Fluent
import SQLKit

/// The satisfaction survey after a stop: its questions as data (a score, a net-promoter question, per session,
/// speaker and partner), one invitation per attendee sent by text message, and the answers.
struct CreateForumSurveys: AsyncMigration {
    static let questions: [(code: String, kind: String, about: String, fr: String, ar: String, en: String)] = [
        ("overall", "score", "stop", "Dans l'ensemble, êtes-vous satisfait de cette étape du forum ?", "بشكل عام، هل أنت راض عن هذه المحطة من المنتدى؟", "Overall, are you satisfied with this stop of the forum?"),
        ("recommend", "nps", "stop", "Recommanderiez-vous le forum à un autre entrepreneur ?", "هل تنصح مقاولا آخر بالمنتدى؟", "Would you recommend the forum to another entrepreneur?"),
        ("session", "score", "session", "Cette séance vous a-t-elle été utile ?", "هل كانت هذه الجلسة مفيدة لك؟", "Was this session useful to you?"),
        ("speaker", "score", "speaker", "L'intervenant a-t-il été clair ?", "هل كان المتدخل واضحا؟", "Was the speaker clear?"),
        ("partner", "score", "partner", "Les informations de ce partenaire vous ont-elles servi ?", "هل أفادتك معلومات هذا الشريك؟", "Did this partner's information help you?"),
        ("comment", "text", "stop", "Un mot pour les organisateurs ?", "كلمة للمنظمين؟", "A word for the organisers?"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("forum_survey_questions")
            .field(.id, .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("about", .string, .required)
            .field("text_fr", .string, .required).field("text_ar", .string, .required).field("text_en", .string, .required)
            .field("position", .int, .required)
            .field("active", .bool, .required)
            .unique(on: "code")
            .create()
        try await database.schema("forum_survey_invitations")
            .field(.id, .int, .identifier(auto: true))
            .field("registration_id", .int, .required, .references("forum_registrations", .id, onDelete: .cascade))
            .field("token", .string, .required)
            .field("sent_at", .datetime, .required)
            .field("completed_at", .datetime)
            .unique(on: "registration_id")
            .unique(on: "token")
            .create()
        try await database.schema("forum_survey_answers")
            .field(.id, .int, .identifier(auto: true))
            .field("invitation_id", .int, .required, .references("forum_survey_invitations", .id, onDelete: .cascade))
            .field("question_id", .int, .required, .references("forum_survey_questions", .id))
            .field("subject_id", .int)
            .field("score", .int)
            .field("text", .string)
            .create()
        try await SQLIndex.create("forum_survey_answers_question", on: "forum_survey_answers", ["question_id", "subject_id"], in: database)
        guard let sql = database as? any SQLDatabase else { return }
        for (position, question) in Self.questions.enumerated() {
            try await sql.raw("""
                INSERT INTO forum_survey_questions (code, kind, about, text_fr, text_ar, text_en, position, active)
                VALUES (\(bind: question.code), \(bind: question.kind), \(bind: question.about), \(bind: question.fr), \(bind: question.ar), \(bind: question.en),
                        \(bind: position + 1), \(bind: true))
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["forum_survey_answers", "forum_survey_invitations", "forum_survey_questions"] { try await database.schema(table).delete() }
    }
}
