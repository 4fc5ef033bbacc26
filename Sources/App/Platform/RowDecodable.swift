import SQLKit

/// A row struct for a hot read, decoded column by column. `SQLRowDecoder` goes through Codable's keyed containers,
/// which cost more than the query itself on a 50-row page (measured: 17% of a list request's CPU).
protocol RowDecodable: Sendable {
    init(row: any SQLRow) throws
}

extension SQLQueryFetcher {
    func all<Row: RowDecodable>(rows: Row.Type) async throws -> [Row] {
        try await all().map(Row.init(row:))
    }
}

extension SQLRow {
    func callAsFunction<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(column: column, as: T.self)
    }

    /// A nullable column. Asking for the wrapped type after a NULL check keeps the drivers on their direct
    /// conversion path; `Optional<T>` itself would go through the generic Codable decoder.
    func callAsFunction<T: Decodable>(_ column: String, as type: T?.Type = T?.self) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}
