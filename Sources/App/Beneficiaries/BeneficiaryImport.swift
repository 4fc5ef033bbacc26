import Crypto
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Importing an existing list (CSV or XLSX): columns mapped to fields, every row checked with the registration form's
/// rules, people already registered skipped. The valid rows are saved together in one transaction or not at all;
/// rejected rows are listed with the reason per field. Importing the same file again creates nothing new.
struct BeneficiaryImport {
    let sql: any SQLDatabase

    /// What a column can mean.
    enum Target: String, CaseIterable, Sendable {
        case ignore, firstName = "first_name", lastName = "last_name", fullNameArabic = "full_name_ar", gender, birthYear = "birth_year",
             phone, cin, preferredLanguage = "preferred_language", province, businessName = "business_name", legalStatus = "legal_status",
             sector, startedOn = "started_on", ice, rc, taxID = "tax_id"

        /// The column's meaning from its heading, in French, Arabic or English as people write them.
        static func guess(_ heading: String) -> Target {
            let folded = NameFolding.containsArabic(heading) ? NameFolding.arabic(heading) : NameFolding.latin(heading)
            for (target, words) in synonyms where words.contains(where: { folded == $0 || folded.hasPrefix($0 + " ") }) { return target }
            return .ignore
        }

        private static let synonyms: [(Target, [String])] = [
            (.firstName, ["prenom", "first name", "firstname", "الاسم الشخصي"]),
            (.fullNameArabic, ["nom en arabe", "nom arabe", "الاسم الكامل", "الاسم بالعربية"]),
            (.lastName, ["nom", "nom de famille", "last name", "lastname", "surname", "family name", "الاسم العائلي", "النسب"]),
            (.gender, ["genre", "sexe", "gender", "sex", "الجنس"]),
            (.birthYear, ["annee de naissance", "naissance", "birth year", "year of birth", "سنة الازدياد"]),
            (.phone, ["telephone", "tel", "gsm", "mobile", "portable", "phone", "الهاتف", "رقم الهاتف"]),
            (.cin, ["cin", "cni", "carte nationale", "البطاقة الوطنية", "رقم البطاقة الوطنية"]),
            (.preferredLanguage, ["langue", "language", "اللغة"]),
            (.province, ["province", "prefecture", "ville", "city", "الاقليم", "العمالة"]),
            (.businessName, ["activite", "entreprise", "raison sociale", "business", "nom de l entreprise", "النشاط", "المقاولة"]),
            (.legalStatus, ["statut", "statut juridique", "forme juridique", "legal status", "الوضع القانوني"]),
            (.sector, ["secteur", "sector", "القطاع"]),
            (.startedOn, ["date de creation", "date de debut", "creation", "start date", "تاريخ الانشاء"]),
            (.ice, ["ice"]), (.rc, ["rc", "registre de commerce", "السجل التجاري"]), (.taxID, ["if", "identifiant fiscal", "التعريف الضريبي"]),
        ]
    }

    struct Uploaded: Sendable {
        let id: Int
        let userID: Int
        let structureID: Int
        let filename: String
        let header: [String]
        let rows: [[String]]
        let mapping: [Target]
        let status: String
        let imported: Int?
        let rejected: Int?
        let skipped: Int?
    }

    struct FileProblem: Error { let key: String }

    /// Reads an uploaded file (XLSX by its zip signature, otherwise delimited text in any common encoding).
    static func table(from data: Data) throws -> [[String]] {
        let rows = data.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? try XLSXReader.rows(data) : TabularText.rows(TabularText.decode(data))
        guard rows.count >= 2 else { throw FileProblem(key: "import.empty") }
        return rows
    }

    func upload(filename: String, data: Data, userID: Int, structureID: Int, now: Date = Date()) async throws -> Int {
        let rows: [[String]]
        do { rows = try Self.table(from: data) } catch let problem as FileProblem {
            throw AppError.validation(["file": FieldProblem(problem.key)])
        } catch {
            throw AppError.validation(["file": FieldProblem("import.unreadable")])
        }
        if rows.count > 200_001 { throw AppError.validation(["file": FieldProblem("import.too_many", ["max": "200000"])]) }
        let json = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
        let mapping = rows[0].map { Target.guess($0).rawValue }.joined(separator: ",")
        return try await sql.insert(into: "imports")
            .columns("user_id", "structure_id", "filename", "rows", "mapping", "status", "created_at")
            .values(SQLBind(userID), SQLBind(structureID), SQLBind(String(filename.prefix(200))), SQLBind(json), SQLBind(mapping),
                    SQLBind("previewed"), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int.self)!
    }

