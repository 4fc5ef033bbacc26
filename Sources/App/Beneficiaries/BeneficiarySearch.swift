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
        let trimmed = text.trimmed
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
            guard let matches = try await nameCandidates(trimmed, scope: scope, limit: limit + 1, on: sql) else {
                return Result(kind: kind, rows: [], truncated: false)
            }
            condition = "\(condition) AND b.id IN (\(matches))"
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

    /// Above this many people for its rarest word, a search of several words stops intersecting sets: it reads the
    /// pair rows of its first two words, or walks the rarest word's index range checking the other words person by
    /// person until `limit` are found.
    static let intersectionCap = 1_000

    /// Ids of people whose every typed word begins one of their name words (or shares its skeleton).
    static func nameMatches(_ text: String, scope: PersonalDataScope, limit: Int, cap: Int = intersectionCap, on sql: any SQLDatabase) async throws -> [Int] {
        guard let candidates = try await nameCandidates(text, scope: scope, limit: limit, cap: cap, on: sql) else { return [] }
        return try await sql.raw("SELECT DISTINCT beneficiary_id FROM (\(candidates)) matches").all()
            .map { try $0.decode(column: "beneficiary_id", as: Int.self) }
    }

    /// The people a name search may show, as a subquery of `beneficiary_id`s for the page's one statement (each
    /// statement costs PostgreSQL a parse and a plan), or nil when a typed word matches nobody.
    /// One word: its index ranges, each read in order up to `limit`. Several: each word's matches are counted up to
    /// the cap in one statement; when the rarest word has fewer, all its people are checked against the other words,
    /// so the page shows the alphabetically first of all matches. Two common words: the pair rows of the first two
    /// words when they fill the page with people spelled as typed, else a walk from the rarest word's range.
    static func nameCandidates(_ text: String, scope: PersonalDataScope, limit: Int, cap: Int = intersectionCap,
                               on sql: any SQLDatabase) async throws -> SQLQueryString? {
        let lookups = SearchTerms.lookups(text)
        guard !lookups.isEmpty, let filter = BeneficiaryQueries.scopeFilter(scope, alias: "t", withOwner: false) else { return nil }
        guard lookups.count > 1 else { return candidates(ranges(lookups[0]), checking: [], filter: filter, limit: limit) }
        let pair = SearchTerms.pair(lookups).map { (range: prefixRange($0), checking: Array(lookups.dropFirst(2))) }
        let (counts, paired) = try await capped(lookups, pair: pair, filter: filter, cap: cap, limit: limit, on: sql)
        if counts.contains(0) { return nil }
        let ranked = zip(lookups, counts).sorted { $0.1 < $1.1 }
        let others = ranked.dropFirst().map(\.0)
        if ranked[0].1 <= cap { return candidates(ranges(ranked[0].0), checking: others, filter: filter, limit: nil) }
        if let pair, paired >= limit { return candidates([pair.range], checking: pair.checking, filter: filter, limit: limit) }
        return candidates(ranges(ranked[0].0), checking: others, filter: filter, limit: limit)
    }

    /// How many rows each lookup's ranges reach, each range counted up to `cap + 1`, and how many people the first
    /// `limit` pair rows hold (further words unchecked, so the count stays `limit` rows at most), all in one statement. Each range is counted apart: PostgreSQL answers an OR of two
    /// ranges with a bitmap of every match, which no LIMIT stops. A person found by both counts twice; the sum only
    /// ranks the words.
    private static func capped(_ lookups: [SearchTerms.Lookup], pair: (range: SQLQueryString, checking: [SearchTerms.Lookup])?,
                               filter: SQLQueryString, cap: Int, limit: Int, on sql: any SQLDatabase) async throws -> (counts: [Int], paired: Int) {
        var columns: [SQLQueryString] = []
        for (word, lookup) in lookups.enumerated() {
            for (index, range) in ranges(lookup).enumerated() {
                columns.append("""
                    (SELECT COUNT(*) FROM (SELECT 1 FROM beneficiary_terms t WHERE \(filter) AND \(range) LIMIT \(unsafeRaw: String(cap + 1))) c) \
                    AS \(unsafeRaw: "n\(word)_\(index)")
                    """)
            }
        }
        if let pair {
            columns.append("""
                (SELECT COUNT(DISTINCT beneficiary_id) FROM (SELECT t.beneficiary_id FROM beneficiary_terms t WHERE \(filter) AND \(pair.range) \
                ORDER BY t.term, t.beneficiary_id LIMIT \(unsafeRaw: String(limit))) p) AS paired
                """)
        }
        guard let row = try await sql.raw("SELECT \(SQLList(columns))").first() else { throw SearchError.noCountRow }
        let counts = try lookups.enumerated().map { word, lookup in
            try ranges(lookup).indices.reduce(0) { sum, index in sum + (try row.decode(column: "n\(word)_\(index)", as: Int.self)) }
        }
        return (counts, try pair.map { _ in try row.decode(column: "paired", as: Int.self) } ?? 0)
    }

    /// The people in `ranges` who also match every lookup in `checking`: everyone when `limit` is nil; otherwise each
    /// range read in order up to `limit`, and the first `limit` people kept, earlier ranges first (prefix matches
    /// before skeleton ones; explicitly ordered, so both databases keep the same people). The ranges are read apart
    /// rather than as one OR, so each stops at the limit.
    private static func candidates(_ ranges: [SQLQueryString], checking: [SearchTerms.Lookup], filter: SQLQueryString,
                                   limit: Int?) -> SQLQueryString {
        let others = checks(checking)
        guard let limit else {
            return union(ranges.map { "SELECT t.beneficiary_id FROM beneficiary_terms t WHERE \(filter) AND \($0)\(others)" })
        }
        let parts = ranges.enumerated().map { index, range -> SQLQueryString in
            """
            SELECT beneficiary_id, \(unsafeRaw: String(index)) AS part, term FROM (SELECT t.beneficiary_id, t.term FROM beneficiary_terms t \
            WHERE \(filter) AND \(range)\(others) ORDER BY t.term, t.beneficiary_id LIMIT \(unsafeRaw: String(limit))) \(unsafeRaw: "r\(index)")
            """
        }
        return """
            SELECT beneficiary_id FROM (\(union(parts))) ranges GROUP BY beneficiary_id
            ORDER BY MIN(part), MIN(term), beneficiary_id LIMIT \(unsafeRaw: String(limit))
            """
    }

    /// ` AND EXISTS …` for each lookup a row's person must also match.
    private static func checks(_ lookups: [SearchTerms.Lookup]) -> SQLQueryString {
        var checks: SQLQueryString = ""
        for lookup in lookups {
            checks = "\(checks) AND EXISTS (SELECT 1 FROM beneficiary_terms o WHERE o.beneficiary_id = t.beneficiary_id AND \(match("o", lookup)))"
        }
        return checks
    }

    private static func union(_ parts: [SQLQueryString]) -> SQLQueryString {
        var union = parts[0]
        for part in parts.dropFirst() { union = "\(union) UNION ALL \(part)" }
        return union
    }

    /// A lookup's index ranges on `t`: the prefix, and the skeleton when the word has one.
    private static func ranges(_ lookup: SearchTerms.Lookup) -> [SQLQueryString] {
        var ranges = [prefixRange(lookup.prefix)]
        if let skeleton = lookup.skeleton { ranges.append("t.term = \(bind: skeleton)") }
        return ranges
    }

    private static func prefixRange(_ prefix: String) -> SQLQueryString {
        "t.term >= \(bind: prefix) AND t.term < \(bind: SearchTerms.rangeEnd(prefix))"
    }

    private static func match(_ alias: String, _ lookup: SearchTerms.Lookup) -> SQLQueryString {
        let range: SQLQueryString = "(\(unsafeRaw: alias).term >= \(bind: lookup.prefix) AND \(unsafeRaw: alias).term < \(bind: SearchTerms.rangeEnd(lookup.prefix)))"
        guard let skeleton = lookup.skeleton else { return range }
        return "(\(range) OR \(unsafeRaw: alias).term = \(bind: skeleton))"
    }

    /// A SELECT without FROM always answers one row; this reports a driver that did not.
    private enum SearchError: Error { case noCountRow }

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
