import Domain
import Fluent
import Foundation
import SQLKit

/// Two records of one person become one. The survivor takes the other record's businesses and cases and fills its
/// own blanks from it; the absorbed record stays untouched but hidden, pointing at the survivor, so an undo puts
/// everything back. Nothing is overwritten: a value the survivor already has wins, except consent, where a
/// withdrawal on either record wins.
struct BeneficiaryMerges {
    let sql: any SQLDatabase

    /// The columns a merge may fill on the survivor, each with the value meaning "blank".
    enum Blank: String, CaseIterable, Sendable {
        case latinName = "latin_name", arabicName = "full_name_ar", gender, birthYear = "birth_year", phone, cin, province = "province_id"
    }

    private typealias Record = BeneficiaryQueries.Detail

    private func record(_ id: Int, scope: PersonalDataScope) async throws -> Record? {
        try await BeneficiaryQueries.detail(id: id, scope: scope, on: sql)
    }

    /// Takes the rows of live records for this transaction, in id order so two merges of the same pair cannot deadlock;
    /// a record merged or erased meanwhile is a conflict.
    private func lock(_ ids: [Int], now: Date) async throws {
        for id in ids.sorted() {
            let locked = try await sql.raw("""
                UPDATE beneficiaries SET updated_at = \(bind: now) WHERE id = \(bind: id) AND merged_into_id IS NULL AND anonymised_at IS NULL RETURNING id
                """).all()
            if locked.isEmpty { throw AppError(status: .conflict, code: "not_mergeable", messageKey: "merge.not_live", fields: [:]) }
        }
    }

    struct Merge: Decodable, Sendable {
        let id: Int
        let survivor_id: Int
        let absorbed_id: Int
        let business_ids: String
        let case_ids: String
        let filled: String
        let absorbed_user_id: Int?
        let moved_user_id: Int?
        let cleared_consent_at: Date?
        let cleared_consent_purpose: String?
        let merged_at: Date
        let merged_by_name: String?
        let undone_at: Date?
        let absorbed_first_name: String
        let absorbed_last_name: String
        let absorbed_full_name_ar: String?
        let absorbed_region_id: Int
        let absorbed_structure_id: Int?

        var movedBusinesses: [Int] { Self.ids(business_ids) }
        var movedCases: [Int] { Self.ids(case_ids) }
        var filledColumns: [Blank] { filled.split(separator: ",").compactMap { Blank(rawValue: String($0)) } }

        static func ids(_ list: String) -> [Int] { list.split(separator: ",").compactMap { Int($0) } }
    }

    private static let mergeColumns: SQLQueryString = """
        SELECT m.id, m.survivor_id, m.absorbed_id, m.business_ids, m.case_ids, m.filled, m.absorbed_user_id, m.moved_user_id,
               m.cleared_consent_at, m.cleared_consent_purpose, m.merged_at, u.display_name AS merged_by_name, m.undone_at,
               a.first_name AS absorbed_first_name, a.last_name AS absorbed_last_name, a.full_name_ar AS absorbed_full_name_ar,
               a.region_id AS absorbed_region_id, a.structure_id AS absorbed_structure_id
        FROM beneficiary_merges m JOIN beneficiaries a ON a.id = m.absorbed_id LEFT JOIN users u ON u.id = m.merged_by
        """

    /// Merges made into a record the caller has already found within scope, newest first.
    func merges(into survivorID: Int) async throws -> [Merge] {
        try await sql.raw("\(Self.mergeColumns) WHERE m.survivor_id = \(bind: survivorID) ORDER BY m.id DESC").all(decoding: Merge.self)
    }

    /// The record a merged one now lives in, when the caller may see the merged one.
    func survivor(of id: Int, scope: PersonalDataScope) async throws -> Int? {
        try await record(id, scope: scope)?.merged_into_id
    }