    func find(_ id: Int, userID: Int) async throws -> Uploaded? {
        struct Row: Decodable {
            let id: Int; let user_id: Int; let structure_id: Int; let filename: String; let rows: String; let mapping: String?
            let status: String; let imported: Int?; let rejected: Int?; let skipped: Int?
        }
        guard let row = try await sql.raw("""
            SELECT id, user_id, structure_id, filename, rows, mapping, status, imported, rejected, skipped FROM imports
            WHERE id = \(bind: id) AND user_id = \(bind: userID)
            """).first(decoding: Row.self) else { return nil }
        let table = try JSONDecoder().decode([[String]].self, from: Data(row.rows.utf8))
        let header = table.first ?? []
        var mapping = (row.mapping ?? "").split(separator: ",", omittingEmptySubsequences: false).map { Target(rawValue: String($0)) ?? .ignore }
        while mapping.count < header.count { mapping.append(.ignore) }
        return Uploaded(id: row.id, userID: row.user_id, structureID: row.structure_id, filename: row.filename, header: header,
                        rows: Array(table.dropFirst()), mapping: Array(mapping.prefix(header.count)), status: row.status,
                        imported: row.imported, rejected: row.rejected, skipped: row.skipped)
    }

    func saveMapping(_ mapping: [Target], for id: Int) async throws {
        try await sql.raw("UPDATE imports SET mapping = \(bind: mapping.map(\.rawValue).joined(separator: ",")) WHERE id = \(bind: id)").run()
    }

    /// One line of the file after checking: ready to save, rejected with its problems, or skipped as already there.
    enum Verdict: Sendable {
        case ready(BeneficiaryGenerator.Row)
        case rejected([String: FieldProblem])
        case skipped(String)
    }

    struct Checked: Sendable {
        /// Line numbers as in the file: the heading is line 1.
        let verdicts: [(line: Int, verdict: Verdict)]
        var ready: [BeneficiaryGenerator.Row] { verdicts.compactMap { if case .ready(let row) = $0.verdict { row } else { nil } } }
        var rejectedCount: Int { verdicts.filter { if case .rejected = $0.verdict { true } else { false } }.count }
        var skippedCount: Int { verdicts.filter { if case .skipped = $0.verdict { true } else { false } }.count }
    }

    /// Every row through the registration form's checks, then against the registry and the rest of the file.
    func check(_ upload: Uploaded, now: Date = Date()) async throws -> Checked {
        if !upload.mapping.contains(.lastName) && !upload.mapping.contains(.fullNameArabic) {
            throw AppError.validation(["mapping": FieldProblem("import.name_column")])
        }
        let provinces = try await TerritoryQueries.provinces(regionCode: nil, on: sql)
        let foldedProvinces = provinces.map { (name: NameFolding.latin($0.name_fr), province: $0) }
        let provinceByName = Dictionary(foldedProvinces.map { ($0.name, $0.province) }, uniquingKeysWith: { first, _ in first })
        guard let structure = try await TerritoryQueries.structures(on: sql).first(where: { $0.id == upload.structureID }) else { throw AppError.notFound }

        // Columns of categories hold a few distinct values over thousands of lines: each value is read once.
        var categories: [Target: [String: String?]] = [:]
        func category(_ target: Target, _ values: [Target: String], _ read: (String?) -> String?) -> String? {
            guard let text = values[target] else { return read(nil) }
            if let known = categories[target]?[text] { return known }
            let value = read(text)
            categories[target, default: [:]][text] = value
            return value
        }
        var drafts: [(line: Int, result: Result<(BeneficiaryDraft, String), AppError>)] = []
        for (index, cells) in upload.rows.enumerated() {
            var values: [Target: String] = [:]
            for (column, target) in upload.mapping.enumerated() where target != .ignore && column < cells.count {
                let cell = cells[column].trimmed
                if !cell.isEmpty { values[target] = cell }
            }
            var problems: [String: FieldProblem] = [:]
            let provinceID = category(.province, values) { name in
                guard let name else { return nil }
                let folded = NameFolding.latin(name)
                return (provinceByName[folded] ?? foldedProvinces.first { $0.name.contains(folded) || folded.contains($0.name) }?.province).map { String($0.id) }
            }
            if let name = values[.province], provinceID == nil { problems["province"] = FieldProblem("import.unknown_province", ["value": name]) }
            let fields = BeneficiaryDraft.Fields(
                first_name: values[.firstName], last_name: values[.lastName], full_name_ar: values[.fullNameArabic],
                gender: category(.gender, values, Self.gender), birth_year: values[.birthYear], phone: values[.phone], cin: values[.cin],
                preferred_language: category(.preferredLanguage, values, Self.language), consent: "on", share_with_partners: nil,
                structure_id: String(upload.structureID), province_id: provinceID,
                business_kind: values[.businessName] == nil ? "none" : "business", business_name: values[.businessName],
                legal_status: values[.businessName] == nil ? nil : category(.legalStatus, values, Self.legalStatus),
                sector: category(.sector, values, Self.sector),
                started_on: values[.startedOn], staff: nil, turnover_band: nil, ice: values[.ice].map(Self.iceFromNumber), rc: values[.rc], tax_id: values[.taxID],
                digital_presence: nil, confirm_duplicate: nil)
            do {
                let (draft, _) = try BeneficiaryDraft.parse(fields, today: now)
                if !problems.isEmpty { throw AppError.validation(problems) }
                let key = Self.key(structureID: upload.structureID, values: values)
                drafts.append((index + 2, .success((draft, key))))
            } catch let error as AppError {
                drafts.append((index + 2, .failure(AppError.validation(error.fields.merging(problems) { first, _ in first }))))
            }
        }

        // Already in the registry: the same import key (this file, imported before), phone, CIN or ICE.
        var seen = try await existing(drafts.compactMap { try? $0.result.get() })
        var verdicts: [(Int, Verdict)] = []
        for (line, result) in drafts {
            switch result {
            case .failure(let error): verdicts.append((line, .rejected(error.fields)))
            case .success(let (draft, key)):
                if seen.keys.contains(key) { verdicts.append((line, .skipped("import.already_imported"))); continue }
                if let phone = draft.phone, seen.phones.contains(phone) { verdicts.append((line, .skipped("import.same_phone"))); continue }
                if let cin = draft.cin, seen.cins.contains(cin) { verdicts.append((line, .skipped("import.same_cin"))); continue }
                if let ice = draft.business?.ice, seen.ices.contains(ice) { verdicts.append((line, .skipped("import.same_ice"))); continue }
                // Later lines of the same file meet this person as already there.
                seen.keys.insert(key)
                if let phone = draft.phone { seen.phones.insert(phone) }
                if let cin = draft.cin { seen.cins.insert(cin) }
                if let ice = draft.business?.ice { seen.ices.insert(ice) }
                verdicts.append((line, .ready(Self.row(draft, key: key, structure: structure, now: now))))
            }
        }
        return Checked(verdicts: verdicts)
    }

