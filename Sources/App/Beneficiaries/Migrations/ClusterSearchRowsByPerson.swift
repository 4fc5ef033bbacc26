import Fluent
import SQLKit

/// On SQLite, search rows become a table keyed by person and term (`WITHOUT ROWID`): the table and its index by
/// person were two copies of the same rows, and with pair rows a forum registration writes about eleven of them.
/// PostgreSQL always keeps a table apart from its indexes, so there a primary key would only rename the person index.
struct ClusterSearchRowsByPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await rebuild(keyedByPerson: true, on: database)
    }

    func revert(on database: any Database) async throws {
        try await rebuild(keyedByPerson: false, on: database)
    }

    private func rebuild(keyedByPerson: Bool, on database: any Database) async throws {
        guard (database as? any SQLDatabase)?.dialect.name == "sqlite" else { return }
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.raw("""
                CREATE TABLE beneficiary_terms_rebuilt (
                    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id) ON DELETE CASCADE,
                    term TEXT NOT NULL, structure_id INTEGER, region_id INTEGER NOT NULL\
                \(unsafeRaw: keyedByPerson ? ", PRIMARY KEY (beneficiary_id, term)) WITHOUT ROWID" : ")")
                """).run()
            try await sql.raw("""
                INSERT INTO beneficiary_terms_rebuilt (beneficiary_id, term, structure_id, region_id)
                SELECT DISTINCT beneficiary_id, term, structure_id, region_id FROM beneficiary_terms
                """).run()
            try await sql.raw("DROP TABLE beneficiary_terms").run()
            try await sql.raw("ALTER TABLE beneficiary_terms_rebuilt RENAME TO beneficiary_terms").run()
            try await SQLIndex.create("beneficiary_terms_structure", on: "beneficiary_terms", ["structure_id", "term", "beneficiary_id"], in: database)
            try await SQLIndex.create("beneficiary_terms_region", on: "beneficiary_terms", ["region_id", "term", "beneficiary_id"], in: database)
            try await SQLIndex.create("beneficiary_terms_term", on: "beneficiary_terms", ["term", "beneficiary_id"], in: database)
            if !keyedByPerson {
                try await SQLIndex.create("beneficiary_terms_owner", on: "beneficiary_terms", ["beneficiary_id", "term"], in: database)
            }
        }
        // A dropped table takes its planner statistics with it.
        try await (database as? any SQLDatabase)?.raw("ANALYZE beneficiary_terms").run()
    }
}
