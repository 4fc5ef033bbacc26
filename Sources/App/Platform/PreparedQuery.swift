import Foundation
import PostgresNIO
import SQLiteNIO
import SQLKit

/// A query run on every request (who is signed in), whose text never changes: PostgreSQL parses and plans it once
/// per connection instead of once per request (planning the identity lookup took 0.1 ms, more than running it).
/// Only for tables whose size does not swing: the plan is kept as the connection first made it. The text uses
/// `$1`, `$2`… placeholders, which SQLite also reads as positional parameters, so both databases run the same SQL.
protocol PreparedQuery: Sendable {
    associatedtype Row: NativeRow
    static var sql: String { get }
    /// In placeholder order: `Int`, `String`, `Bool` or `Date` values.
    var binds: [any Encodable & Sendable] { get }
}

extension SQLDatabase {
    func rows<Query: PreparedQuery>(_ query: Query) async throws -> [Query.Row] {
        if let sqlite = self as? any SQLiteDatabase {
            return try await sqlite.query(Query.sql, try query.binds.map(NativeBinds.sqlite)).map(Query.Row.init(sqlite:))
        }
        let statement = PostgresPrepared(query: query)
        return try await withPostgresConnection { connection, logger in
            var rows: [Query.Row] = []
            for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
            return rows
        }
    }
}

/// The driver's prepared statement for a query, named after the query's type: each connection prepares it on first use.
private struct PostgresPrepared<Query: PreparedQuery>: PostgresPreparedStatement {
    typealias Row = Query.Row
    static var name: String { String(reflecting: Query.self) }
    static var sql: String { Query.sql }
    let query: Query

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for bind in query.binds { try NativeBinds.append(bind, to: &bindings) }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try Row(postgres: row) }
}
