import Domain
import XCTVapor
@testable import App

/// Questions become data: asked and voted on the session's page, merged and tagged by the moderator, answered by the
/// speaker, reported by theme, and turned into a follow-up case.
final class QuestionTests: XCTestCase {
    func testAskVoteMergeAnswerReportAndFollowUp() async throws {
        try await withApp { app in
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Casablanca'"))
            let session = try unwrap(try await app.id(of: "forum_sessions", where: "stop_id = \(bind: stop) AND theme = 'bank_relations'"))
            let visitor = TestBrowser(app), neighbour = TestBrowser(app)
            expectEqual(try await visitor.post("/forum/sessions/\(session)/questions", ["text": "?"]).status, .unprocessableEntity)
            expectEqual(try await visitor.post("/forum/sessions/\(session)/questions", ["text": "Quel apport la banque demande-t-elle ?", "phone": "0665 12 34 56"]).status,
                        .unprocessableEntity, "a phone left for follow-up needs consent")
            expectEqual(try await visitor.post("/forum/sessions/\(session)/questions", [
                "text": "Quel apport la banque demande-t-elle ?", "name": "Nadia Filali", "phone": "0665 12 34 56", "consent": "on"]).status, .seeOther)
            expectEqual(try await neighbour.post("/forum/sessions/\(session)/questions", ["text": "Combien faut-il apporter pour un crédit ?"]).status, .seeOther)
            let first = try unwrap(try await app.id(of: "forum_questions", where: "text LIKE 'Quel apport%'"))
            let duplicate = try unwrap(try await app.id(of: "forum_questions", where: "text LIKE 'Combien%'"))
            for browser in [visitor, neighbour] { _ = try await browser.post("/forum/questions/\(first)/vote", [:]) }
            _ = try await visitor.post("/forum/questions/\(first)/vote", [:])
            _ = try await neighbour.post("/forum/questions/\(duplicate)/vote", [:])
            expectEqual(try await ForumQuestions(database: app.db).find(first)?.votes, 2, "one vote per browser")

            let organiser = TestBrowser(app)
            try await organiser.signIn("organiser@demo.maillage.ma")
            let moderation = try await organiser.get("/organise/sessions/\(session)/questions").body.string
            XCTAssertTrue(moderation.contains("<svg class=\"qr\""), "the session's QR code for the screen")
            expectEqual(try await organiser.post("/organise/questions/\(duplicate)", ["into": String(first)]).status, .seeOther)
            expectEqual(try await organiser.post("/organise/questions/\(first)", ["theme_credit": "on", "theme_bank_relations": "on"]).status, .seeOther)
            let merged = try unwrap(try await ForumQuestions(database: app.db).find(first))
            expectEqual(merged.votes, 2, "the duplicate's voter had voted for the first too: each browser counts once")
            expectEqual(merged.merged, 1)

            let speaker = TestBrowser(app)
            try await speaker.signIn("speaker@demo.maillage.ma")
            expectEqual(try await speaker.post("/organise/questions/\(first)/answer", ["answer": "En général 10 à 30 % du projet."]).status, .seeOther)
            expectEqual(try await speaker.post("/organise/questions/\(first)", ["hidden": "on"]).status, .forbidden, "speakers answer, organisers moderate")
            let page = try await visitor.get("/forum/sessions/\(session)/questions").body.string
            XCTAssertTrue(page.contains("En général 10 à 30 % du projet."))
            XCTAssertFalse(page.contains("Combien faut-il"), "the duplicate is folded into the first")

            let report = try await organiser.get("/organise/stops/\(stop)/questions").body.string
            let credit = try unwrap(report.components(separatedBy: "data-theme=\"credit\"").dropFirst().first)
            XCTAssertTrue(credit.prefix(300).contains("2 questions posées"), String(credit.prefix(300)))

            expectEqual(try await organiser.post("/organise/questions/\(first)/follow-up", [:]).status, .seeOther)
            let caseID = try unwrap(try await ForumQuestions(database: app.db).find(first)?.case_id)
            let notes = try await app.sql.raw("SELECT notes FROM interactions WHERE accompaniment_id = \(bind: caseID)").first(decodingColumn: "notes", as: String.self)
            expectEqual(notes, "Quel apport la banque demande-t-elle ?")
            expectEqual(try await app.count("beneficiaries", where: "phone = '+212665123456'"), 1)
            expectEqual(try await organiser.post("/organise/questions/\(duplicate)/follow-up", [:]).status, .unprocessableEntity, "no phone to reach its author")
        }
    }
}