    private struct Seen { var keys: Set<String> = []; var phones: Set<String> = []; var cins: Set<String> = []; var ices: Set<String> = [] }

    private func existing(_ drafts: [(BeneficiaryDraft, String)]) async throws -> Seen {
        var seen = Seen()
        func lookup(_ values: [String], _ query: (SQLList) -> SQLQueryString, _ column: String) async throws -> Set<String> {
            var found: Set<String> = []
            for start in stride(from: 0, to: values.count, by: 500) {
                let list = SQLList(values[start..<min(start + 500, values.count)].map { SQLBind($0) })
                for row in try await sql.raw(query(list)).all() { found.insert(try row.decode(column: column, as: String.self)) }
            }
            return found
        }
        seen.keys = try await lookup(drafts.map(\.1), { "SELECT import_key FROM beneficiaries WHERE import_key IN (\($0))" }, "import_key")
        seen.phones = try await lookup(drafts.compactMap(\.0.phone), { "SELECT phone FROM beneficiaries WHERE phone IN (\($0))" }, "phone")
        seen.cins = try await lookup(drafts.compactMap(\.0.cin), { "SELECT cin FROM beneficiaries WHERE cin IN (\($0))" }, "cin")
        seen.ices = try await lookup(drafts.compactMap(\.0.business?.ice), { "SELECT ice FROM businesses WHERE ice IN (\($0))" }, "ice")
        return seen
    }

