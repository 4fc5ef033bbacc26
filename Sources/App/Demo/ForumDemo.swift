import Foundation
import SQLKit

/// The demo's forum: the 5th edition with three stops to come (one a mini-forum), each with a plenary, workshops on
/// the questions entrepreneurs ask most, one-to-one advice slots, speakers and partners.
enum ForumDemo {
    private static let workshops: [(kind: String, theme: String?, fr: String, ar: String, en: String, room: String, hour: Int, capacity: Int)] = [
        ("plenary", nil, "Ouverture : les mesures d'appui aux TPE", "الافتتاح: إجراءات دعم المقاولات الصغيرة جدا", "Opening: support measures for very small businesses", "Grande salle", 9, 300),
        ("workshop", "budget", "Construire son budget prévisionnel", "إعداد الميزانية التقديرية", "Building a budget", "Salle A", 11, 40),
        ("workshop", "bank_relations", "Banque : préparer son dossier de crédit", "البنك: إعداد ملف القرض", "Bank: preparing a loan application", "Salle B", 11, 30),
        ("workshop", "social_pages", "Vendre grâce aux réseaux sociaux", "البيع عبر شبكات التواصل الاجتماعي", "Selling through social media", "Salle A", 14, 30),
        ("workshop", "e_payment", "Accepter le paiement mobile", "قبول الأداء عبر الهاتف", "Accepting mobile payment", "Salle B", 14, 25),
        ("advice", "credit", "Conseil individuel : financement", "استشارة فردية: التمويل", "One-to-one advice: financing", "Espace conseil", 16, 8),
    ]

    static func seed(_ sql: any SQLDatabase, regionIDs: [String: Int], partnerIDs: [String: Int], now: Date = Date()) async throws {
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let edition = try await ForumOrganisation.addEdition(number: 5, year: year, on: sql)
        var speakers: [Int] = []
        for (name, organisation) in [("Leila Benjelloun", "Banque partenaire (démo)"), ("Mehdi Alaoui", "Opérateur télécom (démo)"),
                                     ("Samira Ouazzani", "Centre régional d'investissement"), ("Hicham Tazi", "OFPPT")] {
            speakers.append(try await sql.raw("INSERT INTO forum_speakers (name, organisation) VALUES (\(bind: name), \(bind: organisation)) RETURNING id")
                .first(decodingColumn: "id", as: Int.self)!)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.morocco
        let today = calendar.startOfDay(for: now)
        for (regionCode, city, venue, days, mini) in [("06", "Casablanca", "Palais des congrès", 16, false), ("07", "Marrakech", "Chambre de commerce", 45, true),
                                                     ("05", "Béni Mellal", "Complexe culturel", 80, false)] {
            let day = calendar.date(byAdding: .day, value: days, to: today)!
            let dayText = CalendarDate(day, calendar: calendar).string
            let stop = try await sql.raw("""
                INSERT INTO forum_stops (edition_id, region_id, city, venue, starts_on, ends_on, mini_forum, offer_hours)
                VALUES (\(bind: edition), \(bind: regionIDs[regionCode]!), \(bind: city), \(bind: venue), \(bind: dayText), \(bind: dayText), \(bind: mini), 24)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            for kind in ["bank", "telecom", "training"] {
                try await sql.raw("INSERT INTO forum_stop_partners (stop_id, partner_id) VALUES (\(bind: stop), \(bind: partnerIDs[kind]!))").run()
            }
            for (index, session) in workshops.enumerated() where !mini || session.kind != "plenary" {
                let starts = calendar.date(byAdding: .hour, value: session.hour, to: day)!
                let id = try await sql.raw("""
                    INSERT INTO forum_sessions (stop_id, kind, theme, title_fr, title_ar, title_en, room, starts_at, ends_at, capacity, held)
                    VALUES (\(bind: stop), \(bind: session.kind), \(bind: session.theme), \(bind: session.fr), \(bind: session.ar), \(bind: session.en),
                            \(bind: session.room), \(bind: starts), \(bind: starts.addingTimeInterval(session.kind == "advice" ? 1_800 : 5_400)),
                            \(bind: session.capacity), 0)
                    RETURNING id
                    """).first(decodingColumn: "id", as: Int.self)!
                try await sql.raw("INSERT INTO forum_session_speakers (session_id, speaker_id) VALUES (\(bind: id), \(bind: speakers[index % speakers.count]))").run()
            }
        }
    }
}
