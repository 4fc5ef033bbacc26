import Fluent
import SQLKit

/// Brings the digital check-up instrument to databases created before it shipped (new ones get it with the others).
struct AddDigitalCheckup: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase,
              let entry = try ShippedInstruments.load().first(where: { $0.code == DigitalCheckup.instrumentCode }) else { return }
        let present = try await sql.raw("SELECT id FROM instruments WHERE code = \(bind: entry.code)").first() != nil
        if !present { try await ShippedInstruments.insert(entry, on: sql) }
    }

    func revert(on database: any Database) async throws {}
}
