import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// Reads of beneficiaries' personal data. Every function takes the actor's `PersonalDataScope`: a record outside it
/// is simply not there (the caller answers 404), so no controller can forget the check.
enum BeneficiaryQueries {
    struct ListRow: NativeRow {
        let id: Int
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let sort_name: String
        let phone: String?
        let province_id: Int?
        let structure_id: Int?

        init(sqlite row: SQLiteRow) throws {
            id = try row.int("id")
            first_name = try row.string("first_name")
            last_name = try row.string("last_name")
            full_name_ar = row.optionalString("full_name_ar")
            sort_name = try row.string("sort_name")
            phone = row.optionalString("phone")
            province_id = row.optionalInt("province_id")
            structure_id = row.optionalInt("structure_id")
        }

        /// Columns in SELECT order.
        init(postgres row: PostgresRow) throws {
            (id, first_name, last_name, full_name_ar, sort_name, phone, province_id, structure_id) =
                try row.decode((Int, String, String, String?, String, String?, Int?, Int?).self)
        }
    }

    struct Detail: Decodable, Sendable {
        let id: Int
        let first_name: String
        let last_name: String
        let full_name_ar: String?
        let gender: String
        let birth_year: Int?
        let phone: String?
        let cin: String?
        let preferred_language: String
        let consent_at: Date?
        let consent_purpose: String?
        let region_id: Int
        let region_name: String
        let province_id: Int?
        let province_name: String?
        let structure_id: Int?
        let structure_name: String?
        let created_at: Date?
        /// Set when this record was merged into another: pages send the reader there.
        let merged_into_id: Int?
        let anonymised_at: Date?
        /// The entrepreneur account linked to the record, if any.
        let user_id: Int?
    }

    /// Position after the last row of a page: the list is ordered by (sort_name, id).
    struct Cursor: Sendable, Equatable {
        let sortName: String
        let id: Int

        /// `id.sortName`, opaque to users but readable in logs.
        var token: String { "\(id).\(sortName)" }

        init(sortName: String, id: Int) {
            self.sortName = sortName
            self.id = id
        }

        /// The `after` parameter of a list request: nil when absent, a 422 naming the field when malformed.
        static func parameter(_ token: String?) throws(AppError) -> Cursor? {
            guard let token else { return nil }
            guard let cursor = Cursor(token: token) else { throw AppError.validation(["after": FieldProblem("validation.cursor")]) }
            return cursor
        }

        init?(token: String) {
            guard let dot = token.firstIndex(of: "."), let id = Int(token[..<dot]), !Validator.hasControlCharacters(token) else { return nil }
            self.init(sortName: String(token[token.index(after: dot)...]), id: id)
        }
    }

    struct Page: Sendable {
        let rows: [ListRow]
        /// Where the following page starts; nil on the last page.
        let next: Cursor?
    }

    /// Up to `limit` people in name order after `cursor`. One extra row is read to know whether a next page exists.
    static func page(scope: PersonalDataScope, after cursor: Cursor?, limit: Int, on database: any SQLDatabase) async throws -> Page {
        let rows = try await rows(scope: scope, after: cursor, limit: limit + 1, on: database)
        let shown = Array(rows.prefix(limit))
        let next = rows.count > limit ? shown.last.map { Cursor(sortName: $0.sort_name, id: $0.id) } : nil
        return Page(rows: shown, next: next)
    }

