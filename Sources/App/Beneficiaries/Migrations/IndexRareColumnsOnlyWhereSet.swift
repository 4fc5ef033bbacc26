import Fluent
import SQLKit

/// Most records have no account, CIN, import, merge or Arabic name, yet every record wrote an entry in each of their
/// indexes: five of a forum registrant's ten index entries could never be found. These columns are only looked up by
/// value, so their indexes now hold the records that have one.
struct IndexRareColumnsOnlyWhereSet: AsyncMigration {
    private static let indexes: [(name: String, columns: [String], rare: String)] = [
        ("beneficiaries_user", ["user_id"], "user_id"),
        ("beneficiaries_cin", ["cin"], "cin"),
        ("beneficiaries_import_key", ["import_key"], "import_key"),
        ("beneficiaries_merged_into", ["merged_into_id"], "merged_into_id"),
        ("beneficiaries_name_key_ar", ["province_id", "name_key_ar"], "name_key_ar"),
    ]

    func prepare(on database: any Database) async throws {
        try await recreate(onlyWhereSet: true, on: database)
    }

    func revert(on database: any Database) async throws {
        try await recreate(onlyWhereSet: false, on: database)
    }

    /// In one transaction, so a failure leaves the indexes as they were; then fresh statistics for SQLite's planner,
    /// which would otherwise know nothing of the new indexes until the hourly upkeep. Not on PostgreSQL: its
    /// autovacuum keeps statistics, and an ANALYZE of a new, empty table records 0 rows, after which the foreign-key
    /// checks of a registration burst (plans kept per connection) read the whole table for every row inserted.
    private func recreate(onlyWhereSet: Bool, on database: any Database) async throws {
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            for index in Self.indexes {
                try await sql.drop(index: index.name).run()
                try await SQLIndex.create(index.name, on: "beneficiaries", index.columns, nonNull: onlyWhereSet ? index.rare : nil, in: database)
            }
        }
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("ANALYZE beneficiaries").run()
    }
}
