import Domain
import XCTVapor
@testable import App

/// The satisfaction survey: sent to those who came, answered once, read per stop, session, speaker and partner.
final class SurveyTests: XCTestCase {
    func testAttendeesAnswerOnceAndOrganisersReadScoresAndNetPromoterScore() async throws {
        try await withApp { app in
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Casablanca'"))
            let session = try unwrap(try await app.id(of: "forum_sessions", where: "stop_id = \(bind: stop) AND theme = 'budget'"))
            let service = ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!)
            var tickets: [ForumRegistrations.Registration] = []
            for number in 1...3 {
                let person = ForumRegistrations.Registrant(firstName: "Sondage", lastName: "Personne \(number)", phone: try MoroccanPhone.parse(String(format: "0667%06d", number)),
                                                           gender: .f, language: .fr)
                tickets.append(try await service.register(stopID: stop, person, sessionIDs: [session], channel: "web"))
            }
            for ticket in tickets.prefix(2) { _ = try await ForumCheckIns(sql: app.sql).scan(ticket.ticket.value, stopID: stop, device: "gate", userID: nil) }

            let organiser = TestBrowser(app)
            try await organiser.signIn("organiser@demo.maillage.ma")
            expectEqual(try await organiser.post("/organise/stops/\(stop)/survey", [:]).headers.first(name: .location), "/organise/stops/\(stop)/survey?sent=2",
                        "only those who came")
            expectEqual(try await organiser.post("/organise/stops/\(stop)/survey", [:]).headers.first(name: .location), "/organise/stops/\(stop)/survey?sent=0",
                        "never twice")
            let tokens = try await app.sql.raw("SELECT token FROM forum_survey_invitations ORDER BY id").all(decodingColumn: "token", as: String.self)
            let questions = try await ForumSurveys(database: app.db).questions()
            func id(_ code: String) -> Int { questions.first { $0.code == code }!.id }

            let first = TestBrowser(app)
            let form = try await first.get("/forum/survey/\(tokens[0])").body.string
            XCTAssertTrue(form.contains("Construire son budget prévisionnel"), "asked about the session attended")
            let missing = try await first.post("/forum/survey/\(tokens[0])", ["q_\(id("overall"))_0": "4"])
            expectEqual(missing.status, .unprocessableEntity)
            XCTAssertTrue(missing.body.string.contains("id=\"q_\(id("recommend"))_0-error\""))
            expectEqual(try await first.post("/forum/survey/\(tokens[0])", ["q_\(id("overall"))_0": "4", "q_\(id("recommend"))_0": "10",
                                                                            "q_\(id("session"))_\(session)": "5", "q_\(id("comment"))_0": "Très utile"]).status, .seeOther)
            expectEqual(try await first.post("/forum/survey/\(tokens[0])", ["q_\(id("overall"))_0": "1", "q_\(id("recommend"))_0": "0"]).status, .conflict, "answered once")
            expectEqual(try await TestBrowser(app).post("/forum/survey/\(tokens[1])", ["q_\(id("overall"))_0": "٥", "q_\(id("recommend"))_0": "6",
                                                                                       "q_\(id("session"))_\(session)": "3"]).status, .seeOther)

            let results = try await organiser.get("/organise/stops/\(stop)/survey").body.string
            XCTAssertTrue(results.contains("2 réponses sur 2 invitations"))
            let overall = try unwrap(results.components(separatedBy: "data-code=\"overall\"").dropFirst().first).components(separatedBy: "</section>")[0]
            XCTAssertTrue(overall.contains("<td>4,5</td>"), overall)
            let nps = try unwrap(results.components(separatedBy: "data-code=\"recommend\"").dropFirst().first).components(separatedBy: "</section>")[0]
            XCTAssertTrue(nps.contains("<td class=\"nps\">0</td>"), "one promoter, one detractor: \(nps)")
            let sessions = try unwrap(results.components(separatedBy: "data-code=\"session\"").dropFirst().first).components(separatedBy: "</section>")[0]
            XCTAssertTrue(sessions.contains("Construire son budget prévisionnel") && sessions.contains("<td>4</td>"))
            XCTAssertTrue(results.contains("Très utile"))
            let csv = try await organiser.get("/organise/stops/\(stop)/survey.csv").body.string
            XCTAssertTrue(csv.contains("Très utile"))
        }
    }

    func testNationalOrganisersEditTheQuestionsAndAnAnsweredOneKeepsItsKind() async throws {
        try await withApp { app in
            let organiser = TestBrowser(app)
            try await organiser.signIn("organiser@demo.maillage.ma")
            let editor = try await organiser.get("/organise/survey")
            expectEqual(editor.status, .ok)
            expectEqual(editor.body.string.components(separatedBy: "<li class=\"card\" id=\"survey-question-").count - 1, 6)
            let asked = try await ForumSurveys(database: app.db).questions().count

            let wrong = try await organiser.post("/organise/survey/questions", ["text_fr": "", "kind": "stars", "about": "stop", "position": "0"])
            expectEqual(wrong.status, .unprocessableEntity)
            for field in ["text_fr", "kind", "position"] { XCTAssertTrue(wrong.body.string.contains("id=\"f-qnew-\(field)-error\""), field) }
            expectEqual(try await app.count("forum_survey_questions"), 6, "nothing saved")

            let added = try await organiser.post("/organise/survey/questions", ["text_fr": "Les horaires vous ont-ils convenu ?", "text_ar": "هل ناسبتك المواعيد؟",
                                                                                "kind": "score", "about": "stop", "position": "٧", "active": "on"])
            expectEqual(added.status, .seeOther)
            let questions = try await ForumSurveys(database: app.db).questions()
            expectEqual(questions.count, asked + 1)
            expectEqual(questions.last?.text.ar, "هل ناسبتك المواعيد؟", "placed last, Arabic-Indic digits read")

            // Someone answers "overall": its wording may change, not its kind.
            let overall = try unwrap(questions.first { $0.code == "overall" })
            let stop = try unwrap(try await app.id(of: "forum_stops", where: "city = 'Casablanca'"))
            let session = try unwrap(try await app.id(of: "forum_sessions", where: "stop_id = \(bind: stop) AND theme = 'budget'"))
            let person = ForumRegistrations.Registrant(firstName: "Avis", lastName: "Donné", phone: try MoroccanPhone.parse("0667000999"), gender: .m, language: .fr)
            let ticket = try await ForumRegistrations(database: app.db, baseURL: URL(string: "https://maillage.example")!)
                .register(stopID: stop, person, sessionIDs: [session], channel: "web")
            _ = try await ForumCheckIns(sql: app.sql).scan(ticket.ticket.value, stopID: stop, device: "gate", userID: nil)
            _ = try await organiser.post("/organise/stops/\(stop)/survey", [:])
            let token = try unwrap(try await app.sql.raw("SELECT token FROM forum_survey_invitations").first()?.decode(column: "token", as: String.self))
            let recommend = try unwrap(questions.first { $0.code == "recommend" })
            let sessionQuestion = try unwrap(questions.first { $0.code == "session" })
            expectEqual(try await TestBrowser(app).post("/forum/survey/\(token)", ["q_\(overall.id)_0": "5", "q_\(recommend.id)_0": "9",
                                                                                   "q_\(sessionQuestion.id)_\(session)": "4",
                                                                                   "q_\(try unwrap(questions.last).id)_0": "3"]).status, .seeOther, "the new question is asked")

            let retyped = ["text_fr": "Êtes-vous satisfait de l'étape ?", "text_ar": overall.text.ar, "text_en": overall.text.en, "kind": "nps",
                           "about": "stop", "position": "1", "active": "on"]
            let locked = try await organiser.post("/organise/survey/questions/\(overall.id)", retyped)
            expectEqual(locked.status, .unprocessableEntity)
            XCTAssertTrue(locked.body.string.contains("id=\"f-q\(overall.id)-kind-error\""))
            var reworded = retyped
            reworded["kind"] = "score"
            expectEqual(try await organiser.post("/organise/survey/questions/\(overall.id)", reworded).status, .seeOther)
            expectEqual(try await ForumSurveys(database: app.db).questions().first { $0.code == "overall" }?.text.fr, "Êtes-vous satisfait de l'étape ?")

            var stopped = reworded
            stopped.removeValue(forKey: "active")
            expectEqual(try await organiser.post("/organise/survey/questions/\(overall.id)", stopped).status, .seeOther)
            let stillAsked = try await ForumSurveys(database: app.db).questions().contains { $0.code == "overall" }
            XCTAssertFalse(stillAsked, "no longer asked")

            let door = TestBrowser(app)
            try await door.signIn("door@demo.maillage.ma")
            let forbidden = try await door.get("/organise/survey").status
            XCTAssertNotEqual(forbidden, .ok)
        }
    }
}
