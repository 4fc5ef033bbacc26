import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The demo: three regions with their structures, partners, one account per role, a few dozen beneficiaries.
/// Loaded on first start unless `MAILLAGE_DEMO=0`; running it again changes nothing.
enum DemoData {
    static let password = "maillage-demo"
    static let entrepreneurPhone = "+212612345678"

    struct StructureSeed {
        let regionCode, name, city: String
        let antenna: (name: String, city: String)
    }

    static let structures: [StructureSeed] = [
        .init(regionCode: "06", name: "Structure régionale d'appui aux TPE Casablanca-Settat", city: "Casablanca", antenna: ("Antenne de Settat", "Settat")),
        .init(regionCode: "05", name: "Structure régionale d'appui aux TPE Béni Mellal-Khénifra", city: "Béni Mellal", antenna: ("Antenne de Khouribga", "Khouribga")),
        .init(regionCode: "07", name: "Structure régionale d'appui aux TPE Marrakech-Safi", city: "Marrakech", antenna: ("Antenne de Safi", "Safi")),
    ]

    static let partners: [(name: String, kind: String, regionCode: String?)] = [
        ("Banque partenaire (démo)", "bank", nil),
        ("Opérateur télécom (démo)", "telecom", nil),
        ("Centre régional d'investissement Casablanca-Settat", "cri", "06"),
        ("Office de la formation professionnelle (OFPPT)", "training", nil),
        ("Chambre d'agriculture Marrakech-Safi", "chamber", "07"),
        ("Tamwilcom", "guarantee", nil),
    ]

    static func seed(_ app: Application) async throws {
        let sql = app.db as! any SQLDatabase
        try await TerritoryReference.seed(on: sql)
        guard try await User.query(on: app.db).filter(\.$email == "admin@demo.maillage.ma").count() == 0 else { return }
        app.logger.notice("Loading demo data (first start)")
        let regionIDs = try await regionIDsByCode(sql)
        var structureIDs: [String: Int] = [:]
        for seed in structures {
            let regionID = regionIDs[seed.regionCode]!
            let main = try await insertStructure(sql, name: seed.name, kind: "regional", regionID: regionID, parentID: nil, city: seed.city)
            _ = try await insertStructure(sql, name: seed.antenna.name, kind: "antenna", regionID: regionID, parentID: main, city: seed.antenna.city)
            structureIDs[seed.regionCode] = main
        }
        var partnerIDs: [String: Int] = [:]
        for partner in partners {
            partnerIDs[partner.kind] = try await sql.raw("""
                INSERT INTO partner_institutions (name, kind, region_id) VALUES (\(bind: partner.name), \(bind: partner.kind), \(bind: partner.regionCode.flatMap { regionIDs[$0] }))
                RETURNING id
                """).first()!.decode(column: "id", as: Int.self)
        }

        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(password)
        let staff: [(String, String, Role, Scope)] = [
            ("admin", "Amina Administratrice", .administrator, .national),
            ("coordination", "Karim Coordinateur national", .nationalCoordinator, .national),
            ("manager.casa", "Salma Bennani", .structureManager, .structure(structureIDs["06"]!)),
            ("advisor.casa", "Youssef El Amrani", .advisor, .structure(structureIDs["06"]!)),
            ("advisor.bm", "Hanane Ait Taleb", .advisor, .structure(structureIDs["05"]!)),
            ("advisor.marrakech", "Omar Chraibi", .advisor, .structure(structureIDs["07"]!)),
            ("organiser", "Nadia Organisatrice", .eventOrganiser, .national),
            ("door", "Said Accueil", .doorStaff, .national),
            ("speaker", "Rachid Intervenant", .speaker, .national),
            ("partner.bank", "Meryem Banque", .partnerOfficer, .partner(partnerIDs["bank"]!)),
            ("committee.casa", "Driss Comité", .committeeMember, .region(regionIDs["06"]!)),
        ]
        let mainStructures = structureIDs
        let partners = partnerIDs
        let bankID = partnerIDs["bank"]!
        try await app.db.transaction { database in
            var userIDs: [String: Int] = [:]
            for (login, name, role, scope) in staff {
                let user = User(email: "\(login)@demo.maillage.ma", phone: nil, displayName: name, passwordHash: hash)
                try await user.create(on: database)
                userIDs[login] = try user.requireID()
                try await Membership(userID: try user.requireID(), role: role, scope: scope).create(on: database)
            }
            let entrepreneur = User(email: nil, phone: entrepreneurPhone, displayName: "Fatima Zahra El Idrissi", passwordHash: nil, locale: .fr)
            try await entrepreneur.create(on: database)
            try await Membership(userID: try entrepreneur.requireID(), role: .entrepreneur, scope: .own).create(on: database)
            let advisors = ["06": userIDs["advisor.casa"]!, "05": userIDs["advisor.bm"]!, "07": userIDs["advisor.marrakech"]!]
            try await seedBeneficiaries(database as! any SQLDatabase, regionIDs: regionIDs, structureIDs: mainStructures, advisors: advisors,
                                        bankID: bankID, entrepreneurID: try entrepreneur.requireID())
            try await ForumDemo.seed(database as! any SQLDatabase, regionIDs: regionIDs, partnerIDs: partners)
        }
    }

