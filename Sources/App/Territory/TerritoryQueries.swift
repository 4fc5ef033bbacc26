import SQLKit

/// Reads of reference data: public, unscoped, small.
enum TerritoryQueries {
    struct RegionRow: Codable, Sendable {
        let id: Int
        let code: String
        let name_fr: String
        let name_ar: String
        let capital: String
    }

    struct ProvinceRow: Codable, Sendable {
        let id: Int
        let code: String
        let name_fr: String
        let region_id: Int
    }

    struct StructureRow: Codable, Sendable {
        let id: Int
        let name: String
        let kind: String
        let region_id: Int
        let parent_id: Int?
        let city: String
    }

    struct PartnerRow: Codable, Sendable {
        let id: Int
        let name: String
        let kind: String
    }

    static func regions(on database: any SQLDatabase) async throws -> [RegionRow] {
        try await database.raw("SELECT id, code, name_fr, name_ar, capital FROM regions ORDER BY code").all(decoding: RegionRow.self)
    }

    static func provinces(regionCode: String?, on database: any SQLDatabase) async throws -> [ProvinceRow] {
        if let regionCode {
            return try await database.raw("""
                SELECT p.id, p.code, p.name_fr, p.region_id FROM provinces p JOIN regions r ON r.id = p.region_id
                WHERE r.code = \(bind: regionCode) ORDER BY p.code
                """).all(decoding: ProvinceRow.self)
        }
        return try await database.raw("SELECT id, code, name_fr, region_id FROM provinces ORDER BY code").all(decoding: ProvinceRow.self)
    }

    static func structures(on database: any SQLDatabase) async throws -> [StructureRow] {
        try await database.raw("SELECT id, name, kind, region_id, parent_id, city FROM structures ORDER BY region_id, id").all(decoding: StructureRow.self)
    }

    static func partners(on database: any SQLDatabase) async throws -> [PartnerRow] {
        try await database.raw("SELECT id, name, kind FROM partner_institutions ORDER BY name").all(decoding: PartnerRow.self)
    }

    /// Display names for scopes, keyed like `AccountViews.scopeKey`.
    static func scopeNames(for scopes: [Scope], on database: any SQLDatabase) async throws -> [String: String] {
        var names: [String: String] = [:]
        for scope in Set(scopes) {
            let query: SQLQueryString? = switch scope {
            case .region(let id): "SELECT name_fr AS name FROM regions WHERE id = \(bind: id)"
            case .structure(let id): "SELECT name FROM structures WHERE id = \(bind: id)"
            case .partner(let id): "SELECT name FROM partner_institutions WHERE id = \(bind: id)"
            case .national, .event, .own: nil
            }
            if let query, let name = try await database.raw(query).first()?.decode(column: "name", as: String.self) {
                names[AccountViews.scopeKey(scope)] = name
            }
        }
        return names
    }
}