    private static func rows(scope: PersonalDataScope, after cursor: Cursor?, limit: Int, on database: any SQLDatabase) async throws -> [ListRow] {
        guard let filter = scopeFilter(scope) else { return [] }
        // One table only: province and structure names come from `ReferenceNames`.
        var query: SQLQueryString = """
            SELECT b.id, b.first_name, b.last_name, b.full_name_ar, b.sort_name, b.phone, b.province_id, b.structure_id
            FROM beneficiaries b
            WHERE \(filter) AND b.merged_into_id IS NULL
            """
        if let cursor {
            query.appendInterpolation(unsafeRaw: " AND (b.sort_name, b.id) > (")
            query.appendInterpolation(bind: cursor.sortName)
            query.appendInterpolation(unsafeRaw: ", ")
            query.appendInterpolation(bind: cursor.id)
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY b.sort_name, b.id LIMIT \(limit)")
        return try await database.nativeRows(query, as: ListRow.self)
    }

    static func detail(id: Int, scope: PersonalDataScope, on database: any SQLDatabase) async throws -> Detail? {
        guard let filter = scopeFilter(scope) else { return nil }
        return try await database.raw("""
            SELECT b.id, b.first_name, b.last_name, b.full_name_ar, b.gender, b.birth_year, b.phone, b.cin,
                   b.preferred_language, b.consent_at, b.consent_purpose, b.region_id, r.name_fr AS region_name,
                   b.province_id, p.name_fr AS province_name, b.structure_id, s.name AS structure_name, b.created_at, b.merged_into_id, b.anonymised_at, b.user_id
            FROM beneficiaries b
            JOIN regions r ON r.id = b.region_id
            LEFT JOIN provinces p ON p.id = b.province_id
            LEFT JOIN structures s ON s.id = b.structure_id
            WHERE b.id = \(bind: id) AND \(filter)
            """).first(decoding: Detail.self)
    }

    /// The WHERE fragment for a scope, or nil when the scope reaches nothing.
    /// A structure scope covers that structure only: antennas are structures of their own, so the common case
    /// is one equality the (structure_id, sort_name, id) index answers in order.
    /// `alias` names the table carrying the scope columns; search rows have no owner column (`withOwner: false`),
    /// so an entrepreneur's own record is never found through them.
    /// `asCheck` writes the columns as `+column`: the filter then checks each row the query reaches through another
    /// index (a caseload starts from the advisor's cases) instead of tempting the planner to scan the whole scope.
    static func scopeFilter(_ scope: PersonalDataScope, alias: String = "b", withOwner: Bool = true, asCheck: Bool = false) -> SQLQueryString? {
        if scope.everything { return "1 = 1" }
        var parts: [SQLQueryString] = []
        let column = (asCheck ? "+" : "") + alias
        if !scope.regionIDs.isEmpty { parts.append(membership("\(column).region_id", scope.regionIDs)) }
        if !scope.structureIDs.isEmpty { parts.append(membership("\(column).structure_id", scope.structureIDs)) }
        if withOwner, let own = scope.ownUserID { parts.append("\(unsafeRaw: alias).user_id = \(bind: own)") }
        guard !parts.isEmpty else { return nil }
        var combined: SQLQueryString = "("
        for (index, part) in parts.enumerated() {
            if index > 0 { combined.appendInterpolation(unsafeRaw: " OR ") }
            combined.appendInterpolation(part)
        }
        combined.appendInterpolation(unsafeRaw: ")")
        return combined
    }

    private static func membership(_ column: String, _ ids: [Int]) -> SQLQueryString {
        let unique = Array(Set(ids)).sorted()
        if unique.count == 1 { return "\(unsafeRaw: column) = \(bind: unique[0])" }
        return "\(unsafeRaw: column) IN (\(unsafeRaw: unique.map(String.init).joined(separator: ", ")))"
    }
}

extension BeneficiaryQueries {
    struct BusinessRow: Decodable, Sendable {
        let id: Int
        let kind: String
        let name: String
        let legal_status: String?
        let sector: String?
        let started_on: String?
        let staff: Int?
        let turnover_band: String?
        let ice: String?
        let rc: String?
        let tax_id: String?
        let digital_presence: String?
    }

    /// The businesses and projects of a person the caller has already found within scope.
    static func businesses(of beneficiaryID: Int, on database: any SQLDatabase) async throws -> [BusinessRow] {
        try await database.raw("""
            SELECT id, kind, name, legal_status, sector, started_on, staff, turnover_band, ice, rc, tax_id, digital_presence
            FROM businesses WHERE beneficiary_id = \(bind: beneficiaryID) ORDER BY id
            """).all(decoding: BusinessRow.self)
    }
}
