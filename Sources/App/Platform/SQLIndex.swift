import Fluent
import SQLKit

/// Fluent's schema builder has no secondary indexes; SQLKit's builder emits the same DDL for both databases.
enum SQLIndex {
    static func create(_ name: String, on table: String, _ columns: [String], unique: Bool = false, in database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
