import Domain
import Foundation
import SQLKit

/// Finding people within a scope: by any name word's beginning in either script, by phone, CIN or ICE, narrowed by
/// province, legal status, sector, advisor or stage. Returns at most `limit` people in name order; the page asks
/// for more words when there are more.
enum BeneficiarySearch {
    struct Filters: Sendable, Equatable {
        var provinceID: Int?
        var legalStatus: LegalStatus?
        var sector: Sector?
        var advisorID: Int?
        var stage: CaseStage?

        var isEmpty: Bool { self == Filters() }
    }

    /// What the typed text was understood as; recorded in the audit log instead of the text itself.
    enum Kind: String, Sendable { case phone, cin, ice, name, filters }

    struct Result: Sendable {
        let kind: Kind
        let rows: [BeneficiaryQueries.ListRow]
        /// More people match than were shown.
        let truncated: Bool
    }

    static func kind(of text: String) -> Kind {
        if (try? MoroccanPhone.parse(text)) != nil { return .phone }
        if case .valid = BusinessIdentifiers.ice(text) { return .ice }
        if case .failedCheck = BusinessIdentifiers.ice(text) { return .ice }
        if case .valid = BusinessIdentifiers.cin(text), text.contains(where: \.isNumber) { return .cin }
        return .name
    }

    static func run(_ text: String, filters: Filters, scope: PersonalDataScope, limit: Int = 50, on sql: any SQLDatabase) async throws -> Result {
        guard let filter = BeneficiaryQueries.scopeFilter(scope) else { return Result(kind: .name, rows: [], truncated: false) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let kind = trimmed.isEmpty ? Kind.filters : kind(of: trimmed)
        var condition: SQLQueryString = "\(filter) AND b.merged_into_id IS NULL"
        switch kind {
        case .phone: condition = "\(condition) AND b.phone = \(bind: (try? MoroccanPhone.parse(trimmed).e164) ?? "")"
        case .cin:
            guard case .valid(let cin) = BusinessIdentifiers.cin(trimmed) else { break }
            condition = "\(condition) AND b.cin = \(bind: cin)"
        case .ice:
            let digits = trimmed.filter(\.isNumber)
            condition = "\(condition) AND b.id IN (SELECT beneficiary_id FROM businesses WHERE ice = \(bind: digits))"
        case .name:
            // One more than a page: enough to know there are more, and each extra candidate costs the other words' probes.
            let ids = try await nameMatches(trimmed, scope: scope, limit: limit + 1, on: sql)
            if ids.isEmpty { return Result(kind: kind, rows: [], truncated: false) }
            condition = "\(condition) AND b.id IN (\(SQLList(ids.map { SQLLiteral.numeric(String($0)) })))"
        case .filters: break
        }
        condition = "\(condition)\(narrowing(filters))"
        let rows = try await sql.nativeRows("""
            SELECT b.id, b.first_name, b.last_name, b.full_name_ar, b.sort_name, b.phone, b.province_id, b.structure_id
            FROM beneficiaries b WHERE \(condition)
            ORDER BY b.sort_name, b.id LIMIT \(unsafeRaw: String(limit + 1))
            """, as: BeneficiaryQueries.ListRow.self)
        return Result(kind: kind, rows: Array(rows.prefix(limit)), truncated: rows.count > limit)
    }

    /// Ids of people whose every typed word begins one of their name words (or shares its skeleton), best-indexed
    /// word first: the longest, since it narrows most.
    static func nameMatches(_ text: String, scope: PersonalDataScope, limit: Int, on sql: any SQLDatabase) async throws -> [Int] {
        let lookups = SearchTerms.lookups(text).sorted { $0.prefix.count > $1.prefix.count }
        guard let first = lookups.first, let filter = BeneficiaryQueries.scopeFilter(scope, alias: "t", withOwner: false) else { return [] }
        var others: SQLQueryString = ""
        for lookup in lookups.dropFirst() {
            others = "\(others) AND EXISTS (SELECT 1 FROM beneficiary_terms o WHERE o.beneficiary_id = t.beneficiary_id AND \(match("o", lookup)))"
        }
        var ids: [Int] = []
        var seen: Set<Int> = []
        // Two index ranges rather than one OR, so each is read in index order and stops at the limit.
        var queries: [SQLQueryString] = ["t.term >= \(bind: first.prefix) AND t.term < \(bind: SearchTerms.rangeEnd(first.prefix))"]
        if let skeleton = first.skeleton { queries.append("t.term = \(bind: skeleton)") }
        for range in queries {
            let rows = try await sql.raw("""
                SELECT t.beneficiary_id FROM beneficiary_terms t
                WHERE \(filter) AND \(range)\(others)
                ORDER BY t.term, t.beneficiary_id LIMIT \(unsafeRaw: String(limit))
                """).all()
            for row in rows {
                let id = try row.decode(column: "beneficiary_id", as: Int.self)
                if seen.insert(id).inserted { ids.append(id) }
            }
        }
        return Array(ids.prefix(limit))
    }

    private static func match(_ alias: String, _ lookup: SearchTerms.Lookup) -> SQLQueryString {
        let range: SQLQueryString = "(\(unsafeRaw: alias).term >= \(bind: lookup.prefix) AND \(unsafeRaw: alias).term < \(bind: SearchTerms.rangeEnd(lookup.prefix)))"
        guard let skeleton = lookup.skeleton else { return range }
        return "(\(range) OR \(unsafeRaw: alias).term = \(bind: skeleton))"
    }

    private static func narrowing(_ filters: Filters) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let province = filters.provinceID { sql = "\(sql) AND b.province_id = \(bind: province)" }
        if filters.legalStatus != nil || filters.sector != nil {
            var business: SQLQueryString = "x.beneficiary_id = b.id"
            if let status = filters.legalStatus { business = "\(business) AND x.legal_status = \(bind: status.rawValue)" }
            if let sector = filters.sector { business = "\(business) AND x.sector = \(bind: sector.rawValue)" }
            sql = "\(sql) AND EXISTS (SELECT 1 FROM businesses x WHERE \(business))"
        }
        if filters.advisorID != nil || filters.stage != nil {
            var accompaniment: SQLQueryString = "c.beneficiary_id = b.id"
            if let advisor = filters.advisorID { accompaniment = "\(accompaniment) AND c.advisor_id = \(bind: advisor)" }
            if let stage = filters.stage { accompaniment = "\(accompaniment) AND c.stage = \(bind: stage.rawValue)" }
            sql = "\(sql) AND EXISTS (SELECT 1 FROM accompaniments c WHERE \(accompaniment))"
        }
        return sql
    }
}
