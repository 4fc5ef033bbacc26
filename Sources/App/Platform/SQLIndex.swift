import Fluent
import SQLKit

/// Fluent's schema builder has no secondary indexes; SQLKit's builder emits the same DDL for both databases.
enum SQLIndex {
    /// `nonNull`: only the rows where that column has a value, for a column most rows leave empty and that is only
    /// ever looked up by value (both planners know `column = value` implies a value).
    static func create(_ name: String, on table: String, _ columns: [String], unique: Bool = false, nonNull: String? = nil,
                       in database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if let nonNull {
            let list = SQLList(columns.map { SQLIdentifier($0) })
            try await sql.raw("CREATE \(unsafeRaw: unique ? "UNIQUE " : "")INDEX \(ident: name) ON \(ident: table) (\(list)) WHERE \(ident: nonNull) IS NOT NULL").run()
            return
        }
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
