import Fluent
import SQLKit

/// Search by name fragment: one row per folded name word, its cross-script skeleton and (since `AddSearchTermPairs`)
/// each ordered pair of words, carrying the scope columns so an advisor's search is an index range inside their
/// structure, at any registry size. On SQLite `ClusterSearchRowsByPerson` later keys the table by person and term.
struct CreateBeneficiaryTerms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Prefix ranges compare bytes: PostgreSQL's default collation would order them by language rules instead.
        let term: DatabaseSchema.DataType = (database as? any SQLDatabase)?.dialect.name == "postgresql" ? .custom("TEXT COLLATE \"C\"") : .string
        try await database.schema("beneficiary_terms")
            .field("beneficiary_id", .int, .required, .references("beneficiaries", .id, onDelete: .cascade))
            .field("term", term, .required)
            .field("structure_id", .int)
            .field("region_id", .int, .required)
            .create()
        try await SQLIndex.create("beneficiary_terms_structure", on: "beneficiary_terms", ["structure_id", "term", "beneficiary_id"], in: database)
        try await SQLIndex.create("beneficiary_terms_region", on: "beneficiary_terms", ["region_id", "term", "beneficiary_id"], in: database)
        try await SQLIndex.create("beneficiary_terms_term", on: "beneficiary_terms", ["term", "beneficiary_id"], in: database)
        try await SQLIndex.create("beneficiary_terms_owner", on: "beneficiary_terms", ["beneficiary_id", "term"], in: database)
    }

    func revert(on database: any Database) async throws { try await database.schema("beneficiary_terms").delete() }
}
