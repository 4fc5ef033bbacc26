import Fluent
import SQLKit

/// Pair rows (`p:first second`) for the people registered before them, from their word rows: the same rows
/// `SearchTerms.of` writes, each ordered pair of two different words of one script.
struct AddSearchTermPairs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO beneficiary_terms (beneficiary_id, term, structure_id, region_id)
            SELECT f.beneficiary_id, \(bind: SearchTerms.pairPrefix) || substr(f.term, 3) || ' ' || substr(s.term, 3), f.structure_id, f.region_id
            FROM beneficiary_terms f JOIN beneficiary_terms s ON s.beneficiary_id = f.beneficiary_id AND s.term <> f.term
                AND substr(s.term, 1, 2) = substr(f.term, 1, 2)
            WHERE substr(f.term, 1, 2) IN ('w:', 'a:')
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM beneficiary_terms WHERE term >= 'p:' AND term < 'p;'").run()
    }
}