    /// Twelve people per demo region, in Latin and Arabic script; the first is the demo entrepreneur.
    private static func seedBeneficiaries(_ sql: any SQLDatabase, regionIDs: [String: Int], structureIDs: [String: Int], advisors: [String: Int],
                                          bankID: Int, entrepreneurID: Int) async throws {
        var random = SplitMix64(seed: 2026)
        var rows: [BeneficiaryGenerator.Row] = []
        for seed in structures {
            let regionID = regionIDs[seed.regionCode]!
            let provinces = try await sql.raw("SELECT id FROM provinces WHERE region_id = \(bind: regionID) ORDER BY id")
                .all().map { try $0.decode(column: "id", as: Int.self) }
            for _ in 0..<12 {
                rows.append(BeneficiaryGenerator.row(regionID: regionID, provinceIDs: provinces, structureID: structureIDs[seed.regionCode]!, using: &random))
            }
        }
        rows[0].firstName = "Fatima Zahra"
        rows[0].lastName = "El Idrissi"
        rows[0].fullNameArabic = "فاطمة الزهراء الإدريسي"
        rows[0].gender = "f"
        rows[0].phone = entrepreneurPhone
        rows[0].userID = entrepreneurID
        let ids = try await BeneficiaryGenerator.insert(rows, on: sql)
        try await seedCases(sql, ids: ids, rows: rows, advisors: advisors, regionIDs: regionIDs, bankID: bankID)
    }

    /// Everyone has an intake case with their region's advisor; a few show what a caseload flags: the demo
    /// entrepreneur's case has a plan with an overdue action and a referral the bank has not answered, another
    /// has had no contact for six weeks.
    private static func seedCases(_ sql: any SQLDatabase, ids: [Int], rows: [BeneficiaryGenerator.Row], advisors: [String: Int],
                                  regionIDs: [String: Int], bankID: Int, now: Date = Date()) async throws {
        let codes = Dictionary(uniqueKeysWithValues: regionIDs.map { ($0.value, $0.key) })
        let service = AccompanimentService(sql: sql)
        var caseIDs: [Int] = []
        for (id, row) in zip(ids, rows) {
            caseIDs.append(try await service.open(beneficiaryID: id, structureID: row.structureID, advisorID: advisors[codes[row.regionID] ?? ""], now: now))
        }
        let day: TimeInterval = 86_400
        try await sql.raw("UPDATE accompaniments SET stage = 'plan', version = 2 WHERE id = \(bind: caseIDs[0])").run()
        try await sql.insert(into: "interactions")
            .columns("accompaniment_id", "kind", "occurred_on", "duration_minutes", "topics", "notes", "author_id", "created_at")
            .values(SQLBind(caseIDs[0]), SQLBind("meeting"), SQLBind(CalendarDate(now.addingTimeInterval(-12 * day)).string), SQLBind(45),
                    SQLBind("budget,bank_relations"), SQLBind("Projet d'atelier de couture : besoin d'une machine et d'un fonds de roulement."),
                    SQLBind(advisors["06"]), SQLBind(now))
            .run()
        try await sql.insert(into: "plan_actions")
            .columns("accompaniment_id", "title", "owner", "due_on", "status", "created_at", "updated_at")
            .values(SQLBind(caseIDs[0]), SQLBind("Préparer le budget prévisionnel sur 12 mois"), SQLBind("beneficiary"),
                    SQLBind(CalendarDate(now.addingTimeInterval(-3 * day)).string), SQLBind("open"), SQLBind(now), SQLBind(now))
            .run()
        _ = try await service.refer(.init(partnerID: bankID, measure: "Intelaka", note: "Machine à coudre industrielle et stock de tissu.",
                                          requested: Dirhams(centimes: 4_000_000)), from: caseIDs[0], by: advisors["06"]!,
                                    scope: Policy.systemScope, now: now.addingTimeInterval(-10 * day))
        try await sql.raw("UPDATE beneficiaries SET consent_purpose = \(bind: ConsentPurpose.withPartners.rawValue) WHERE id = \(bind: ids[0])").run()
        try await sql.raw("UPDATE accompaniments SET last_contact_at = \(bind: now.addingTimeInterval(-45 * day)) WHERE id = \(bind: caseIDs[1])").run()
    }

    static func regionIDsByCode(_ sql: any SQLDatabase) async throws -> [String: Int] {
        let rows = try await sql.raw("SELECT id, code FROM regions").all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "id", as: Int.self)) })
    }

    static func insertStructure(_ sql: any SQLDatabase, name: String, kind: String, regionID: Int, parentID: Int?, city: String) async throws -> Int {
        try await sql.raw("""
            INSERT INTO structures (name, kind, region_id, parent_id, city) VALUES (\(bind: name), \(bind: kind), \(bind: regionID), \(bind: parentID), \(bind: city))
            RETURNING id
            """).first()!.decode(column: "id", as: Int.self)
    }
}