    /// Saves the ready rows, all in one transaction, with an intake case each; records the outcome and the report.
    func run(_ upload: Uploaded, checked: Checked, advisorID: Int?, report: String, database: any Database, now: Date = Date()) async throws -> Int {
        let ready = checked.ready
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            for start in stride(from: 0, to: ready.count, by: 500) {
                try await BeneficiaryGenerator.insert(Array(ready[start..<min(start + 500, ready.count)]), cases: .intake(advisorID: advisorID), on: sql, now: now)
            }
            try await sql.raw("""
                UPDATE imports SET status = 'done', imported = \(bind: ready.count), rejected = \(bind: checked.rejectedCount),
                    skipped = \(bind: checked.skippedCount), report = \(bind: report), finished_at = \(bind: now), rows = '[]'
                WHERE id = \(bind: upload.id)
                """).run()
        }
        return ready.count
    }

    func report(_ id: Int, userID: Int) async throws -> String? {
        try await sql.raw("SELECT report FROM imports WHERE id = \(bind: id) AND user_id = \(bind: userID)").first()?
            .decode(column: "report", as: String?.self)
    }

    // MARK: values as lists write them

    private static func row(_ draft: BeneficiaryDraft, key: String, structure: TerritoryQueries.StructureRow, now: Date) -> BeneficiaryGenerator.Row {
        BeneficiaryGenerator.Row(
            firstName: draft.firstName, lastName: draft.lastName, fullNameArabic: draft.fullNameArabic ?? "", gender: draft.gender.rawValue,
            birthYear: draft.birthYear, phone: draft.phone, cin: draft.cin, language: draft.preferredLanguage.rawValue, consentAt: now,
            regionID: structure.region_id, provinceID: draft.provinceID, structureID: structure.id, userID: nil,
            business: draft.business.map { business in
                BeneficiaryGenerator.Business(kind: business.kind, name: business.name, legalStatus: business.legalStatus, sector: business.sector,
                                              startedOn: business.startedOn, staff: business.staff, turnoverBand: business.turnoverBand,
                                              ice: business.ice, rc: business.rc, taxID: business.taxID)
            },
            importKey: key)
    }

    /// The same person in the same structure gives the same key, whatever the file's column order.
    static func key(structureID: Int, values: [Target: String]) -> String {
        let text = "\(structureID)|" + values.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: "|")
        return RandomToken.hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// A spreadsheet that stored the ICE as a number dropped its leading zeros; fifteen digits come back.
    static func iceFromNumber(_ value: String) -> String {
        value.allSatisfy(\.isASCII) && value.allSatisfy(\.isNumber) && (10..<15).contains(value.count)
            ? String(repeating: "0", count: 15 - value.count) + value : value
    }

    static func gender(_ value: String?) -> String {
        guard let value else { return Gender.u.rawValue }
        let folded = NameFolding.containsArabic(value) ? NameFolding.arabic(value) : NameFolding.latin(value)
        if ["f", "femme", "female", "woman", "feminin", "انثى", "امراه", "سيده"].contains(folded) { return Gender.f.rawValue }
        if ["m", "h", "homme", "male", "man", "masculin", "ذكر", "رجل"].contains(folded) { return Gender.m.rawValue }
        return value
    }

    static func language(_ value: String?) -> String? {
        guard let value else { return nil }
        let folded = NameFolding.latin(value)
        if folded.hasPrefix("fr") { return "fr" }
        if folded.hasPrefix("ar") || value.contains("عرب") { return "ar" }
        if folded.hasPrefix("en") || folded.hasPrefix("an") { return "en" }
        return value
    }

    static func legalStatus(_ value: String?) -> String? {
        guard let value else { return LegalStatus.informal.rawValue }
        let folded = NameFolding.latin(value)
        if LegalStatus(rawValue: value) != nil { return value }
        if folded.contains("informel") || folded.contains("informal") || value.contains("غير مهيكل") { return LegalStatus.informal.rawValue }
        if folded.contains("auto") || folded == "ae" || value.contains("ذاتي") { return LegalStatus.autoEntrepreneur.rawValue }
        if folded.contains("cooperative") || value.contains("تعاونية") { return LegalStatus.cooperative.rawValue }
        if ["sarl", "sa", "sarlau", "sarl au", "snc", "societe", "company"].contains(where: { folded == $0 || folded.hasPrefix($0 + " ") }) || value.contains("شركة") {
            return LegalStatus.company.rawValue
        }
        if folded.contains("individuel") || folded.contains("personne physique") || folded == "ei" || folded.contains("sole") { return LegalStatus.soleProprietor.rawValue }
        return value
    }

    static func sector(_ value: String?) -> String? {
        guard let value else { return nil }
        if Sector(rawValue: value) != nil { return value }
        let folded = NameFolding.latin(value)
        let words: [(Sector, [String])] = [(.trade, ["commerce", "trade", "epicerie"]), (.crafts, ["artisanat", "craft"]), (.food, ["restauration", "alimentation", "food"]),
                                           (.services, ["service"]), (.agriculture, ["agri", "elevage"]), (.construction, ["batiment", "btp", "construction"]),
                                           (.transport, ["transport"]), (.textile, ["textile", "couture", "tailor"]), (.digital, ["numerique", "digital", "informatique"]),
                                           (.tourism, ["tourisme", "tourism"])]
        return words.first { $0.1.contains { folded.contains($0) } }?.0.rawValue ?? Sector.other.rawValue
    }
}
