import Fluent
import SQLKit

/// Questions asked before or during a session (on the session's page, or typed in by staff from paper), votes, the
/// moderator's merges and themes, the speaker's answer, and the follow-up case a question can become.
struct CreateForumQuestions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("forum_questions")
            .field(.id, .int, .identifier(auto: true))
            .field("session_id", .int, .required, .references("forum_sessions", .id, onDelete: .cascade))
            .field("text", .string, .required)
            .field("language", .string, .required)
            .field("source", .string, .required)
            .field("asked_by_name", .string)
            .field("asked_by_phone", .string)
            .field("status", .string, .required)
            .field("merged_into_id", .int, .references("forum_questions", .id))
            .field("themes", .string, .required)
            .field("votes", .int, .required)
            .field("answer", .string)
            .field("answered_at", .datetime)
            .field("answered_by", .int, .references("users", .id, onDelete: .setNull))
            .field("case_id", .int, .references("accompaniments", .id))
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create("forum_questions_session", on: "forum_questions", ["session_id", "votes"], in: database)
        try await database.schema("forum_question_votes")
            .field("question_id", .int, .required, .references("forum_questions", .id, onDelete: .cascade))
            .field("voter", .string, .required)
            .unique(on: "question_id", "voter")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("forum_question_votes").delete()
        try await database.schema("forum_questions").delete()
    }
}