    /// Folds `absorbedID` into `survivorID`, both within `scope` (a 404 otherwise), all or nothing.
    func merge(_ absorbedID: Int, into survivorID: Int, scope: PersonalDataScope, actorID: Int, database: any Database,
               now: Date = Date()) async throws -> Merge {
        guard absorbedID != survivorID else { throw AppError.validation(["absorbed_id": FieldProblem("merge.same_record")]) }
        let id: Int = try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let merges = BeneficiaryMerges(sql: sql)
            guard try await merges.record(survivorID, scope: scope) != nil else { throw AppError.notFound }
            guard try await merges.record(absorbedID, scope: scope) != nil else {
                throw AppError.validation(["absorbed_id": FieldProblem("merge.not_found")])
            }
            try await merges.lock([survivorID, absorbedID], now: now)
            // Read again under the lock: what is merged is what is there now.
            guard let survivor = try await merges.record(survivorID, scope: scope), let absorbed = try await merges.record(absorbedID, scope: scope) else {
                throw AppError.notFound
            }
            if let one = survivor.user_id, let other = absorbed.user_id, one != other {
                throw AppError(status: .conflict, code: "two_accounts", messageKey: "merge.two_accounts", fields: [:])
            }
            var filled = Blank.allCases.filter { survivor.isBlank($0) && !absorbed.isBlank($0) }
            if filled.contains(.province), try await !merges.province(absorbed.province_id, isIn: survivor.region_id) { filled.removeAll { $0 == .province } }
            let movedUser = survivor.user_id == nil ? absorbed.user_id : nil
            // A person who withdrew consent on either record has withdrawn it.
            let clearsConsent = survivor.consent_at != nil && absorbed.consent_at == nil
            try await Self.fill(survivorID, from: absorbed, filled, user: movedUser, clearConsent: clearsConsent, on: sql, now: now)
            let businesses = try await sql.raw("""
                UPDATE businesses SET beneficiary_id = \(bind: survivorID) WHERE beneficiary_id = \(bind: absorbedID) RETURNING id
                """).all().map { try $0.decode(column: "id", as: Int.self) }
            let cases = try await sql.raw("""
                UPDATE accompaniments SET beneficiary_id = \(bind: survivorID) WHERE beneficiary_id = \(bind: absorbedID) RETURNING id
                """).all().map { try $0.decode(column: "id", as: Int.self) }
            try await sql.raw("""
                UPDATE beneficiaries SET merged_into_id = \(bind: survivorID), user_id = NULL, updated_at = \(bind: now) WHERE id = \(bind: absorbedID)
                """).run()
            try await sql.raw("DELETE FROM beneficiary_terms WHERE beneficiary_id = \(bind: absorbedID)").run()
            try await BeneficiaryRegistry.reindex(survivorID, on: sql)
            return try await sql.insert(into: "beneficiary_merges")
                .columns("survivor_id", "absorbed_id", "business_ids", "case_ids", "filled", "absorbed_user_id", "moved_user_id",
                         "cleared_consent_at", "cleared_consent_purpose", "merged_by", "merged_at")
                .values(SQLBind(survivorID), SQLBind(absorbedID), SQLBind(Self.list(businesses)), SQLBind(Self.list(cases)),
                        SQLBind(filled.map(\.rawValue).joined(separator: ",")), SQLBind(absorbed.user_id), SQLBind(movedUser),
                        SQLBind(clearsConsent ? survivor.consent_at : nil), SQLBind(clearsConsent ? survivor.consent_purpose : nil),
                        SQLBind(actorID), SQLBind(now))
                .returning("id").first(decodingColumn: "id", as: Int.self)!
        }
        return try await find(id)!
    }

    private func province(_ id: Int?, isIn region: Int) async throws -> Bool {
        guard let id else { return false }
        return try await sql.raw("SELECT id FROM provinces WHERE id = \(bind: id) AND region_id = \(bind: region)").first() != nil
    }

    /// Undoes a merge: what moved goes back, filled blanks are emptied again unless someone changed them since, and the
    /// absorbed record reappears. Both records must be within `scope`. A survivor merged again since must have that
    /// later merge undone first.
    func undo(_ mergeID: Int, scope: PersonalDataScope, actorID: Int, database: any Database, now: Date = Date()) async throws -> Merge {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            let merges = BeneficiaryMerges(sql: sql)
            guard let merge = try await merges.find(mergeID), try await merges.record(merge.survivor_id, scope: scope) != nil,
                  try await merges.record(merge.absorbed_id, scope: scope) != nil else { throw AppError.notFound }
            let claimed = try await sql.raw("""
                UPDATE beneficiary_merges SET undone_at = \(bind: now), undone_by = \(bind: actorID) WHERE id = \(bind: mergeID) AND undone_at IS NULL RETURNING id
                """).all()
            if claimed.isEmpty { throw AppError(status: .conflict, code: "already_undone", messageKey: "merge.already_undone", fields: [:]) }
            do { try await merges.lock([merge.survivor_id], now: now) } catch let error as AppError where error.status == .conflict {
                throw AppError(status: .conflict, code: "merged_again", messageKey: "merge.undo_later_first", fields: [:])
            }
            let survivor = merge.survivor_id
            let absorbed = merge.absorbed_id
            if !merge.movedBusinesses.isEmpty {
                try await sql.raw("""
                    UPDATE businesses SET beneficiary_id = \(bind: absorbed)
                    WHERE beneficiary_id = \(bind: survivor) AND id IN (\(SQLList(merge.movedBusinesses.map { SQLBind($0) })))
                    """).run()
            }
            if !merge.movedCases.isEmpty {
                try await sql.raw("""
                    UPDATE accompaniments SET beneficiary_id = \(bind: absorbed)
                    WHERE beneficiary_id = \(bind: survivor) AND id IN (\(SQLList(merge.movedCases.map { SQLBind($0) })))
                    """).run()
            }
            try await Self.empty(survivor, of: merge.filledColumns, takenFrom: absorbed, on: sql, now: now)
            if let moved = merge.moved_user_id {
                try await sql.raw("UPDATE beneficiaries SET user_id = NULL WHERE id = \(bind: survivor) AND user_id = \(bind: moved)").run()
            }
            if let consent = merge.cleared_consent_at {
                try await sql.raw("""
                    UPDATE beneficiaries SET consent_at = \(bind: consent), consent_purpose = \(bind: merge.cleared_consent_purpose)
                    WHERE id = \(bind: survivor) AND consent_at IS NULL
                    """).run()
            }
            try await sql.raw("""
                UPDATE beneficiaries SET merged_into_id = NULL, user_id = \(bind: merge.absorbed_user_id), updated_at = \(bind: now) WHERE id = \(bind: absorbed)
                """).run()
            try await BeneficiaryRegistry.reindex(survivor, on: sql)
            try await BeneficiaryRegistry.reindex(absorbed, on: sql)
            return try await merges.find(mergeID)!
        }
    }

    func find(_ mergeID: Int) async throws -> Merge? {
        try await sql.raw("\(Self.mergeColumns) WHERE m.id = \(bind: mergeID)").first(decoding: Merge.self)
    }

    private static func list(_ ids: [Int]) -> String { ids.map(String.init).joined(separator: ",") }

    /// Copies the absorbed record's values into the survivor's blanks.
    private static func fill(_ survivorID: Int, from absorbed: Record, _ columns: [Blank], user: Int?, clearConsent: Bool, on sql: any SQLDatabase,
                             now: Date) async throws {
        var sets: [SQLQueryString] = ["updated_at = \(bind: now)"]
        for column in columns {
            switch column {
            case .latinName: sets += ["first_name = \(bind: absorbed.first_name)", "last_name = \(bind: absorbed.last_name)"]
            case .arabicName: sets.append("full_name_ar = \(bind: absorbed.full_name_ar)")
            case .gender: sets.append("gender = \(bind: absorbed.gender)")
            case .birthYear: sets.append("birth_year = \(bind: absorbed.birth_year)")
            case .phone: sets.append("phone = \(bind: absorbed.phone)")
            case .cin: sets.append("cin = \(bind: absorbed.cin)")
            case .province: sets.append("province_id = \(bind: absorbed.province_id)")
            }
        }
        if let user { sets.append("user_id = \(bind: user)") }
        if clearConsent { sets += ["consent_at = NULL", "consent_purpose = NULL"] }
        try await sql.raw("UPDATE beneficiaries SET \(SQLList(sets)) WHERE id = \(bind: survivorID)").run()
    }

    /// Blanks again what a merge filled, column by column, only where the value is still the one the merge copied.
    private static func empty(_ survivorID: Int, of columns: [Blank], takenFrom absorbedID: Int, on sql: any SQLDatabase, now: Date) async throws {
        func same(_ column: String) -> SQLQueryString {
            "\(unsafeRaw: column) = (SELECT a.\(unsafeRaw: column) FROM beneficiaries a WHERE a.id = \(bind: absorbedID))"
        }
        for column in columns {
            let (sets, condition): (SQLQueryString, SQLQueryString) = switch column {
            case .latinName: ("first_name = '', last_name = ''", "\(same("first_name")) AND \(same("last_name"))")
            case .arabicName: ("full_name_ar = NULL", same("full_name_ar"))
            case .gender: ("gender = \(bind: Gender.u.rawValue)", same("gender"))
            case .birthYear: ("birth_year = NULL", same("birth_year"))
            case .phone: ("phone = NULL", same("phone"))
            case .cin: ("cin = NULL", same("cin"))
            case .province: ("province_id = NULL", same("province_id"))
            }
            try await sql.raw("UPDATE beneficiaries SET \(sets), updated_at = \(bind: now) WHERE id = \(bind: survivorID) AND \(condition)").run()
        }
    }
}

private extension BeneficiaryQueries.Detail {
    func isBlank(_ column: BeneficiaryMerges.Blank) -> Bool {
        switch column {
        case .latinName: first_name.isEmpty && last_name.isEmpty
        case .arabicName: full_name_ar == nil
        case .gender: gender == Gender.u.rawValue
        case .birthYear: birth_year == nil
        case .phone: phone == nil
        case .cin: cin == nil
        case .province: province_id == nil
        }
    }
}
