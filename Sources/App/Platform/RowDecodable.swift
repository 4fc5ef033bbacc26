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
    /// The column's value; `T` may be optional, and a NULL then reads as nil.
    func callAsFunction<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(column: column, as: T.self)
    }
}
